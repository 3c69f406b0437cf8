import { Alert, Anchor, Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  BREAKDOWN_ATTRIBUTES,
  type BreakdownAttribute,
  type Cycle,
  type CycleResults,
  MAX_REMINDERS,
  type ResultsQuery,
} from '../../../../common/api/surveys';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { ConfirmDialog } from '../../components/confirm';
import { ErrorAlert } from '../../components/error-alert';
import { errorText, isApiError } from '../../components/errors';
import { useListParams } from '../../components/list-state';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { useFormat } from '../../i18n/format';
import { useCycleTitle } from './cycle-title';
import { groupLabel } from './results-format';
import { Breakdowns, Comments, DriverScores, ResultsSummary, StatementScores } from './results-sections';
import { useCloseCycle, useCycle, useCycleComments, useCycleResults, useSalesTeams, useSendReminders } from './surveys.api';

function ResultsSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')} role="status">
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <Skeleton height={96} />
        <Skeleton height={96} />
        <Skeleton height={96} />
      </SimpleGrid>
      <Skeleton height={240} />
    </Stack>
  );
}

/** Sends reminders to those who have not answered; explains when the server will not. */
function ReminderAction({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const reminders = useSendReminders(cycle.id);
  // The answer is kept, not its text, so that it follows a change of language.
  const [outcome, setOutcome] = useState<{ reminded: number | null } | null>(null);
  const outcomeText = (reminded: number | null) =>
    reminded === null ? t('surveys.results.reminders.sentHidden') : t('surveys.results.reminders.sent', { count: reminded });
  const exhausted = cycle.remindersSent >= MAX_REMINDERS;
  const closed = cycle.status !== 'open';
  const explanation = closed
    ? t('surveys.results.reminders.closed')
    : exhausted
      ? t('surveys.results.reminders.limit', { max: MAX_REMINDERS })
      : t('surveys.results.reminders.hint', { sent: cycle.remindersSent, max: MAX_REMINDERS });
  return (
    <Stack gap={6} align="flex-start">
      <Button
        variant="default"
        disabled={closed || exhausted}
        loading={reminders.isPending}
        aria-describedby="reminders-explanation"
        data-testid="send-reminders"
        onClick={() => {
          setOutcome(null);
          reminders.mutate(undefined, {
            onSuccess: (result) => {
              setOutcome(result);
              notify('success', outcomeText(result.reminded));
            },
            onError: (error) =>
              notify(
                'error',
                errorText(t, error, {
                  reminder_limit: t('surveys.results.reminders.limit', { max: MAX_REMINDERS }),
                  cycle_closed: t('surveys.results.reminders.closed'),
                }),
              ),
          });
        }}
      >
        {t('surveys.results.reminders.send')}
      </Button>
      <Text size="xs" c="dimmed" id="reminders-explanation" data-testid="reminders-explanation">
        {explanation}
      </Text>
      {outcome && (
        <Text size="sm" role="status" data-testid="reminders-result">
          {outcomeText(outcome.reminded)}
        </Text>
      )}
    </Stack>
  );
}

/** Why the chosen group shows nothing, in words; never with a count. */
function Withheld({
  results,
  filtered,
  closed,
}: {
  results: Extract<CycleResults, { available: false }>;
  filtered: boolean;
  closed: boolean;
}) {
  const { t } = useTranslation();
  // The whole audience under the minimum: "not yet" while answers may still come, "never" once closed.
  const whole = !filtered && results.reason === 'below_minimum';
  const reason = whole ? (closed ? 'tooFew' : 'notYet') : results.reason;
  return (
    <Alert
      color="gray"
      variant="light"
      title={t(`surveys.results.withheld.${reason}.title`)}
      data-testid="results-withheld"
      data-reason={results.reason}
    >
      <Text size="sm">{t(`surveys.results.withheld.${reason}.text`)}</Text>
    </Alert>
  );
}

type FilterValues = Record<BreakdownAttribute, string>;

function Filters({
  base,
  values,
  teamNames,
  onChange,
}: {
  base: CycleResults | undefined;
  values: FilterValues;
  teamNames: Map<string, string>;
  onChange: (changes: Partial<Record<BreakdownAttribute, string | null>>) => void;
}) {
  const { t } = useTranslation();
  // The groups of the unfiltered results: a filter is offered for each allowed attribute, including
  // groups that are withheld, so that the page can explain why instead of hiding the choice.
  const breakdowns = base?.available ? base.breakdowns : [];
  if (breakdowns.length === 0) return null;
  const active = BREAKDOWN_ATTRIBUTES.some((attribute) => values[attribute] !== '');
  return (
    <Paper withBorder p="md" radius="md" data-testid="results-filters">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {breakdowns.map((breakdown) => (
          <NativeSelect
            key={breakdown.attribute}
            label={t(`surveys.results.attributes.${breakdown.attribute}`)}
            value={values[breakdown.attribute]}
            onChange={(event) => onChange({ [breakdown.attribute]: event.currentTarget.value || null })}
            data={[
              { value: '', label: t('surveys.results.filters.all') },
              ...breakdown.groups.map((group) => ({
                value: group.value,
                label: groupLabel(t, breakdown.attribute, group.value, teamNames),
              })),
            ]}
            data-testid={`filter-${breakdown.attribute}`}
          />
        ))}
      </SimpleGrid>
      {active && (
        <Button
          variant="subtle"
          size="xs"
          mt="sm"
          onClick={() => onChange({ team: null, region: null, tenureBand: null, role: null })}
          data-testid="filters-reset"
        >
          {t('surveys.results.filters.reset')}
        </Button>
      )}
    </Paper>
  );
}

/** A cycle before its opening day: nobody is invited yet, so there is nothing to show but the plan. */
function ScheduledCycle({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  const format = useFormat();
  return (
    <Stack gap="md" data-testid="results-page">
      <Anchor component={Link} to="/surveys" size="sm">
        {t('surveys.results.back')}
      </Anchor>
      <PageHeader
        title={titleOf(cycle)}
        description={`${t(`surveys.forms.${cycle.form}`)} · ${format.date(cycle.opensOn)} – ${format.date(cycle.closesOn)}`}
        actions={
          <Badge variant="light" color="indigo" c="indigo.9" data-testid="cycle-status" data-status={cycle.status}>
            {t('surveys.scheduled.status')}
          </Badge>
        }
      />
      <Alert variant="light" color="indigo" title={t('surveys.scheduled.for', { date: format.date(cycle.opensOn) })}>
        {t('surveys.scheduled.noResults')}
      </Alert>
    </Stack>
  );
}

export default function CycleResultsPage() {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  const format = useFormat();
  const user = useUser();
  const manages = can(user.role, 'surveys.manage');
  const { id = '' } = useParams();
  const { values, update } = useListParams(BREAKDOWN_ATTRIBUTES);
  const filter: ResultsQuery = Object.fromEntries(
    BREAKDOWN_ATTRIBUTES.filter((attribute) => values[attribute] !== '').map((attribute) => [attribute, values[attribute]]),
  );
  const filtered = Object.keys(filter).length > 0;
  const cycle = useCycle(id);
  // Fetched alongside the cycle; once it is known to be scheduled, there is nothing to fetch.
  const hasResults = cycle.data?.status !== 'scheduled';
  const base = useCycleResults(id, {}, hasResults);
  const results = useCycleResults(id, filter, hasResults);
  const comments = useCycleComments(id, filter, hasResults);
  const teams = useSalesTeams(true);
  const teamNames = new Map((teams.data?.items ?? []).map((team) => [team.id, team.name]));
  const closeCycle = useCloseCycle();
  const [closing, setClosing] = useState(false);

  if (cycle.isPending) return <ResultsSkeleton />;
  if (cycle.isError) {
    return (
      <Stack>
        <PageHeader title={t('surveys.results.notFoundTitle')} />
        <ErrorAlert error={cycle.error} onRetry={isApiError(cycle.error, 'not_found') ? undefined : () => void cycle.refetch()} />
        <Anchor component={Link} to="/surveys">
          {t('surveys.results.back')}
        </Anchor>
      </Stack>
    );
  }
  const current = cycle.data;
  const open = current.status === 'open';
  if (current.status === 'scheduled') return <ScheduledCycle cycle={current} />;

  return (
    <Stack gap="md" data-testid="results-page">
      <Anchor component={Link} to="/surveys" size="sm">
        {t('surveys.results.back')}
      </Anchor>
      <PageHeader
        title={titleOf(current)}
        description={`${t(`surveys.forms.${current.form}`)} · ${format.date(current.opensOn)} – ${format.date(current.closesOn)}`}
        actions={
          <Badge
            variant={open ? 'filled' : 'light'}
            color={open ? 'teal.9' : 'gray'}
            c={open ? 'white' : 'gray.9'}
            data-testid="cycle-status"
            data-status={current.status}
          >
            {t(`surveys.status.${current.status}`)}
          </Badge>
        }
      />
      {manages && (
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" align="flex-start" gap="md">
            <ReminderAction cycle={current} />
            {open && (
              <Button variant="default" color="red" onClick={() => setClosing(true)} data-testid="close-cycle">
                {t('surveys.closeConfirm')}
              </Button>
            )}
          </Group>
        </Paper>
      )}

      {/* Marketers see the organisation only and sales leads their own team: the server narrows, so no filters. */}
      {can(user.role, 'dashboard.read_breakdowns') && (
        <Filters base={base.data} values={values} teamNames={teamNames} onChange={update} />
      )}

      {results.isPending ? (
        <ResultsSkeleton />
      ) : results.isError ? (
        <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
      ) : !results.data.available ? (
        <Withheld results={results.data} filtered={filtered} closed={!open} />
      ) : (
        <Stack gap="md" data-testid="results" style={{ opacity: results.isPlaceholderData ? 0.6 : 1 }}>
          <ResultsSummary results={results.data} />
          <DriverScores results={results.data} />
          <StatementScores results={results.data} />
          <Breakdowns results={results.data} teamNames={teamNames} />
          {comments.isPending ? (
            <Skeleton height={80} />
          ) : comments.isError ? (
            <ErrorAlert error={comments.error} onRetry={() => void comments.refetch()} />
          ) : (
            <Comments comments={comments.data} />
          )}
        </Stack>
      )}

      <ConfirmDialog
        opened={closing}
        title={t('surveys.closeTitle')}
        message={t('surveys.closeMessage', { title: titleOf(current) })}
        confirmLabel={t('surveys.closeConfirm')}
        danger
        loading={closeCycle.isPending}
        onClose={() => setClosing(false)}
        onConfirm={() =>
          closeCycle.mutate(current, {
            onSuccess: (closed) => {
              setClosing(false);
              notify('success', t('surveys.closed', { title: titleOf(closed) }));
            },
            onError: (error) => {
              setClosing(false);
              notify('error', errorText(t, error));
            },
          })
        }
      />
    </Stack>
  );
}
