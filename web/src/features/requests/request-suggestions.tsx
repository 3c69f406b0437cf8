import { Anchor, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AssetSummary } from '../../../../common/api/assets';
import { errorText } from '../../components/errors';
import { notify } from '../../components/notify';
import { ReuseCount } from '../assets/asset-badges';
import { useReuse, useSuggestions } from '../assets/assets.api';
import { RequestStatusBadge } from './request-badges';

function SuggestedAsset({ asset }: { asset: AssetSummary }) {
  const { t } = useTranslation();
  const reuse = useReuse();
  const used = reuse.data?.data.reusedByMe ?? asset.reusedByMe;
  return (
    <Paper component="li" withBorder p="xs" radius="sm" data-testid="suggested-asset">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <div style={{ minWidth: 0, flex: '1 1 200px' }}>
          {/* A new tab keeps what the rep has typed so far. */}
          <Anchor component={Link} to={`/library/${asset.id}`} target="_blank" size="sm" fw={500}>
            {asset.title}
          </Anchor>
          <ReuseCount asset={{ reuseCount: reuse.data?.data.reuseCount ?? asset.reuseCount, reusedByMe: used }} />
        </div>
        <Button
          size="xs"
          variant="light"
          disabled={used}
          loading={reuse.isPending}
          onClick={() => {
            // Opened within the click itself, so that pop-up blockers let it through.
            const target = asset.kind === 'link' ? asset.url : `/api/assets/${asset.id}/file`;
            if (target) window.open(target, '_blank', 'noopener,noreferrer');
            reuse.mutate(
              { assetId: asset.id, via: 'suggestion' },
              {
                onSuccess: () => notify('success', t('assets.suggestions.used')),
                onError: (error) => notify('error', errorText(t, error)),
              },
            );
          }}
          data-testid="suggested-asset-use"
        >
          {used ? t('assets.usedAlready') : t('assets.suggestions.use')}
        </Button>
      </Group>
    </Paper>
  );
}

/** While a request is typed: earlier requests the rep may see and library assets that look alike. */
export function RequestSuggestions({ text }: { text: string }) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(text.trim(), 400);
  const suggestions = useSuggestions(debounced);
  const data = suggestions.data;
  const found = data && (data.requests.length > 0 || data.assets.length > 0);
  if (debounced.length < 3 || (!found && !suggestions.isFetching)) return <div aria-live="polite" />;

  return (
    <Paper withBorder p="md" radius="md" aria-live="polite" data-testid="suggestions">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={2} size="h5">
            {t('assets.suggestions.title')}
          </Title>
          {suggestions.isFetching && <Loader size="xs" role="status" aria-label={t('common.loading')} />}
        </Group>
        {suggestions.isError && (
          <Text size="sm" c="red.8">
            {errorText(t, suggestions.error)}
          </Text>
        )}
        {found && (
          <Text size="sm" c="dimmed">
            {t('assets.suggestions.hint')}
          </Text>
        )}
        {data && data.assets.length > 0 && (
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              {t('assets.suggestions.assets')}
            </Text>
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {data.assets.map((asset) => (
                <SuggestedAsset key={asset.id} asset={asset} />
              ))}
            </Stack>
          </Stack>
        )}
        {data && data.requests.length > 0 && (
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              {t('assets.suggestions.requests')}
            </Text>
            <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {data.requests.map((request) => (
                <Group key={request.id} component="li" gap="xs" wrap="wrap" data-testid="suggested-request">
                  <Anchor component={Link} to={`/requests/${request.id}`} target="_blank" size="sm">
                    #{request.number} {request.title}
                  </Anchor>
                  <RequestStatusBadge status={request.status} />
                </Group>
              ))}
            </Stack>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
