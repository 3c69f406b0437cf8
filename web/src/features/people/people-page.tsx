import { ActionIcon, Badge, Button, Group, Menu, Modal, Paper, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Person } from '../../../../common/api/contracts';
import { PERSON_STATUSES, type PersonStatus, ROLES, type Role } from '../../../../common/roles';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { ConfirmDialog } from '../../components/confirm';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { ExportMenu } from '../../components/export-menu';
import { useListParams } from '../../components/list-state';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { SearchInput } from '../../components/search-input';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { useAllTeams } from '../teams/teams.api';
import {
  fetchPerson,
  type PersonAction,
  type PersonWithEtag,
  useCreatePerson,
  usePeople,
  usePersonAction,
  useUpdatePerson,
} from './people.api';
import { PersonForm } from './person-form';

const PAGE_SIZE = 25;

const STATUS_COLORS: Record<PersonStatus, string> = { active: 'green', invited: 'blue', deactivated: 'gray' };

export function StatusBadge({ status }: { status: PersonStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="dot" color={STATUS_COLORS[status]}>
      {t(`personStatus.${status}`)}
    </Badge>
  );
}

export default function PeoplePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const manages = can(user.role, 'people.manage');
  const { page, values, update } = useListParams(['q', 'role', 'teamId', 'status'] as const);
  const role = (ROLES as readonly string[]).includes(values.role) ? (values.role as Role) : '';
  const status = (PERSON_STATUSES as readonly string[]).includes(values.status) ? (values.status as PersonStatus) : '';
  const people = usePeople({ page, pageSize: PAGE_SIZE, q: values.q, role, teamId: values.teamId, status });
  const teams = useAllTeams();

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<PersonWithEtag | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ person: Person; action: 'deactivate' | 'reactivate' } | null>(null);
  const create = useCreatePerson();
  const updatePerson = useUpdatePerson();
  const act = usePersonAction();

  async function openEditor(id: string) {
    setOpening(id);
    try {
      updatePerson.reset();
      setEditing(await fetchPerson(id));
    } catch (error) {
      notify('error', errorText(t, error));
    } finally {
      setOpening(null);
    }
  }

  function closeCreate() {
    setCreating(false);
    create.reset();
  }
  function closeEdit() {
    setEditing(null);
    updatePerson.reset();
  }

  function runAction(person: Person, action: PersonAction) {
    act.mutate(
      { id: person.id, action },
      {
        onSuccess: () => {
          setConfirming(null);
          notify('success', t(`people.actionDone.${action}`, { name: person.name }));
        },
        onError: (error) => {
          setConfirming(null);
          notify('error', errorText(t, error));
        },
      },
    );
  }

  const filtered = Boolean(values.q || role || values.teamId || status);

  return (
    <>
      <PageHeader
        title={t('people.title')}
        description={t('people.description')}
        actions={
          manages && (
            <>
              <ExportMenu href="/api/people/export.csv" />
              <Button component={Link} to="/people/import" variant="default">
                {t('common.importCsv')}
              </Button>
              <Button onClick={() => setCreating(true)}>{t('people.create')}</Button>
            </>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
          <SearchInput label={t('people.search')} value={values.q} onSearch={(q) => update({ q })} />
          <Select
            label={t('people.fields.role')}
            placeholder={t('common.all')}
            clearable
            data={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
            value={role || null}
            onChange={(value) => update({ role: value })}
            w={{ base: '100%', xs: 190 }}
          />
          <Select
            label={t('people.fields.team')}
            placeholder={t('common.all')}
            clearable
            searchable
            nothingFoundMessage={t('common.nothingFound')}
            data={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
            value={values.teamId || null}
            onChange={(value) => update({ teamId: value })}
            w={{ base: '100%', xs: 190 }}
          />
          <Select
            label={t('people.fields.status')}
            placeholder={t('common.all')}
            clearable
            data={PERSON_STATUSES.map((value) => ({ value, label: t(`personStatus.${value}`) }))}
            value={status || null}
            onChange={(value) => update({ status: value })}
            w={{ base: '100%', xs: 160 }}
          />
        </Group>
        {people.isPending ? (
          <TableSkeleton />
        ) : people.isError ? (
          <ErrorAlert error={people.error} onRetry={() => void people.refetch()} />
        ) : people.data.items.length === 0 ? (
          <EmptyState
            title={filtered ? t('common.noMatches') : t('people.empty')}
            hint={filtered ? t('common.noMatchesHint') : manages ? t('people.emptyHintAdmin') : t('people.emptyHint')}
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('people.fields.name')}</Table.Th>
                    <Table.Th>{t('people.fields.role')}</Table.Th>
                    <Table.Th>{t('people.fields.team')}</Table.Th>
                    <Table.Th>{t('people.fields.startDate')}</Table.Th>
                    <Table.Th>{t('people.fields.status')}</Table.Th>
                    {manages && (
                      <Table.Th>
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.data.items.map((person) => (
                    <Table.Tr key={person.id}>
                      <Table.Td>
                        <Text fw={500} size="sm">
                          {person.name}
                        </Text>
                        <Text c="dimmed" size="xs">
                          {person.email}
                        </Text>
                      </Table.Td>
                      <Table.Td className="nowrap">{t(`roles.${person.role}`)}</Table.Td>
                      <Table.Td>
                        {person.teamName ?? <Text c="dimmed">–</Text>}
                        {person.region && (
                          <Text c="dimmed" size="xs">
                            {person.region}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td className="nowrap">{person.startDate ? format.date(person.startDate) : '–'}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={person.status} />
                      </Table.Td>
                      {manages && (
                        <Table.Td ta="right">
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon
                                variant="default"
                                size="lg"
                                aria-label={t('people.actionsFor', { name: person.name })}
                                loading={opening === person.id}
                              >
                                <span aria-hidden="true">⋯</span>
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => void openEditor(person.id)}>{t('common.edit')}</Menu.Item>
                              {person.status === 'invited' && (
                                <Menu.Item onClick={() => runAction(person, 'invite')}>{t('people.resendInvitation')}</Menu.Item>
                              )}
                              {person.status === 'deactivated' ? (
                                <Menu.Item onClick={() => setConfirming({ person, action: 'reactivate' })}>
                                  {t('people.reactivate')}
                                </Menu.Item>
                              ) : (
                                <Menu.Item color="red.8" onClick={() => setConfirming({ person, action: 'deactivate' })}>
                                  {t('people.deactivate')}
                                </Menu.Item>
                              )}
                            </Menu.Dropdown>
                          </Menu>
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
              total={people.data.total}
              onChange={(next) => update({ page: next })}
            />
          </>
        )}
      </Paper>

      <Modal
        opened={creating}
        onClose={closeCreate}
        title={t('people.create')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <PersonForm
          submitting={create.isPending}
          error={create.error}
          onCancel={closeCreate}
          onReload={closeCreate}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: (person) => {
                closeCreate();
                notify(
                  'success',
                  input.sendInvitation
                    ? t('people.createdInvited', { name: person.name })
                    : t('people.created', { name: person.name }),
                );
              },
            })
          }
        />
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={closeEdit}
        title={t('people.edit')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && (
          <PersonForm
            key={editing.etag}
            person={editing.person}
            submitting={updatePerson.isPending}
            error={updatePerson.error}
            onCancel={closeEdit}
            onReload={() => void openEditor(editing.person.id)}
            onSubmit={({ name, role, teamId, startDate, locale }) =>
              updatePerson.mutate(
                { id: editing.person.id, etag: editing.etag, input: { name, role, teamId, startDate, locale } },
                {
                  onSuccess: (person) => {
                    closeEdit();
                    notify('success', t('people.saved', { name: person.name }));
                  },
                },
              )
            }
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={confirming !== null}
        title={confirming ? t(`people.confirm.${confirming.action}Title`) : ''}
        message={confirming ? t(`people.confirm.${confirming.action}Text`, { name: confirming.person.name }) : ''}
        confirmLabel={confirming ? t(`people.${confirming.action}`) : ''}
        danger={confirming?.action === 'deactivate'}
        loading={act.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={() => confirming && runAction(confirming.person, confirming.action)}
      />
    </>
  );
}
