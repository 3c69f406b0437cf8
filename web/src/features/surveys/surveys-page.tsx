import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Cycle } from '../../../../common/api/surveys';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { ConfirmDialog } from '../../components/confirm';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { useListParams } from '../../components/list-state';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { useCycleTitle } from './cycle-title';
import { EditCycleModal } from './edit-cycle-form';
import { OpenCycleForm } from './open-cycle-form';
import { SurveySchedules } from './survey-schedules';
import { useCancelCycle, useCloseCycle, useCycles, useOpenCycle } from './surveys.api';

const PAGE_SIZE = 25;

function StatusBadge({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const open = cycle.status === 'open';
  const scheduled = cycle.status === 'scheduled';
  // Filled for "open": the light teal tint stays below 4.5:1 on a striped row.
  return (
    <Badge
      variant={open ? 'filled' : 'light'}
      color={open ? 'teal.9' : scheduled ? 'indigo' : 'gray'}
      c={open ? 'white' : scheduled ? 'indigo.9' : 'gray.9'}
      className="nowrap"
      style={{ flexShrink: 0 }}
    >
      {scheduled ? t('surveys.scheduled.status') : t(`surveys.status.${cycle.status}`)}
    </Badge>
  );
}

/** What a manager can do with a cycle from the list: close an open one, change or cancel a scheduled one. */
function CycleAction({
  cycle,
  onClose,
  onEdit,
  onCancel,
}: {
  cycle: Cycle;
  onClose: () => void;
  onEdit: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  if (cycle.status === 'open') {
    return (
      <Button size="xs" variant="default" onClick={onClose} aria-label={t('surveys.closeNamed', { title: titleOf(cycle) })}>
        {t('surveys.close')}
      </Button>
    );
  }
  if (cycle.status === 'scheduled') {
    return (
      <Group gap="xs" justify="flex-end" wrap="nowrap">
        <Button
          size="xs"
          variant="default"
          onClick={onEdit}
          aria-label={t('surveys.scheduled.edit.named', { title: titleOf(cycle) })}
          data-testid="edit-cycle"
        >
          {t('surveys.scheduled.edit.action')}
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={onCancel}
          aria-label={t('surveys.scheduled.cancelNamed', { title: titleOf(cycle) })}
          data-testid="cancel-cycle"
        >
          {t('surveys.scheduled.cancel')}
        </Button>
      </Group>
    );
  }
  return null;
}

/** The cycle's title, leading to its results. */
function CycleLink({ cycle, fw }: { cycle: Cycle; fw: number }) {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  return (
    <Anchor
      component={Link}
      to={`/surveys/${cycle.id}`}
      fw={fw}
      size="sm"
      title={t('surveys.results.viewNamed', { title: titleOf(cycle) })}
      data-testid="cycle-results-link"
    >
      {titleOf(cycle)}
    </Anchor>
  );
}

export default function SurveysPage() {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  const format = useFormat();
  const user = useUser();
  const manages = can(user.role, 'surveys.manage');
  const { page, update } = useListParams([] as const);
  const cycles = useCycles({ page, pageSize: PAGE_SIZE });
  const [opening, setOpening] = useState(false);
  const [closing, setClosing] = useState<Cycle | null>(null);
  const [cancelling, setCancelling] = useState<Cycle | null>(null);
  const [editing, setEditing] = useState<Cycle | null>(null);
  const openCycle = useOpenCycle();
  const cancelCycle = useCancelCycle();
  const closeCycle = useCloseCycle();
  const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 0 });

  function closeOpenForm() {
    setOpening(false);
    openCycle.reset();
  }

  return (
    <>
      <PageHeader
        title={t('surveys.title')}
        description={t('surveys.description')}
        actions={
          manages && (
            <Button onClick={() => setOpening(true)} data-testid="open-cycle">
              {t('surveys.open')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        {cycles.isPending ? (
          <TableSkeleton />
        ) : cycles.isError ? (
          <ErrorAlert error={cycles.error} onRetry={() => void cycles.refetch()} />
        ) : cycles.data.items.length === 0 ? (
          <EmptyState title={t('surveys.empty')} hint={manages ? t('surveys.emptyHintManager') : t('surveys.emptyHint')} />
        ) : (
          <>
            {/* On a phone, one card per cycle instead of a table that scrolls sideways. */}
            <Stack gap="sm" hiddenFrom="sm" data-testid="cycles-cards">
              {cycles.data.items.map((cycle) => (
                <Paper key={cycle.id} withBorder p="sm" radius="md" data-testid="cycle-card" data-status={cycle.status}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                    <Stack gap={2} miw={0}>
                      <CycleLink cycle={cycle} fw={600} />
                      <Text size="xs" c="dimmed">
                        {t(`surveys.forms.${cycle.form}`)} · {format.date(cycle.opensOn)} – {format.date(cycle.closesOn)}
                      </Text>
                    </Stack>
                    <StatusBadge cycle={cycle} />
                  </Group>
                  <Text size="sm" mt="xs">
                    {cycle.status === 'scheduled'
                      ? t('surveys.scheduled.for', { date: format.date(cycle.opensOn) })
                      : cycle.answered === null
                        ? t('surveys.invitedNotEnough', { invited: format.number(cycle.invited) })
                        : t('surveys.answeredOf', {
                            answered: format.number(cycle.answered),
                            invited: format.number(cycle.invited),
                            rate: cycle.responseRate === null ? '–' : percent.format(cycle.responseRate),
                          })}
                  </Text>
                  {manages && cycle.status !== 'closed' && (
                    <Group mt="xs">
                      <CycleAction
                        cycle={cycle}
                        onClose={() => setClosing(cycle)}
                        onEdit={() => setEditing(cycle)}
                        onCancel={() => setCancelling(cycle)}
                      />
                    </Group>
                  )}
                </Paper>
              ))}
            </Stack>
            <Table.ScrollContainer minWidth={760} visibleFrom="sm">
              <Table striped verticalSpacing="sm" data-testid="cycles-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('surveys.fields.title')}</Table.Th>
                    <Table.Th>{t('surveys.fields.period')}</Table.Th>
                    <Table.Th>{t('surveys.fields.status')}</Table.Th>
                    <Table.Th ta="right">{t('surveys.fields.invited')}</Table.Th>
                    <Table.Th ta="right">{t('surveys.fields.answered')}</Table.Th>
                    <Table.Th ta="right">{t('surveys.fields.responseRate')}</Table.Th>
                    {manages && (
                      <Table.Th>
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {cycles.data.items.map((cycle) => (
                    <Table.Tr key={cycle.id} data-testid="cycle-row" data-status={cycle.status}>
                      <Table.Td>
                        <Stack gap={2}>
                          <CycleLink cycle={cycle} fw={500} />
                          <Text size="xs" c="dimmed">
                            {t(`surveys.forms.${cycle.form}`)}
                            {cycle.withMirror ? ` · ${t('surveys.withMirrorShort')}` : ''}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {format.date(cycle.opensOn)} – {format.date(cycle.closesOn)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge cycle={cycle} />
                      </Table.Td>
                      <Table.Td ta="right">
                        {cycle.status === 'scheduled' ? (
                          <Text size="sm" c="dimmed">
                            {t('surveys.scheduled.for', { date: format.date(cycle.opensOn) })}
                          </Text>
                        ) : (
                          format.number(cycle.invited)
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        {cycle.status === 'scheduled' ? (
                          '–'
                        ) : cycle.answered === null ? (
                          <Text size="sm" c="dimmed">
                            {t('surveys.notEnoughYet')}
                          </Text>
                        ) : (
                          format.number(cycle.answered)
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{cycle.responseRate === null ? '–' : percent.format(cycle.responseRate)}</Table.Td>
                      {manages && (
                        <Table.Td ta="right">
                          <CycleAction
                            cycle={cycle}
                            onClose={() => setClosing(cycle)}
                            onEdit={() => setEditing(cycle)}
                            onCancel={() => setCancelling(cycle)}
                          />
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
              total={cycles.data.total}
              onChange={(next) => update({ page: next })}
            />
          </>
        )}
      </Paper>
      {manages && <SurveySchedules />}

      <Modal
        opened={opening}
        onClose={closeOpenForm}
        title={t('surveys.open')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <OpenCycleForm
          submitting={openCycle.isPending}
          error={openCycle.error}
          onCancel={closeOpenForm}
          onSubmit={(input) =>
            openCycle.mutate(input, {
              onSuccess: (cycle) => {
                closeOpenForm();
                notify(
                  'success',
                  cycle.status === 'scheduled'
                    ? t('surveys.scheduled.created', { title: titleOf(cycle), date: format.date(cycle.opensOn) })
                    : t('surveys.opened', { title: titleOf(cycle), count: cycle.invited }),
                );
              },
            })
          }
        />
      </Modal>
      <EditCycleModal cycle={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={closing !== null}
        title={t('surveys.closeTitle')}
        message={t('surveys.closeMessage', { title: closing ? titleOf(closing) : '' })}
        confirmLabel={t('surveys.closeConfirm')}
        danger
        loading={closeCycle.isPending}
        onClose={() => setClosing(null)}
        onConfirm={() => {
          if (!closing) return;
          closeCycle.mutate(closing, {
            onSuccess: (cycle) => {
              setClosing(null);
              notify('success', t('surveys.closed', { title: titleOf(cycle) }));
            },
            onError: (error) => {
              setClosing(null);
              notify('error', errorText(t, error));
            },
          });
        }}
      />
      <ConfirmDialog
        opened={cancelling !== null}
        title={t('surveys.scheduled.cancelTitle')}
        message={t('surveys.scheduled.cancelMessage', {
          title: cancelling ? titleOf(cancelling) : '',
          date: cancelling ? format.date(cancelling.opensOn) : '',
        })}
        confirmLabel={t('surveys.scheduled.cancelConfirm')}
        danger
        loading={cancelCycle.isPending}
        onClose={() => setCancelling(null)}
        onConfirm={() => {
          if (!cancelling) return;
          cancelCycle.mutate(cancelling, {
            onSuccess: () => {
              notify('success', t('surveys.scheduled.cancelled', { title: titleOf(cancelling) }));
              setCancelling(null);
            },
            onError: (error) => {
              setCancelling(null);
              notify('error', errorText(t, error, { cycle_not_scheduled: t('surveys.scheduled.alreadyOpened') }));
            },
          });
        }}
      />
    </>
  );
}
