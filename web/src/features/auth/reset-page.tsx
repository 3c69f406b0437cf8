import { Alert, Anchor, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText, isApiError } from '../../components/errors';
import { usePageTitle } from '../../components/page-title';
import { LIMITS, newPassword, repeatedPassword } from '../../components/validation';
import { confirmPasswordReset } from './auth.api';

export default function ResetPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  usePageTitle(t('reset.title'));
  const form = useForm({
    mode: 'controlled',
    initialValues: { password: '', repeat: '' },
    validate: { password: newPassword(t), repeat: repeatedPassword(t, 'password') },
  });
  const reset = useMutation({ mutationFn: (password: string) => confirmPasswordReset(token, password) });

  return (
    <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} radius="md" maw={420} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          {t('reset.title')}
        </Title>
        {reset.isSuccess ? (
          <>
            <Alert color="green" variant="light" role="status">
              {t('reset.done')}
            </Alert>
            <Button component={Link} to="/login">
              {t('reset.toLogin')}
            </Button>
          </>
        ) : (
          <form onSubmit={form.onSubmit((values) => reset.mutate(values.password))} noValidate>
            <Stack>
              <Text size="sm" c="dimmed">
                {t('reset.intro', { min: LIMITS.passwordMin })}
              </Text>
              {reset.isError && (
                <Alert color="red" variant="light" role="alert">
                  {errorText(t, reset.error)}
                  {isApiError(reset.error, 'token_invalid') && (
                    <>
                      {' '}
                      <Anchor component={Link} to="/forgot" size="sm">
                        {t('reset.requestNew')}
                      </Anchor>
                    </>
                  )}
                </Alert>
              )}
              <PasswordInput
                label={t('reset.password')}
                description={t('validation.passwordHint', { min: LIMITS.passwordMin })}
                autoComplete="new-password"
                required
                {...form.getInputProps('password')}
                key={form.key('password')}
              />
              <PasswordInput
                label={t('reset.repeat')}
                autoComplete="new-password"
                required
                {...form.getInputProps('repeat')}
                key={form.key('repeat')}
              />
              <Button type="submit" loading={reset.isPending} fullWidth>
                {t('reset.submit')}
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
