import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  List,
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SessionResponse } from '../../../../common/api/contracts';
import type { Role } from '../../../../common/roles';
import { apiSend } from '../../api/client';
import { useAuth } from '../../app/auth';
import { errorText } from '../../components/errors';
import { usePageTitle } from '../../components/page-title';
import { emailAddress, LIMITS, newPassword, requiredText } from '../../components/validation';
import { currentLanguage } from '../../i18n';
import { signIn } from '../auth/auth.api';

interface DemoSetup {
  organisationName: string;
  password: string;
  logins: { role: Role; email: string; name: string }[];
}

export default function SetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.title'));
  const [demo, setDemo] = useState<DemoSetup | null>(null);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('setup.title')}</Title>
        <Text c="dimmed">{t('setup.intro')}</Text>
      </Stack>
      {demo ? (
        <DemoLogins demo={demo} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <CreateOrganisationCard />
          <DemoCard onCreated={setDemo} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function CreateOrganisationCard() {
  const { t } = useTranslation();
  const { acceptSession } = useAuth();
  const navigate = useNavigate();
  const form = useForm({
    mode: 'controlled',
    initialValues: { organisationName: '', adminName: '', adminEmail: '', password: '' },
    validate: {
      organisationName: requiredText(t, LIMITS.organisationName, 2),
      adminName: requiredText(t, LIMITS.personName),
      adminEmail: emailAddress(t),
      password: newPassword(t),
    },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      apiSend<SessionResponse>('POST', '/api/setup', {
        organisationName: values.organisationName.trim(),
        adminName: values.adminName.trim(),
        adminEmail: values.adminEmail.trim(),
        password: values.password,
        locale: currentLanguage(),
      }),
    onSuccess: (session) => {
      acceptSession(session);
      navigate('/', { replace: true });
    },
  });

  return (
    <Card withBorder shadow="sm" padding="lg" radius="md">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <Title order={2} size="h3">
            {t('setup.create.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('setup.create.intro')}
          </Text>
          {create.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, create.error)}
            </Alert>
          )}
          <TextInput
            label={t('setup.create.organisationName')}
            required
            autoComplete="organization"
            {...form.getInputProps('organisationName')}
            key={form.key('organisationName')}
          />
          <TextInput
            label={t('setup.create.adminName')}
            required
            autoComplete="name"
            {...form.getInputProps('adminName')}
            key={form.key('adminName')}
          />
          <TextInput
            label={t('setup.create.adminEmail')}
            type="email"
            required
            autoComplete="username"
            {...form.getInputProps('adminEmail')}
            key={form.key('adminEmail')}
          />
          <PasswordInput
            label={t('setup.create.password')}
            description={t('validation.passwordHint', { min: LIMITS.passwordMin })}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
            key={form.key('password')}
          />
          <Text size="xs" c="dimmed">
            {t('setup.create.languageHint')}
          </Text>
          <Button type="submit" loading={create.isPending} data-testid="setup-submit">
            {t('setup.create.submit')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function DemoCard({ onCreated }: { onCreated: (demo: DemoSetup) => void }) {
  const { t } = useTranslation();
  const create = useMutation({
    mutationFn: () => apiSend<DemoSetup>('POST', '/api/setup/demo'),
    onSuccess: onCreated,
  });
  return (
    <Card withBorder shadow="sm" padding="lg" radius="md">
      <Stack>
        <Title order={2} size="h3">
          {t('setup.demo.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('setup.demo.intro')}
        </Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('setup.demo.point1')}</List.Item>
          <List.Item>{t('setup.demo.point2')}</List.Item>
          <List.Item>{t('setup.demo.point3')}</List.Item>
        </List>
        {create.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorText(t, create.error)}
          </Alert>
        )}
        <Button variant="light" onClick={() => create.mutate()} loading={create.isPending} data-testid="setup-demo">
          {t('setup.demo.submit')}
        </Button>
      </Stack>
    </Card>
  );
}

function DemoLogins({ demo }: { demo: DemoSetup }) {
  const { t } = useTranslation();
  const { acceptSession, setNeedsSetup } = useAuth();
  const navigate = useNavigate();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function signInAs(email: string) {
    setPending(email);
    setError(null);
    try {
      acceptSession(await signIn(email, demo.password));
      navigate('/', { replace: true });
    } catch (caught) {
      setError(caught);
      setPending(null);
    }
  }

  return (
    <Card withBorder shadow="sm" padding="lg" radius="md">
      <Stack>
        <Title order={2} size="h3">
          {t('setup.demo.readyTitle', { organisation: demo.organisationName })}
        </Title>
        <Text size="sm">{t('setup.demo.readyIntro')}</Text>
        <Text size="sm">
          {t('setup.demo.password')} <Code className="nowrap">{demo.password}</Code>
        </Text>
        {error !== null && (
          <Alert color="red" variant="light" role="alert">
            {errorText(t, error)}
          </Alert>
        )}
        <Stack gap="xs" component="ul" className="plain-list" aria-label={t('setup.demo.loginsLabel')}>
          {demo.logins.map((login) => (
            <Paper key={login.email} component="li" withBorder radius="md" p="sm">
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Stack gap={0} miw={0}>
                  <Text size="xs" fw={700} tt="uppercase" c="indigo.9">
                    {t(`roles.${login.role}`)}
                  </Text>
                  <Text fw={500}>{login.name}</Text>
                  <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {login.email}
                  </Text>
                </Stack>
                <Button
                  size="sm"
                  loading={pending === login.email}
                  disabled={pending !== null && pending !== login.email}
                  onClick={() => void signInAs(login.email)}
                  aria-label={t('setup.demo.signInAs', { name: login.name, role: t(`roles.${login.role}`) })}
                >
                  {t('setup.demo.signIn')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
        <Button
          variant="default"
          onClick={() => {
            setNeedsSetup(false);
            navigate('/login', { replace: true });
          }}
        >
          {t('setup.demo.toLogin')}
        </Button>
      </Stack>
    </Card>
  );
}
