import { BarChart } from '@mantine/charts';
import { Paper, SimpleGrid, Title } from '@mantine/core';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportGrouping, RequestReportRow } from '../../../../common/api/reports';
import type { ReportFormat } from './report-format';

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="sm" radius="md" component="figure" m={0} aria-labelledby={id}>
      <Title order={3} size="h5" mb="xs" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/**
 * SLA attainment and median business hours per group. The table below the charts holds the same
 * figures, so the charts are a visual summary rather than the only way to read them.
 */
export function ReportCharts({
  rows,
  groupBy,
  format,
}: {
  rows: RequestReportRow[];
  groupBy: ReportGrouping;
  format: ReportFormat;
}) {
  const { t } = useTranslation();
  // Types and teams have long names: they read best as horizontal bars with the names beside them,
  // also on a phone. Months stay on a time axis.
  const horizontal = groupBy !== 'month';
  const layout = horizontal
    ? {
        orientation: 'vertical' as const,
        h: Math.max(220, rows.length * 56 + 80),
        yAxisProps: { width: 110 },
        gridAxis: 'x' as const,
      }
    : { h: 260 };
  const data = rows.map((row) => ({
    group: format.group(row),
    firstResponseShare: row.figures.firstResponse.shareMet === null ? null : row.figures.firstResponse.shareMet * 100,
    resolutionShare: row.figures.resolution.shareMet === null ? null : row.figures.resolution.shareMet * 100,
    firstResponseHours: row.figures.firstResponse.medianBusinessHours,
    resolutionHours: row.figures.resolution.medianBusinessHours,
  }));
  const series = (first: string, second: string) => [
    { name: first, label: t('reports.firstResponse'), color: 'indigo.6' },
    { name: second, label: t('reports.resolution'), color: 'teal.7' },
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <ChartCard title={t('reports.chartShare')}>
        <BarChart
          {...layout}
          data={data}
          dataKey="group"
          series={series('firstResponseShare', 'resolutionShare')}
          {...(horizontal ? { xAxisProps: { domain: [0, 100] } } : { yAxisProps: { domain: [0, 100] } })}
          valueFormatter={(value) => format.share(value / 100)}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
        />
      </ChartCard>
      <ChartCard title={t('reports.chartMedian')}>
        <BarChart
          {...layout}
          data={data}
          dataKey="group"
          series={series('firstResponseHours', 'resolutionHours')}
          valueFormatter={(value) => format.hours(value)}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
        />
      </ChartCard>
    </SimpleGrid>
  );
}
