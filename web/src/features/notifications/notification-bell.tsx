import { ActionIcon, Indicator, Loader, Popover } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationPage } from '../../../../common/api/notifications';
import { apiGet } from '../../api/client';

// The list is loaded on first opening: the header stays small on every page.
const NotificationList = lazy(() => import('./notification-list'));

export const UNREAD_QUERY_KEY = ['notifications', 'unread'] as const;

/** The header's bell: the unread count, polled every minute, and the list in a popover. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const unread = useQuery({
    queryKey: UNREAD_QUERY_KEY,
    queryFn: () => apiGet<NotificationPage>('/api/notifications?pageSize=1&unread=true'),
    refetchInterval: 60_000,
  });
  const count = unread.data?.unreadCount ?? 0;
  const label = count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell');

  return (
    // The badge sits outside the popover's target so that the target's ARIA attributes land on the button.
    <Indicator label={count > 99 ? '99+' : count} size={16} disabled={count === 0} offset={4} color="red">
      <Popover opened={opened} onChange={(o) => (o ? undefined : close())} width={360} position="bottom-end" shadow="md">
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={toggle}
            aria-label={label}
            aria-expanded={opened}
            aria-haspopup="dialog"
            data-testid="notification-bell"
          >
            <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs" role="dialog" aria-label={t('notifications.title')}>
          {opened && (
            <Suspense fallback={<Loader size="sm" m="md" />}>
              <NotificationList onNavigate={close} />
            </Suspense>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

export default NotificationBell;
