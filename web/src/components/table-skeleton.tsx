import { Skeleton, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A placeholder while a list loads. */
export function TableSkeleton({ rows = 6 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')} role="status">
      <Skeleton height={36} />
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={index} height={28} />
      ))}
    </Stack>
  );
}
