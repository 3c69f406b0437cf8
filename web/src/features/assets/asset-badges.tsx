import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssetSummary } from '../../../../common/api/assets';

/** Kind, language and tags of an asset, as small badges. */
export function AssetBadges({ asset }: { asset: AssetSummary }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Badge variant="light" color="gray" size="sm">
        {t(`assets.kinds.${asset.kind}`)}
      </Badge>
      <Badge variant="light" color="blue" size="sm">
        {t(`assets.languages.${asset.language}`)}
      </Badge>
      {asset.tags.map((tag) => (
        <Badge key={tag} variant="outline" color="teal" c="dark.7" size="sm" tt="none">
          #{tag}
        </Badge>
      ))}
    </Group>
  );
}

export function ReuseCount({ asset }: { asset: Pick<AssetSummary, 'reuseCount' | 'reusedByMe'> }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed" data-testid="asset-reuse-count">
      {t('assets.reuseCount', { count: asset.reuseCount })}
      {asset.reusedByMe ? ` · ${t('assets.reusedByMe')}` : ''}
    </Text>
  );
}

/** Bytes as a short size for people. */
export function fileSize(bytes: number, locale: string): string {
  const format = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024)} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}

/**
 * The empty file field's text. FileInput shows its placeholder as a real element, where Mantine's
 * placeholder grey falls below 4.5:1, so the text brings its own darker grey.
 */
export function ChoosePlaceholder() {
  const { t } = useTranslation();
  return (
    <Text span size="sm" c="gray.7">
      {t('attachments.choose')}
    </Text>
  );
}
