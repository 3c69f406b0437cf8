import '@mantine/charts/styles.css';
import { Alert, Anchor, Button, Group, Menu, NativeSelect, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Dashboard, DashboardQuery } from '../../../../common/api/dashboard';
import type { BreakdownAttribute } from '../../../../common/api/surveys';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { useListParams } from '../../components/list-state';
import { PageHeader } from '../../components/page-header';
import { ActionPlansPanel, CreateActionPlanButton } from '../action-plans';
import { useCycleTitle } from '../surveys/cycle-title';
import { groupLabel } from '../surveys/results-format';
import { useSalesTeams } from '../surveys/surveys.api';
import { dashboardCsvHref, useDashboard, useDashboardComments, useDashboardCycles, useFilterGroups } from './dashboard.api';
import classes from './dashboard.module.css';
import { TrendCharts } from './dashboard-charts';
import { useDashboardFormat } from './dashboard-format';
import {
  type AvailableDashboard,
  Comments,
  DriverScores,
  FocusAreaList,
  Headline,
  Heatmap,
  KeyDrivers,
  PerceptionGap,
  Quadrant,
  Reliability,
  Section,
} from './dashboard-sections';

const FILTERS = ['team', 'region', 'tenureBand'] as const satisfies readonly BreakdownAttribute[];
type FilterKey = (typeof FILTERS)[number];
const PARAMS = ['cycle', ...FILTERS] as const;

function DashboardSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')} role="status">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Skeleton height={140} />
        <Skeleton height={140} />
      </SimpleGrid>
      <Skeleton height={260} />
      <Skeleton height={320} />
    </Stack>
  );
}

/** Why the chosen group or cycle shows nothing, in words and without a count. */
function Withheld({ result }: { result: Extract<Dashboard, { available: false }> }) {
  const { t } = useTranslation();
  if (result.reason === 'no_cycle') {
    return (
      <EmptyState
        title={t('dashboard.empty.title')}
        hint={t('dashboard.empty.hint')}
        action={
          <Anchor component={Link} to="/surveys">
            {t('dashboard.empty.link')}
          </Anchor>
        }
      />
    );
  }
  return (
    <Alert
      color="gray"
      variant="light"
      title={t(`dashboard.refused.${result.reason}.title`)}
      data-testid="dashboard-withheld"
      data-reason={result.reason}
    >
      <Text size="sm">{t(`dashboard.refused.${result.reason}.text`)}</Text>
    </Alert>
  );
}

