import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionResponse } from '../../../../common/api/contracts';
import type { Locale } from '../../../../common/roles';
import { apiSend } from '../../api/client';
import { useAuth, useUser } from '../../app/auth';
import { errorText } from '../../components/errors';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { LIMITS, newPassword, repeatedPassword, requiredText } from '../../components/validation';
import { NotificationPreferences } from '../notifications/notification-preferences';

export default function ProfilePage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <ProfileForm key={`${user.name}-${user.locale}`} />
        <PasswordForm />
      </SimpleGrid>
      <NotificationPreferences />
      <Text size="sm" c="dimmed" mt="lg">
        {t('profile.account', { email: user.email, role: t(`roles.${user.role}`), organisation: user.organisationName })}
      </Text>
    </>
  );
}

function ProfileForm() {
  const { t } = useTranslation();
  const user = useUser();
  const { acceptSession } = useAuth();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: user.name, locale: user.locale as Locale },
    validate: { name: requiredText(t, LIMITS.personName) },
  });
  const save = useMutation({
    mutationFn: (values: { name: string; locale: Locale }) => apiSend<SessionResponse>('PATCH', '/api/profile', values),
    onSuccess: (session) => {
      acceptSession(session);
      notify('success', t('profile.saved'));
    },
  });

  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={form.onSubmit((values) => save.mutate({ name: values.name.trim(), locale: values.locale }))} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {t('profile.personal')}
          </Title>
          {save.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, save.error)}
            </Alert>
          )}
          <TextInput
            label={t('profile.name')}
            required
            autoComplete="name"
            {...form.getInputProps('name')}
            key={form.key('name')}
          />
          <TextInput
            label={t('profile.email')}
            value={user.email}
            readOnly
            variant="filled"
            description={t('profile.emailHint')}
          />
          <NativeSelect
            label={t('profile.locale')}
            description={t('profile.localeHint')}
            data={[
              { value: 'de', label: 'Deutsch' },
              { value: 'en', label: 'English' },
            ]}
            {...form.getInputProps('locale')}
            key={form.key('locale')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const { acceptSession } = useAuth();
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      currentPassword: (value) => (value.length === 0 ? t('validation.required') : null),
      newPassword: newPassword(t),
      repeat: repeatedPassword(t, 'newPassword'),
    },
  });
  const change = useMutation({
    mutationFn: (values: { currentPassword: string; newPassword: string }) =>
      apiSend<SessionResponse>('POST', '/api/profile/password', values),
    onSuccess: (session) => {
      // The server rotates the session; the new CSRF token comes with the answer.
      acceptSession(session);
      form.reset();
      notify('success', t('profile.passwordChanged'));
    },
  });

  return (
    <Paper withBorder p="lg" radius="md">
      <form
        onSubmit={form.onSubmit((values) =>
          change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
        )}
        noValidate
      >
        <Stack>
          <Title order={2} size="h4">
            {t('profile.passwordTitle')}
          </Title>
          {change.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, change.error, { invalid_credentials: t('profile.currentPasswordWrong') })}
            </Alert>
          )}
          <PasswordInput
            label={t('profile.currentPassword')}
            required
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
            key={form.key('currentPassword')}
          />
          <PasswordInput
            label={t('profile.newPassword')}
            description={t('validation.passwordHint', { min: LIMITS.passwordMin })}
            required
            autoComplete="new-password"
            {...form.getInputProps('newPassword')}
            key={form.key('newPassword')}
          />
          <PasswordInput
            label={t('profile.repeatPassword')}
            required
            autoComplete="new-password"
            {...form.getInputProps('repeat')}
            key={form.key('repeat')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              {t('profile.changePassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
