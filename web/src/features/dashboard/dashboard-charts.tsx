import { LineChart } from '@mantine/charts';
import { getThemeColor, Paper, SimpleGrid, Table, Text, Title, useMantineTheme } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../common/api/dashboard';
import { useCycleTitle } from '../surveys/cycle-title';
import classes from './dashboard.module.css';
import type { DashboardFormat } from './dashboard-format';

type Trend = Extract<Dashboard, { available: true }>['trend'];
type Form = Trend[number]['form'];

const FORMS = ['pulse', 'trust_check'] as const satisfies readonly Form[];

/**
 * How each form is drawn. Colour, line and marker all differ, so that the two series stay apart without
 * colour (WCAG 1.4.1) and on a black-and-white print; both colours keep 3:1 against white (WCAG 1.4.11).
 */
const SERIES_STYLE: Record<Form, { color: string; dash: string | undefined; marker: 'disc' | 'square' }> = {
  pulse: { color: 'blue.8', dash: undefined, marker: 'disc' },
  trust_check: { color: 'orange.9', dash: '6 4', marker: 'square' },
};

function Marker({ form, x, y, color, size }: { form: Form; x: number; y: number; color: string; size: number }) {
  if (SERIES_STYLE[form].marker === 'disc') return <circle cx={x} cy={y} r={size} fill={color} stroke={color} />;
  return (
    <rect
      x={x - size}
      y={y - size}
      width={size * 2}
      height={size * 2}
      fill="var(--mantine-color-body)"
      stroke={color}
      strokeWidth={2}
    />
  );
}

/** One row per cycle; its figure stands once more under the key of the run (line piece) it belongs to. */
interface TrendRow {
  cycleId: string;
  title: string;
  form: Form;
  value: number | null;
  [run: string]: string | number | null;
}

/**
 * The chart's rows and lines for one figure. Each form is its own series, and a series is split into runs
 * at every cycle of its form that withholds the figure. Each run joins its points across cycles of the
 * other form (connectNulls), but no line crosses a withheld cycle of its own form: the gap stays, as it
 * did when all cycles were one line.
 */
function trendSeriesOf(points: readonly { cycleId: string; title: string; form: Form; value: number | null }[]) {
  const rows: TrendRow[] = points.map((point) => ({ ...point }));
  const runs: { name: string; form: Form }[] = [];
  for (const form of FORMS) {
    let run: string | null = null;
    points.forEach((point, index) => {
      if (point.form !== form) return;
      if (point.value === null) {
        run = null;
        return;
      }
      if (run === null) {
        run = `${form}:${runs.length}`;
        runs.push({ name: run, form });
      }
      (rows[index] as TrendRow)[run] = point.value;
    });
  }
  return { rows, runs };
}

function formOfRun(name: string): Form {
  return name.slice(0, name.indexOf(':')) as Form;
}

function TrendLegend({ forms, label }: { forms: readonly Form[]; label: string }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  return (
    <ul className={classes.legend} aria-label={label} data-testid="trend-legend">
      {forms.map((form) => {
        const color = getThemeColor(SERIES_STYLE[form].color, theme);
        return (
          <li key={form} data-form={form}>
            <svg width={36} height={14} viewBox="0 0 36 14" aria-hidden="true" focusable="false">
              <line x1={1} y1={7} x2={35} y2={7} stroke={color} strokeWidth={2} strokeDasharray={SERIES_STYLE[form].dash} />
              <Marker form={form} x={18} y={7} color={color} size={4} />
            </svg>
            <Text span size="sm">
              {t(`dashboard.trend.series.${form}`)}
            </Text>
          </li>
        );
      })}
    </ul>
  );
}

function TrendTooltip({
  active,
  label,
  rows,
  format,
}: {
  active: boolean | undefined;
  label: unknown;
  rows: readonly TrendRow[];
  format: (value: number) => string;
}) {
  const { t } = useTranslation();
  const row = active ? rows.find((candidate) => candidate.cycleId === label) : undefined;
  if (!row) return null;
  return (
    <Paper withBorder shadow="sm" p="xs" radius="sm">
      <Text size="xs" fw={600}>
        {row.title}
      </Text>
      <Text size="xs" c="dimmed">
        {t(`surveys.forms.${row.form}`)}
      </Text>
      <Text size="sm" fw={600}>
        {row.value === null ? t('dashboard.notEnough') : format(row.value)}
      </Text>
    </Paper>
  );
}

