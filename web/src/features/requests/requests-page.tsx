import { Anchor, Button, Group, MultiSelect, Paper, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RequestStatus } from '../../../../common/api/contracts';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { useListParams } from '../../components/list-state';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { SearchInput } from '../../components/search-input';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { PriorityBadge, RequestStatusBadge, SlaBadge, STATUSES, useTypeName } from './request-badges';
import { useMarketers, useRequests, useRequestTypes } from './requests.api';

const PAGE_SIZE = 50;

function parseStatuses(value: string): RequestStatus[] {
  return value.split(',').filter((status): status is RequestStatus => (STATUSES as string[]).includes(status));
}

export default function RequestsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const typeName = useTypeName();
  const user = useUser();
  const files = can(user.role, 'requests.file');
  const works = can(user.role, 'requests.work');
  const readsTeam = can(user.role, 'requests.read_team');
  const { page, values, update } = useListParams(['q', 'status', 'typeId', 'assigneeId', 'sort', 'scope'] as const);
  const statuses = parseStatuses(values.status);
  const sort = values.sort === 'due' || values.sort === 'sla' ? values.sort : 'created';
  // A rep sees their own requests; a lead may widen the view to the team.
  const scope = readsTeam && values.scope === 'team' ? 'team' : 'mine';
  const mine = files && scope === 'mine';
  // Whoever does not file requests sees the whole queue (requests.read_all), which may hold requests of
  // deactivated types: those stay in the filter, marked.
  const types = useRequestTypes({ includeInactive: !files });
  const marketers = useMarketers(can(user.role, 'people.read') && !files);
  const requests = useRequests({
    page,
    pageSize: PAGE_SIZE,
    statuses,
    typeId: values.typeId || undefined,
    assigneeId: values.assigneeId || undefined,
    q: values.q || undefined,
    mine,
    sort,
  });

  const assigneeOptions = [
    { value: 'unassigned', label: t('requests.unassigned') },
    ...(works ? [{ value: user.id, label: t('requests.assignedToMe') }] : []),
    ...(marketers.data ?? [])
      .filter((person) => person.id !== user.id)
      .map((person) => ({ value: person.id, label: person.name })),
  ];
  const filtered = Boolean(values.q || statuses.length || values.typeId || values.assigneeId);
  const title = files ? (mine ? t('requests.mineTitle') : t('requests.teamTitle')) : t('requests.queueTitle');

  return (
    <>
      <PageHeader
        title={title}
        description={files ? t('requests.mineDescription') : t('requests.queueDescription')}
        actions={
          files && (
            <Button component={Link} to="/requests/new" data-testid="new-request">
              {t('requests.new')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm" mb="md">
          {readsTeam && (
            <SegmentedControl
              aria-label={t('requests.scope')}
              value={scope}
              onChange={(value) => update({ scope: value === 'team' ? 'team' : null })}
              data={[
                { value: 'mine', label: t('requests.scopeMine') },
                { value: 'team', label: t('requests.scopeTeam') },
              ]}
              w={{ base: '100%', xs: 'auto' }}
              style={{ alignSelf: 'flex-start' }}
            />
          )}
          <Group align="flex-end" gap="sm" wrap="wrap">
            <SearchInput label={t('requests.search')} value={values.q} onSearch={(q) => update({ q })} />
            <MultiSelect
              label={t('requests.fields.status')}
              placeholder={statuses.length ? undefined : t('common.all')}
              clearable
              data={STATUSES.map((value) => ({ value, label: t(`requestStatus.${value}`) }))}
              value={statuses}
              onChange={(value) => update({ status: value.join(',') })}
              w={{ base: '100%', xs: 240 }}
              data-testid="filter-status"
            />
            <Select
              label={t('requests.fields.type')}
              placeholder={t('common.all')}
              clearable
              data={(types.data ?? []).map((type) => ({
                value: type.id,
                label: type.active ? typeName(type) : t('settings.requestTypes.inactiveOption', { name: typeName(type) }),
              }))}
              value={values.typeId || null}
              onChange={(value) => update({ typeId: value })}
              w={{ base: '100%', xs: 220 }}
            />
            {!files && (
              <Select
                label={t('requests.fields.assignee')}
                placeholder={t('common.all')}
                clearable
                searchable
                data={assigneeOptions}
                value={values.assigneeId || null}
                onChange={(value) => update({ assigneeId: value })}
                w={{ base: '100%', xs: 200 }}
              />
            )}
            <Select
              label={t('requests.sort')}
              allowDeselect={false}
              data={[
                { value: 'created', label: t('requests.sortCreated') },
                { value: 'due', label: t('requests.sortDue') },
                { value: 'sla', label: t('sla.sort') },
              ]}
              value={sort}
              onChange={(value) => update({ sort: value === 'due' || value === 'sla' ? value : null })}
              w={{ base: '100%', xs: 180 }}
            />
          </Group>
        </Stack>
        {requests.isPending ? (
          <TableSkeleton />
        ) : requests.isError ? (
          <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />
        ) : requests.data.items.length === 0 ? (
          <EmptyState
            title={filtered ? t('common.noMatches') : files ? t('requests.emptyMine') : t('requests.emptyQueue')}
            hint={filtered ? t('common.noMatchesHint') : files ? t('requests.emptyMineHint') : t('requests.emptyQueueHint')}
            action={
              files &&
              !filtered && (
                <Button component={Link} to="/requests/new" variant="light">
                  {t('requests.new')}
                </Button>
              )
            }
          />
        ) : (
          <>
            {/* On a phone each request is a card; from the sm breakpoint on, a table. */}
            <Stack gap="xs" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {requests.data.items.map((request) => (
                <Paper key={request.id} component="li" withBorder p="sm" radius="md" data-testid="request-card">
                  <Anchor component={Link} to={`/requests/${request.id}`} fw={500}>
                    #{request.number} {request.title}
                  </Anchor>
                  <Text size="xs" c="dimmed" mt={4}>
                    {typeName(request.type)}
                    {request.account && ` · ${request.account.name}`}
                  </Text>
                  <Group gap="xs" mt={6} wrap="wrap">
                    <RequestStatusBadge status={request.status} />
                    <PriorityBadge priority={request.priority} />
                    <SlaBadge sla={request.sla} />
                    <Text size="xs">
                      {request.dueOn ? t('requests.dueShort', { date: format.date(request.dueOn) }) : t('requests.noDueDate')}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {files ? (request.assignee?.name ?? t('requests.unassigned')) : request.requester.name}
                    </Text>
                  </Group>
                </Paper>
              ))}
            </Stack>
            <Table.ScrollContainer minWidth={860} visibleFrom="sm">
              <Table striped highlightOnHover verticalSpacing="sm" data-testid="requests-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('requests.fields.number')}</Table.Th>
                    <Table.Th>{t('requests.fields.title')}</Table.Th>
                    <Table.Th>{t('requests.fields.status')}</Table.Th>
                    <Table.Th>{t('requests.fields.priority')}</Table.Th>
                    <Table.Th>{t('requests.fields.requester')}</Table.Th>
                    <Table.Th>{t('requests.fields.assignee')}</Table.Th>
                    <Table.Th>{t('requests.fields.dueOn')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {requests.data.items.map((request) => (
                    <Table.Tr key={request.id} data-testid="request-row">
                      <Table.Td className="nowrap">#{request.number}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/requests/${request.id}`} fw={500}>
                          {request.title}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {typeName(request.type)}
                          {request.account && ` · ${request.account.name}`}
                        </Text>
                      </Table.Td>
                      <Table.Td className="nowrap">
                        <RequestStatusBadge status={request.status} />
                      </Table.Td>
                      <Table.Td className="nowrap">
                        {/* Stacked, so that the SLA state does not widen the column at the title's expense. */}
                        <Stack gap={4} align="flex-start">
                          <PriorityBadge priority={request.priority} />
                          <SlaBadge sla={request.sla} />
                        </Stack>
                      </Table.Td>
                      <Table.Td>{request.requester.name}</Table.Td>
                      <Table.Td>
                        {request.assignee?.name ?? (
                          <Text size="sm" c="dimmed">
                            {t('requests.unassigned')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td className="nowrap">
                        {request.dueOn ? (
                          format.date(request.dueOn)
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t('requests.noDueDate')}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <PaginationBar
              page={page}
              pageSize={PAGE_SIZE}
              total={requests.data.total}
              onChange={(next) => update({ page: next })}
            />
          </>
        )}
      </Paper>
    </>
  );
}
