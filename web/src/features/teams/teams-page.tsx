import { Badge, Button, Group, Modal, Paper, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../common/api/contracts';
import { TEAM_KINDS, type TeamKind } from '../../../../common/roles';
import { apiRequest } from '../../api/client';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { useListParams } from '../../components/list-state';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { SearchInput } from '../../components/search-input';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { TeamForm } from './team-form';
import { useCreateTeam, useTeams, useUpdateTeam } from './teams.api';

const PAGE_SIZE = 25;

export default function TeamsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const manages = can(user.role, 'teams.manage');
  const { page, values, update } = useListParams(['q', 'kind'] as const);
  const kind = (TEAM_KINDS as readonly string[]).includes(values.kind) ? (values.kind as TeamKind) : '';
  const teams = useTeams({ page, pageSize: PAGE_SIZE, q: values.q, kind });

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Team | null>(null);
  const create = useCreateTeam();
  const updateTeam = useUpdateTeam();

  function closeCreate() {
    setCreating(false);
    create.reset();
  }
  function closeEdit() {
    setEditing(null);
    updateTeam.reset();
  }
  async function reload(team: Team) {
    const { data } = await apiRequest<Team>(`/api/teams/${team.id}`);
    updateTeam.reset();
    setEditing(data);
  }

  const filtered = Boolean(values.q || kind);

  return (
    <>
      <PageHeader
        title={t('teams.title')}
        description={t('teams.description')}
        actions={manages && <Button onClick={() => setCreating(true)}>{t('teams.create')}</Button>}
      />
      <Paper withBorder p="md" radius="md">
        <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
          <SearchInput label={t('common.search')} value={values.q} onSearch={(q) => update({ q })} />
          <Select
            label={t('teams.fields.kind')}
            placeholder={t('common.all')}
            clearable
            data={TEAM_KINDS.map((value) => ({ value, label: t(`teamKinds.${value}`) }))}
            value={kind || null}
            onChange={(value) => update({ kind: value })}
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
        {teams.isPending ? (
          <TableSkeleton />
        ) : teams.isError ? (
          <ErrorAlert error={teams.error} onRetry={() => void teams.refetch()} />
        ) : teams.data.items.length === 0 ? (
          <EmptyState
            title={filtered ? t('common.noMatches') : t('teams.empty')}
            hint={filtered ? t('common.noMatchesHint') : manages ? t('teams.emptyHintAdmin') : t('teams.emptyHint')}
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('teams.fields.name')}</Table.Th>
                    <Table.Th>{t('teams.fields.kind')}</Table.Th>
                    <Table.Th>{t('teams.fields.region')}</Table.Th>
                    <Table.Th ta="right">{t('teams.fields.members')}</Table.Th>
                    {manages && (
                      <Table.Th>
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {teams.data.items.map((team) => (
                    <Table.Tr key={team.id}>
                      <Table.Td fw={500}>{team.name}</Table.Td>
                      <Table.Td>
                        <Badge
                          variant="dot"
                          color={team.kind === 'sales' ? 'teal' : team.kind === 'marketing' ? 'grape' : 'gray'}
                        >
                          {t(`teamKinds.${team.kind}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{team.region || <Text c="dimmed">–</Text>}</Table.Td>
                      <Table.Td ta="right">{format.number(team.memberCount)}</Table.Td>
                      {manages && (
                        <Table.Td ta="right">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setEditing(team)}
                            aria-label={t('teams.editNamed', { name: team.name })}
                          >
                            {t('common.edit')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <PaginationBar
              page={page}
              pageSize={PAGE_SIZE}
              total={teams.data.total}
              onChange={(next) => update({ page: next })}
            />
          </>
        )}
      </Paper>

      <Modal
        opened={creating}
        onClose={closeCreate}
        title={t('teams.create')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <TeamForm
          submitting={create.isPending}
          error={create.error}
          onCancel={closeCreate}
          onReload={closeCreate}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: (team) => {
                closeCreate();
                notify('success', t('teams.created', { name: team.name }));
              },
            })
          }
        />
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={closeEdit}
        title={t('teams.edit')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && (
          <TeamForm
            key={`${editing.id}-${editing.version}`}
            team={editing}
            submitting={updateTeam.isPending}
            error={updateTeam.error}
            onCancel={closeEdit}
            onReload={() => void reload(editing)}
            onSubmit={(input) =>
              updateTeam.mutate(
                { team: editing, input },
                {
                  onSuccess: (team) => {
                    closeEdit();
                    notify('success', t('teams.saved', { name: team.name }));
                  },
                },
              )
            }
          />
        )}
      </Modal>
    </>
  );
}