function TrendChart({
  title,
  points,
  domain,
  format,
  month,
}: {
  title: string;
  points: { cycleId: string; title: string; form: Form; opensOn: string; value: number | null }[];
  domain: [number, number];
  format: (value: number) => string;
  month: (isoDate: string) => string;
}) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const id = useId();
  const { rows, runs } = trendSeriesOf(points);
  const opensOn = new Map(points.map((point) => [point.cycleId, point.opensOn]));
  const forms = FORMS.filter((form) => points.some((point) => point.form === form));
  return (
    <Paper withBorder p="sm" radius="md" component="figure" m={0} aria-labelledby={id} className={classes.chart}>
      <Title order={3} size="h5" mb="xs" id={id}>
        {title}
      </Title>
      <TrendLegend forms={forms} label={t('dashboard.trend.legend', { figure: title })} />
      <LineChart
        h={220}
        data={rows}
        // Cycles, not months, along the axis: a pulse and a trust check may open in the same month.
        dataKey="cycleId"
        xAxisProps={{ tickFormatter: (cycleId: string) => month(opensOn.get(cycleId) ?? '') }}
        series={runs.map((run) => ({
          name: run.name,
          label: t(`dashboard.trend.series.${run.form}`),
          color: SERIES_STYLE[run.form].color,
          strokeDasharray: SERIES_STYLE[run.form].dash,
        }))}
        lineProps={(series) => {
          const form = formOfRun(series.name);
          const color = getThemeColor(SERIES_STYLE[form].color, theme);
          return {
            // A run holds values only at its own form's cycles; the gaps between runs are the withheld cycles.
            connectNulls: true,
            dot: ({ cx, cy, value }) =>
              cx === undefined || cy === undefined || value === null || value === undefined ? null : (
                <Marker form={form} x={cx} y={cy} color={color} size={4} />
              ),
            activeDot: ({ cx, cy, value }) =>
              cx === undefined || cy === undefined || value === null || value === undefined ? null : (
                <Marker form={form} x={cx} y={cy} color={color} size={6} />
              ),
          };
        }}
        tooltipProps={{
          content: ({ active, label }) => <TrendTooltip active={active} label={label} rows={rows} format={format} />,
        }}
        yAxisProps={{ domain, width: 44 }}
        valueFormatter={format}
        curveType="linear"
        withDots
      />
    </Paper>
  );
}

/**
 * Trust index and iNPS over the cycles up to the chosen one, pulses and trust checks as two series:
 * their trust indices average different statements (instrument.md), so one line through both would
 * draw a change of questions as a change of trust. A cycle that withholds the group leaves a gap in its
 * series rather than a guessed point; the table under the charts holds the same figures in words.
 */
export function TrendCharts({ trend, format }: { trend: Trend; format: DashboardFormat }) {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  const titled = trend.map((point) => ({ ...point, title: titleOf(point) }));
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TrendChart
          title={t('dashboard.trustIndex')}
          points={titled.map((point) => ({ ...point, value: point.trustIndex }))}
          domain={[0, 100]}
          format={format.index}
          month={format.month}
        />
        <TrendChart
          title={t('dashboard.inps')}
          points={titled.map((point) => ({ ...point, value: point.inps }))}
          domain={[-100, 100]}
          format={format.inps}
          month={format.month}
        />
      </SimpleGrid>
      <details className={classes.noPrint}>
        <summary>
          <Text span size="sm">
            {t('dashboard.trend.asTable')}
          </Text>
        </summary>
        <Table.ScrollContainer minWidth={560} type="native" tabIndex={0} role="region" aria-label={t('dashboard.trend.title')}>
          <Table verticalSpacing={4} data-testid="trend-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dashboard.cycle')}</Table.Th>
                <Table.Th scope="col">{t('dashboard.trend.form')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('dashboard.trustIndex')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('dashboard.inps')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {titled.map((point) => (
                <Table.Tr key={point.cycleId} data-form={point.form}>
                  <Table.Th scope="row" fw={400}>
                    {point.title} ({format.date(point.opensOn)})
                  </Table.Th>
                  <Table.Td>{t(`surveys.forms.${point.form}`)}</Table.Td>
                  <Table.Td ta="right">
                    {point.trustIndex === null ? t('dashboard.notEnough') : format.index(point.trustIndex)}
                  </Table.Td>
                  <Table.Td ta="right">{point.inps === null ? t('dashboard.notEnough') : format.inps(point.inps)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </details>
    </>
  );
}
