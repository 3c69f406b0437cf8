import { Anchor, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ASSET_LANGUAGES, type AssetLanguage } from '../../../../common/api/assets';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { useListParams } from '../../components/list-state';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { SearchInput } from '../../components/search-input';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { AssetBadges, ReuseCount } from './asset-badges';
import { useAssets, useAssetTags } from './assets.api';

const PAGE_SIZE = 20;

const languageOf = (value: string): AssetLanguage | undefined =>
  (ASSET_LANGUAGES as readonly string[]).includes(value) ? (value as AssetLanguage) : undefined;

export default function AssetsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { page, values, update } = useListParams(['q', 'tag', 'language'] as const);
  const language = languageOf(values.language);
  const tags = useAssetTags();
  const assets = useAssets({
    page,
    pageSize: PAGE_SIZE,
    q: values.q || undefined,
    tag: values.tag || undefined,
    language,
  });
  const filtered = Boolean(values.q || values.tag || language);

  return (
    <>
      <PageHeader title={t('assets.title')} description={t('assets.intro')} />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <SearchInput label={t('assets.search')} value={values.q} onSearch={(q) => update({ q })} />
          <Select
            label={t('assets.fields.tag')}
            placeholder={t('common.all')}
            clearable
            searchable
            data={(tags.data ?? []).map((tag) => ({ value: tag.tag, label: `#${tag.tag} (${format.number(tag.count)})` }))}
            value={values.tag || null}
            onChange={(tag) => update({ tag })}
            w={{ base: '100%', xs: 220 }}
          />
          <Select
            label={t('assets.fields.language')}
            placeholder={t('common.all')}
            clearable
            data={ASSET_LANGUAGES.map((value) => ({ value, label: t(`assets.languages.${value}`) }))}
            value={language ?? null}
            onChange={(value) => update({ language: value })}
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
        {assets.isPending ? (
          <TableSkeleton />
        ) : assets.isError ? (
          <ErrorAlert error={assets.error} onRetry={() => void assets.refetch()} />
        ) : assets.data.items.length === 0 ? (
          <EmptyState
            title={filtered ? t('common.noMatches') : t('assets.empty')}
            hint={filtered ? t('common.noMatchesHint') : t('assets.emptyHint')}
          />
        ) : (
          <>
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="asset-list">
              {assets.data.items.map((asset) => (
                <Paper key={asset.id} component="li" withBorder p="sm" radius="md" data-testid="asset-card">
                  <Stack gap={6}>
                    <Anchor component={Link} to={`/library/${asset.id}`} fw={500}>
                      {asset.title}
                    </Anchor>
                    {asset.description && (
                      <Text size="sm" lineClamp={2}>
                        {asset.description}
                      </Text>
                    )}
                    <AssetBadges asset={asset} />
                    <Group gap="xs" wrap="wrap">
                      <Text size="xs" c="dimmed">
                        {asset.publisher
                          ? t('assets.publishedBy', { name: asset.publisher.name, date: format.dateTime(asset.createdAt) })
                          : format.dateTime(asset.createdAt)}
                      </Text>
                      <ReuseCount asset={asset} />
                    </Group>
                  </Stack>
                </Paper>
              ))}
            </Stack>
            <PaginationBar
              page={page}
              pageSize={PAGE_SIZE}
              total={assets.data.total}
              onChange={(next) => update({ page: next })}
            />
          </>
        )}
      </Stack>
    </>
  );
}
