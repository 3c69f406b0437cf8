import { Alert, Anchor, Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { errorText } from '../../components/errors';
import { usePageTitle } from '../../components/page-title';
import { emailAddress } from '../../components/validation';
import { signIn } from './auth.api';
import { safeNext } from './safe-next';

export default function LoginPage() {
  const { t } = useTranslation();
  const { user, acceptSession } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle(t('login.title'));

  const form = useForm({
    mode: 'controlled',
    initialValues: { email: params.get('email') ?? '', password: '' },
    validate: {
      email: emailAddress(t),
      password: (value) => (value.length === 0 ? t('validation.required') : null),
    },
  });

  if (user) return <Navigate to={safeNext(params.get('next'))} replace />;

  async function submit(values: typeof form.values) {
    setSubmitting(true);
    setError(null);
    try {
      const session = await signIn(values.email.trim(), values.password);
      acceptSession(session);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} radius="md" maw={420} mx="auto">
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t('login.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('login.intro')}
          </Text>
          {error !== null && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, error)}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
            key={form.key('email')}
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
            key={form.key('password')}
          />
          <Button type="submit" loading={submitting} data-testid="login-submit" fullWidth>
            {t('login.submit')}
          </Button>
          <Group justify="center">
            <Anchor component={Link} to="/forgot" size="sm">
              {t('login.forgot')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
