import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown when a save answered 412: someone else changed the record since it was opened. */
export function StaleAlert({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" role="alert" title={t('stale.title')}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('stale.text')}</Text>
        <Button size="xs" variant="default" onClick={onReload}>
          {t('stale.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}
