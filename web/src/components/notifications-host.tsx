import '@mantine/notifications/styles.css';
import { Notifications } from '@mantine/notifications';

/** Loaded after the first paint; `notifications.show()` calls made before it appears are queued by the store. */
export default function NotificationsHost() {
  return <Notifications position="top-right" zIndex={1000} />;
}