function Figures({ data, onPickCycle }: { data: AvailableDashboard; onPickCycle: (cycleId: string) => void }) {
  const { t } = useTranslation();
  const format = useDashboardFormat();
  const titleOf = useCycleTitle();
  // The comments of exactly the group the figures describe, as the server narrowed it for this role.
  const comments = useDashboardComments(data.cycle.id, data.filter);
  // Pulses ask one statement per driver, so the key-driver analysis usually needs a trust check.
  const latestCheck = [...data.trend].reverse().find((point) => point.form === 'trust_check');
  const offerCheck = !data.keyDrivers.available && data.cycle.form === 'pulse' && latestCheck !== undefined;
  return (
    <Stack gap="md" data-testid="dashboard">
      <Text size="sm" data-testid="dashboard-cycle">
        {t('dashboard.cycleLine', {
          title: titleOf(data.cycle),
          form: t(`surveys.forms.${data.cycle.form}`),
          from: format.date(data.cycle.opensOn),
          to: format.date(data.cycle.closesOn),
          n: format.count(data.n),
        })}
        {data.cycle.status === 'open' && ` ${t('dashboard.cycleOpen')}`}
      </Text>
      {data.asOf !== null && data.latestAsOf !== null && data.asOf !== data.latestAsOf && (
        // Newer answers are left out of this group until enough others answered with them.
        <Text size="sm" c="dimmed" data-testid="dashboard-as-of">
          {t('dashboard.asOf', { date: format.date(data.asOf) })}
        </Text>
      )}
      <Headline data={data} format={format} />
      <Section title={t('dashboard.trend.title')} description={t('dashboard.trend.description')} testId="trend">
        <TrendCharts trend={data.trend} format={format} />
      </Section>
      <Section title={t('dashboard.drivers.title')} description={t('dashboard.drivers.description')}>
        <DriverScores data={data} format={format} />
      </Section>
      {data.heatmap && (
        <Section title={t('dashboard.heatmap.title')} description={t('dashboard.heatmap.description')}>
          {data.heatmap.rows.length === 0 ? (
            <Text size="sm">{t('dashboard.heatmap.none')}</Text>
          ) : (
            <Heatmap heatmap={data.heatmap} format={format} latestAsOf={data.latestAsOf} />
          )}
        </Section>
      )}
      <Section title={t('dashboard.keyDrivers.title')} description={t('dashboard.keyDrivers.description')}>
        <KeyDrivers data={data} format={format} />
      </Section>
      <Section title={t('dashboard.focus.title')} description={t('dashboard.focus.description')} testId="focus-areas">
        {offerCheck && (
          <Group gap="xs">
            <Text size="sm">{t('dashboard.focus.pulseHint')}</Text>
            <Button variant="light" size="xs" onClick={() => onPickCycle(latestCheck.cycleId)} data-testid="pick-trust-check">
              {t('dashboard.focus.showCheck', { title: titleOf(latestCheck) })}
            </Button>
          </Group>
        )}
        <Quadrant data={data} format={format} />
        <FocusAreaList
          data={data}
          format={format}
          slot={
            <div data-testid="action-plans-slot">
              <ActionPlansPanel teamId={data.filter.team} />
            </div>
          }
          areaAction={(driverId) => <CreateActionPlanButton driverId={driverId} teamId={data.filter.team} />}
        />
      </Section>
      <Section title={t('dashboard.reliability.title')} description={t('dashboard.reliability.description')}>
        <Reliability data={data} format={format} />
      </Section>
      <Section title={t('dashboard.gap.title')} description={t('dashboard.gap.description')}>
        <PerceptionGap data={data} format={format} />
      </Section>
      <Section title={t('dashboard.comments.title')} description={t('dashboard.comments.description')}>
        {comments.isPending ? (
          <Skeleton height={60} />
        ) : comments.isError ? (
          <ErrorAlert error={comments.error} onRetry={() => void comments.refetch()} />
        ) : (
          <Comments comments={comments.data} format={format} />
        )}
      </Section>
    </Stack>
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const format = useDashboardFormat();
  const titleOf = useCycleTitle();
  const user = useUser();
  const everyGroup = can(user.role, 'dashboard.read_breakdowns');
  const ownTeam = can(user.role, 'dashboard.read_own_team');
  const { values, update } = useListParams(PARAMS);
  const query: DashboardQuery = {};
  if (values.cycle) query.cycleId = values.cycle;
  if (everyGroup) for (const key of FILTERS) if (values[key]) query[key] = values[key];
  const filtered = FILTERS.some((key) => query[key] !== undefined);

  const dashboard = useDashboard(query);
  const cycles = useDashboardCycles();
  const data = dashboard.data;
  const shownCycleId = data?.available ? data.cycle.id : values.cycle || undefined;
  const groups = useFilterGroups(shownCycleId, everyGroup);
  const teams = useSalesTeams(everyGroup || ownTeam);
  const teamNames = new Map((teams.data?.items ?? []).map((team) => [team.id, team.name]));
  const breakdowns = groups.data?.available ? groups.data.breakdowns : [];

  // A scheduled cycle has no answers yet; an open one shows what has come in so far.
  const cycleOptions = (cycles.data?.items ?? [])
    .filter((cycle) => cycle.status === 'open' || cycle.status === 'closed')
    .map((cycle) => ({
      value: cycle.id,
      label: `${titleOf(cycle)} · ${format.date(cycle.opensOn)}${cycle.status === 'open' ? ` (${t('surveys.status.open')})` : ''}`,
    }));

  return (
    <div className={classes.page}>
      <PageHeader
        title={t('dashboard.title')}
        description={t('dashboard.description')}
        actions={
          <Group gap="xs" className={classes.noPrint}>
            {/* Disabled with its button: a menu left open when the group turns withheld would offer nothing. */}
            <Menu position="bottom-end" withinPortal disabled={!data?.available}>
              <Menu.Target>
                <Button variant="default" disabled={!data?.available}>
                  {t('dashboard.downloadCsv')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component="a" href={dashboardCsvHref(query, 'comma')} download>
                  {t('common.exportComma')}
                </Menu.Item>
                <Menu.Item component="a" href={dashboardCsvHref(query, 'semicolon')} download>
                  {t('common.exportSemicolon')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button variant="default" onClick={() => window.print()} disabled={!data?.available} data-testid="print">
              {t('dashboard.print')}
            </Button>
          </Group>
        }
      />
      <Stack gap="md">
        <Paper withBorder p="md" radius="md" className={classes.noPrint} data-testid="dashboard-filters">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <NativeSelect
              label={t('dashboard.cycle')}
              value={values.cycle}
              onChange={(event) => update({ cycle: event.currentTarget.value || null })}
              data={[{ value: '', label: t('dashboard.latestClosed') }, ...cycleOptions]}
              data-testid="filter-cycle"
            />
            {everyGroup &&
              FILTERS.map((key: FilterKey) => {
                const breakdown = breakdowns.find((entry) => entry.attribute === key);
                if (!breakdown) return null;
                return (
                  <NativeSelect
                    key={key}
                    label={t(`surveys.results.attributes.${key}`)}
                    value={values[key]}
                    onChange={(event) => update({ [key]: event.currentTarget.value || null })}
                    data={[
                      { value: '', label: t('surveys.results.filters.all') },
                      ...breakdown.groups.map((group) => ({
                        value: group.value,
                        label: groupLabel(t, key, group.value, teamNames),
                      })),
                    ]}
                    data-testid={`filter-${key}`}
                  />
                );
              })}
          </SimpleGrid>
          {!everyGroup && (
            <Text size="sm" c="dimmed" mt="sm" data-testid="scope-note">
              {ownTeam
                ? t('dashboard.scope.ownTeam', {
                    team: user.teamId
                      ? (teamNames.get(user.teamId) ?? t('dashboard.scope.yourTeam'))
                      : t('dashboard.scope.yourTeam'),
                  })
                : t('dashboard.scope.organisation')}
            </Text>
          )}
          {everyGroup && filtered && (
            <Button
              variant="subtle"
              size="xs"
              mt="sm"
              onClick={() => update({ team: null, region: null, tenureBand: null })}
              data-testid="filters-reset"
            >
              {t('surveys.results.filters.reset')}
            </Button>
          )}
        </Paper>

        {dashboard.isPending ? (
          <DashboardSkeleton />
        ) : dashboard.isError ? (
          <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />
        ) : !dashboard.data.available ? (
          <Withheld result={dashboard.data} />
        ) : (
          <div aria-busy={dashboard.isFetching} style={{ opacity: dashboard.isPlaceholderData ? 0.6 : 1 }}>
            <Figures data={dashboard.data} onPickCycle={(cycleId) => update({ cycle: cycleId })} />
          </div>
        )}
      </Stack>
    </div>
  );
}
