import { Anchor, Button, Grid, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { RequestDetail, RequestEvent, RequestStatus } from '../../../../common/api/contracts';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { ErrorAlert } from '../../components/error-alert';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { useFormat } from '../../i18n/format';
import { PublishAsset } from '../assets/publish-asset';
import { RequestActions } from './request-actions';
import { RequestAttachments } from './request-attachments';
import { PriorityBadge, RequestStatusBadge, SlaBadge, useTypeName } from './request-badges';
import { RequestComments } from './request-comments';
import { RequestRatingPanel } from './request-rating';
import { useMarketers, useRequest, useWatch } from './requests.api';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function eventText(t: TFunction, event: RequestEvent, names: Map<string, string>): string {
  const actor = event.actor?.name ?? t('requests.timeline.system');
  const details = event.details;
  switch (event.kind) {
    case 'created':
      return t('requests.timeline.created', { actor });
    case 'status_changed':
      return t('requests.timeline.statusChanged', {
        actor,
        from: t(`requestStatus.${details.from as RequestStatus}`),
        to: t(`requestStatus.${details.to as RequestStatus}`),
      });
    case 'assigned': {
      const to = typeof details.to === 'string' ? details.to : null;
      if (!to) return t('requests.timeline.unassigned', { actor });
      const name = names.get(to);
      return name ? t('requests.timeline.assigned', { actor, name }) : t('requests.timeline.assignedSomeone', { actor });
    }
    case 'commented':
      return details.visibility === 'internal'
        ? t('requests.timeline.commentedInternal', { actor })
        : t('requests.timeline.commented', { actor });
    case 'rated':
      return details.changed ? t('rating.timeline.changed', { actor }) : t('rating.timeline.rated', { actor });
    default:
      return event.kind;
  }
}

function Timeline({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const marketers = useMarketers(can(user.role, 'requests.work'));
  // Assignment events carry ids; names come from what this person may see.
  const names = new Map<string, string>((marketers.data ?? []).map((person) => [person.id, person.name]));
  if (request.assignee) names.set(request.assignee.id, request.assignee.name);
  names.set(request.requester.id, request.requester.name);
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('requests.timeline.title')}
      </Title>
      <Stack gap={6} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="timeline">
        {request.timeline.map((event) => (
          <li key={event.id}>
            <Text size="sm">{eventText(t, event, names)}</Text>
            {typeof event.details.reason === 'string' && (
              <Text size="sm" c="dimmed" className="mail-text">
                {t('requests.timeline.reason', { reason: event.details.reason })}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {format.dateTime(event.at)}
            </Text>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

function WatchButton({ request }: { request: RequestDetail }) {
  const { t } = useTranslation();
  const watch = useWatch(request.id);
  return (
    <Group gap="xs" wrap="wrap">
      <Button
        variant="default"
        size="xs"
        aria-pressed={request.watching}
        loading={watch.isPending}
        onClick={() =>
          watch.mutate(!request.watching, {
            onSuccess: ({ data }) => notify('success', data.watching ? t('requests.watch.on') : t('requests.watch.off')),
            onError: (error) => notify('error', errorText(t, error)),
          })
        }
        data-testid="watch-toggle"
      >
        {request.watching ? t('requests.watch.stop') : t('requests.watch.start')}
      </Button>
      <Text size="xs" c="dimmed">
        {t('requests.watch.count', { count: request.watchers.length })}
      </Text>
    </Group>
  );
}

function DetailSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')} role="status">
      <Skeleton height={36} width="60%" />
      <Skeleton height={120} />
      <Skeleton height={200} />
    </Stack>
  );
}

/** A deliverable exists once the request is delivered; the server refuses earlier publishing too. */
const PUBLISHABLE: RequestStatus[] = ['delivered', 'closed'];

export default function RequestDetailPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const typeName = useTypeName();
  const { id = '' } = useParams();
  const detail = useRequest(id);

  if (detail.isPending) return <DetailSkeleton />;
  if (detail.isError) {
    return (
      <Stack>
        <PageHeader title={t('requests.detail.notFoundTitle')} />
        <ErrorAlert
          error={detail.error}
          onRetry={isApiError(detail.error, 'not_found') ? undefined : () => void detail.refetch()}
        />
        <Anchor component={Link} to="/requests">
          {t('requests.detail.back')}
        </Anchor>
      </Stack>
    );
  }

  const { request, etag } = detail.data;
  return (
    <>
      <Anchor component={Link} to="/requests" size="sm">
        {t('requests.detail.back')}
      </Anchor>
      <PageHeader title={`#${request.number} ${request.title}`} />
      <Group gap="xs" mt={-8} mb="md" wrap="wrap">
        <RequestStatusBadge status={request.status} testId="request-status" />
        <PriorityBadge priority={request.priority} />
        <SlaBadge sla={request.sla} showOnTrack />
      </Group>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm">
                <Fact label={t('requests.fields.type')}>{typeName(request.type)}</Fact>
                <Fact label={t('requests.fields.requester')}>{request.requester.name}</Fact>
                <Fact label={t('requests.fields.assignee')}>{request.assignee?.name ?? t('requests.unassigned')}</Fact>
                <Fact label={t('requests.fields.dueOn')}>
                  {request.dueOn ? format.date(request.dueOn) : t('requests.noDueDate')}
                </Fact>
                <Fact label={t('requests.fields.account')}>{request.account?.name ?? t('requests.noAccount')}</Fact>
                <Fact label={t('requests.fields.createdAt')}>{format.dateTime(request.createdAt)}</Fact>
                {request.sla?.firstResponse && (
                  <Fact label={t('sla.firstResponseDue')}>
                    {request.sla.firstResponse.state === 'met'
                      ? t('sla.state.met')
                      : request.sla.firstResponse.dueAt
                        ? format.dateTime(request.sla.firstResponse.dueAt)
                        : t('sla.paused')}
                  </Fact>
                )}
                {request.sla?.resolution && (
                  <Fact label={t('sla.resolutionDue')}>
                    {request.sla.resolution.dueAt ? format.dateTime(request.sla.resolution.dueAt) : t('sla.paused')}
                  </Fact>
                )}
              </SimpleGrid>
              {request.declineReason && (
                <Text size="sm" mt="sm">
                  <strong>{t('requests.fields.declineReason')}:</strong> {request.declineReason}
                </Text>
              )}
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Title order={2} size="h4" mb="xs">
                {t('requests.fields.description')}
              </Title>
              {request.description ? (
                <Text size="sm" className="mail-text">
                  {request.description}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('requests.detail.noDescription')}
                </Text>
              )}
            </Paper>
            <Paper withBorder p="md" radius="md">
              <RequestAttachments request={request} />
            </Paper>
            <RequestRatingPanel request={request} />
            <Paper withBorder p="md" radius="md">
              <RequestComments request={request} />
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Timeline request={request} />
            </Paper>
          </Stack>
        </Grid.Col>
        {/* The next step comes first on a phone and sits beside the request on a wide screen. */}
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: -1, md: 2 }}>
          <Paper withBorder p="md" radius="md">
            <Stack gap="md">
              <RequestActions request={request} etag={etag} onReload={() => void detail.refetch()} />
              <WatchButton request={request} />
              {PUBLISHABLE.includes(request.status) && can(user.role, 'assets.publish') && <PublishAsset request={request} />}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
