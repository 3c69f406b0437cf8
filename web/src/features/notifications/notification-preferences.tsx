import { Alert, Checkbox, Paper, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { NotificationPreference } from '../../../../common/api/notifications';
import { apiGet, apiSend } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';

const QUERY_KEY = ['notifications', 'preferences'] as const;

/** Per kind: in the app and by e-mail. Each change is saved at once. */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const preferences = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => apiGet<NotificationPreference[]>('/api/notifications/preferences'),
  });
  const save = useMutation({
    mutationFn: (preference: NotificationPreference) =>
      apiSend<NotificationPreference[]>('PUT', '/api/notifications/preferences', { preferences: [preference] }),
    onSuccess: (saved) => queryClient.setQueryData(QUERY_KEY, saved),
  });

  return (
    <Paper withBorder p="lg" radius="md" mt="lg">
      <Title order={2} size="h4" mb="xs">
        {t('notifications.preferences.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('notifications.preferences.description')}
      </Text>
      {save.isError && (
        <Alert color="red" variant="light" role="alert" mb="sm">
          {errorText(t, save.error)}
        </Alert>
      )}
      {preferences.isPending ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : preferences.isError ? (
        <ErrorAlert error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('notifications.preferences.kind')}</Table.Th>
              <Table.Th>{t('notifications.preferences.inApp')}</Table.Th>
              <Table.Th>{t('notifications.preferences.email')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preferences.data.map((p) => {
              const name = t(`notifications.kindNames.${p.kind}`);
              return (
                <Table.Tr key={p.kind}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    <Checkbox
                      checked={p.inApp}
                      aria-label={`${name}: ${t('notifications.preferences.inApp')}`}
                      onChange={(e) => save.mutate({ ...p, inApp: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      checked={p.email}
                      aria-label={`${name}: ${t('notifications.preferences.email')}`}
                      onChange={(e) => save.mutate({ ...p, email: e.currentTarget.checked })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
