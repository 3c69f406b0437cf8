import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../components/errors';
import { usePageTitle } from '../../components/page-title';
import { emailAddress } from '../../components/validation';
import { requestPasswordReset } from './auth.api';

export default function ForgotPage() {
  const { t } = useTranslation();
  usePageTitle(t('forgot.title'));
  const form = useForm({ mode: 'controlled', initialValues: { email: '' }, validate: { email: emailAddress(t) } });
  const request = useMutation({ mutationFn: (email: string) => requestPasswordReset(email) });

  return (
    <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} radius="md" maw={420} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          {t('forgot.title')}
        </Title>
        {request.isSuccess ? (
          <Alert color="green" variant="light" role="status" title={t('forgot.sentTitle')}>
            {t('forgot.sent')}
          </Alert>
        ) : (
          <form onSubmit={form.onSubmit((values) => request.mutate(values.email.trim()))} noValidate>
            <Stack>
              <Text size="sm" c="dimmed">
                {t('forgot.intro')}
              </Text>
              {request.isError && (
                <Alert color="red" variant="light" role="alert">
                  {errorText(t, request.error, { too_many_attempts: t('forgot.tooMany') })}
                </Alert>
              )}
              <TextInput
                label={t('forgot.email')}
                type="email"
                autoComplete="username"
                required
                {...form.getInputProps('email')}
                key={form.key('email')}
              />
              <Button type="submit" loading={request.isPending} fullWidth>
                {t('forgot.submit')}
              </Button>
            </Stack>
          </form>
        )}
        <Group justify="center">
          <Anchor component={Link} to="/login" size="sm">
            {t('forgot.back')}
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}
