import { Anchor, Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { useFormat } from '../../i18n/format';
import { AssetBadges, fileSize, ReuseCount } from './asset-badges';
import { useAsset, useReuse } from './assets.api';

export default function AssetDetailPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const asset = useAsset(id);
  const reuse = useReuse();

  if (asset.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')} role="status">
        <Skeleton height={36} width="60%" />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (asset.isError) {
    return (
      <Stack>
        <PageHeader title={t('assets.notFoundTitle')} />
        <ErrorAlert error={asset.error} onRetry={isApiError(asset.error, 'not_found') ? undefined : () => void asset.refetch()} />
        <Anchor component={Link} to="/library">
          {t('assets.back')}
        </Anchor>
      </Stack>
    );
  }

  const item = asset.data;
  const count = (via: 'used' | 'opened') =>
    reuse.mutate(
      { assetId: item.id, via },
      {
        onSuccess: () => {
          if (via === 'used') notify('success', t('assets.reuseThanks'));
        },
        onError: (error) => notify('error', errorText(t, error)),
      },
    );

  return (
    <>
      <Anchor component={Link} to="/library" size="sm">
        {t('assets.back')}
      </Anchor>
      <PageHeader title={item.title} />
      <Paper withBorder p="md" radius="md" maw={860}>
        <Stack gap="md">
          <AssetBadges asset={item} />
          {item.description ? (
            <Text size="sm" className="mail-text">
              {item.description}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('assets.noDescription')}
            </Text>
          )}
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {item.publisher
                ? t('assets.publishedBy', { name: item.publisher.name, date: format.dateTime(item.createdAt) })
                : format.dateTime(item.createdAt)}
            </Text>
            {item.request && (
              <Text size="sm">
                {t('assets.fromRequest')}{' '}
                <Anchor component={Link} to={`/requests/${item.request.id}`}>
                  #{item.request.number} {item.request.title}
                </Anchor>
              </Text>
            )}
            <ReuseCount asset={item} />
          </Stack>
          <Group gap="sm" wrap="wrap">
            {item.kind === 'link' && item.url && (
              <Button
                component="a"
                href={item.url}
                target="_blank"
                rel="noopener noreferrer"
                onClick={() => count('opened')}
                data-testid="asset-open"
              >
                {t('assets.openLink')}
              </Button>
            )}
            {item.kind === 'file' && item.file && (
              <Button
                component="a"
                href={`/api/assets/${item.id}/file`}
                onClick={() => count('opened')}
                data-testid="asset-download"
              >
                {t('assets.download', { name: item.file.fileName, size: fileSize(item.file.sizeBytes, i18n.language) })}
              </Button>
            )}
            <Button
              variant="light"
              onClick={() => count('used')}
              disabled={item.reusedByMe}
              loading={reuse.isPending}
              data-testid="asset-used"
            >
              {item.reusedByMe ? t('assets.usedAlready') : t('assets.markUsed')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Text size="sm" c="dimmed" mt="md" maw={860}>
        {t('assets.reuseExplained')}
      </Text>
    </>
  );
}
