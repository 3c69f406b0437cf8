import { Anchor, Button, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Notification, NotificationPage } from '../../../../common/api/notifications';
import { apiGet, apiSend } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { useFormat } from '../../i18n/format';
import { useCycleTitle } from '../surveys/cycle-title';

const LIST_QUERY_KEY = ['notifications', 'list'] as const;

function useRelativeTime() {
  const { i18n } = useTranslation();
  const format = new Intl.RelativeTimeFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'de-DE', { numeric: 'auto' });
  return (iso: string) => {
    const seconds = (Date.parse(iso) - Date.now()) / 1000;
    const steps: [Intl.RelativeTimeFormatUnit, number][] = [
      ['day', 86_400],
      ['hour', 3_600],
      ['minute', 60],
    ];
    for (const [unit, size] of steps) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
    return format.format(0, 'minute');
  };
}

/** Where a notification leads and what it says, in the reader's language. */
function useNotificationView() {
  const { t } = useTranslation();
  const cycleTitle = useCycleTitle();
  const format = useFormat();
  return (n: Notification): { to: string; text: string } => {
    const payload = n.payload;
    if ('cycleId' in payload) {
      // To the person's own open surveys on the start page: the personal answering link is never in a notification.
      return {
        to: '/',
        text: t(`notifications.kinds.${n.kind}`, { title: cycleTitle(payload), date: format.date(payload.closesOn) }),
      };
    }
    return {
      to: `/requests/${payload.requestId}`,
      text: t(`notifications.kinds.${n.kind}`, {
        number: payload.number,
        title: payload.title,
        actor: payload.actorName ?? '',
        status: payload.to ? t(`requestStatus.${payload.to}`) : '',
      }),
    };
  };
}

export default function NotificationList({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const relative = useRelativeTime();
  const viewOf = useNotificationView();
  const list = useQuery({
    queryKey: LIST_QUERY_KEY,
    queryFn: () => apiGet<NotificationPage>('/api/notifications?pageSize=20'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (id: string) => apiSend<Notification>('POST', `/api/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => apiSend('POST', '/api/notifications/read-all'),
    onSuccess: refresh,
  });

  if (list.isPending) return <Text size="sm">{t('common.loading')}</Text>;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>{t('notifications.title')}</Text>
        {list.data.unreadCount > 0 && (
          <Button size="compact-xs" variant="subtle" onClick={() => markAll.mutate()} loading={markAll.isPending}>
            {t('notifications.markAllRead')}
          </Button>
        )}
      </Group>
      {list.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('notifications.empty')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420}>
          <Stack gap={4} component="ul" className="plain-list" data-testid="notification-list">
            {list.data.items.map((n) => {
              const view = viewOf(n);
              return (
                <Group
                  key={n.id}
                  component="li"
                  wrap="nowrap"
                  align="flex-start"
                  gap="xs"
                  p={6}
                  bg={n.readAt ? undefined : 'indigo.0'}
                >
                  <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                    <Anchor
                      component={Link}
                      to={view.to}
                      size="sm"
                      fw={n.readAt ? 400 : 600}
                      onClick={() => {
                        if (!n.readAt) markRead.mutate(n.id);
                        onNavigate();
                      }}
                    >
                      {view.text}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {relative(n.createdAt)}
                    </Text>
                  </Stack>
                  {!n.readAt && (
                    <UnstyledButton onClick={() => markRead.mutate(n.id)} fz="xs" c="indigo.8">
                      {t('notifications.markRead')}
                    </UnstyledButton>
                  )}
                </Group>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
