import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { errorText } from './errors';

/** Shown when the server does not answer at start. */
export function StartError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder p="xl" maw={420} w="100%">
        <Stack>
          <Title order={1} size="h3">
            {t('start.errorTitle')}
          </Title>
          <Text>{errorText(t, error)}</Text>
          <Button onClick={onRetry}>{t('common.retry')}</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
