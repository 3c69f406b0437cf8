import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/** A short confirmation or error toast; its close button gets an accessible name. */
export function notify(kind: 'success' | 'error', message: string) {
  notifications.show({
    color: kind === 'success' ? 'green' : 'red',
    message,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}
