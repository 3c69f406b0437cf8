import { Alert, Anchor, Button, Group, Paper, PasswordInput, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { apiGet } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { usePageTitle } from '../../components/page-title';
import { LIMITS, newPassword, repeatedPassword } from '../../components/validation';
import { applyLanguage } from '../../i18n';
import { acceptInvitation, type InvitationInfo } from './auth.api';

export default function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const { acceptSession } = useAuth();
  usePageTitle(t('invite.title'));

  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => apiGet<InvitationInfo>(`/api/auth/invitations/${encodeURIComponent(token)}`),
  });

  // The admin chose the invitee's language; show the page in it once.
  const languageApplied = useRef(false);
  useEffect(() => {
    if (invitation.data && !languageApplied.current) {
      languageApplied.current = true;
      void applyLanguage(invitation.data.locale);
    }
  }, [invitation.data]);

  const form = useForm({
    mode: 'controlled',
    initialValues: { password: '', repeat: '' },
    validate: { password: newPassword(t), repeat: repeatedPassword(t, 'password') },
  });
  const accept = useMutation({
    mutationFn: (password: string) => acceptInvitation(token, password),
    onSuccess: (session) => {
      acceptSession(session);
      navigate('/', { replace: true });
    },
  });

  return (
    <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} radius="md" maw={460} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          {t('invite.title')}
        </Title>
        {invitation.isPending && (
          <Stack gap="sm" role="status" aria-label={t('common.loading')}>
            <Skeleton height={20} />
            <Skeleton height={36} />
            <Skeleton height={36} />
          </Stack>
        )}
        {invitation.isError && (
          <>
            <ErrorAlert error={invitation.error} onRetry={() => void invitation.refetch()} />
            <Text size="sm">{t('invite.askAgain')}</Text>
          </>
        )}
        {invitation.data && (
          <form onSubmit={form.onSubmit((values) => accept.mutate(values.password))} noValidate>
            <Stack>
              <Text>{t('invite.intro', { name: invitation.data.name, organisation: invitation.data.organisationName })}</Text>
              {accept.isError && (
                <Alert color="red" variant="light" role="alert">
                  {errorText(t, accept.error)}
                </Alert>
              )}
              <TextInput
                label={t('invite.email')}
                value={invitation.data.email}
                readOnly
                variant="filled"
                autoComplete="username"
              />
              <PasswordInput
                label={t('invite.password')}
                description={t('validation.passwordHint', { min: LIMITS.passwordMin })}
                autoComplete="new-password"
                required
                {...form.getInputProps('password')}
                key={form.key('password')}
              />
              <PasswordInput
                label={t('invite.repeat')}
                autoComplete="new-password"
                required
                {...form.getInputProps('repeat')}
                key={form.key('repeat')}
              />
              <Button type="submit" loading={accept.isPending} data-testid="invite-submit" fullWidth>
                {t('invite.submit')}
              </Button>
            </Stack>
          </form>
        )}
        <Group justify="center">
          <Anchor component={Link} to="/login" size="sm">
            {t('invite.haveAccount')}
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}
