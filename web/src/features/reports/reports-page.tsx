import '@mantine/charts/styles.css';
import { Button, Group, Menu, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_REPORT_MONTHS, REPORT_GROUPINGS, type ReportGrouping, type RequestReportRow } from '../../../../common/api/reports';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { TableSkeleton } from '../../components/table-skeleton';
import { ReportCharts } from './report-charts';
import { type ReportFormat, useReportFormat } from './report-format';
import { reportCsvHref, useRequestReport } from './reports.api';

/** How far back the month pickers reach. */
const PICKABLE_MONTHS = 36;

function monthKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return monthKey(new Date(year, number - 1 + by, 1));
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

function RangeProblem({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  if (from > to)
    return (
      <Text c="red.8" size="sm" role="alert">
        {t('reports.rangeReversed')}
      </Text>
    );
  if (monthsBetween(from, to) > MAX_REPORT_MONTHS) {
    return (
      <Text c="red.8" size="sm" role="alert">
        {t('reports.rangeTooLong', { count: MAX_REPORT_MONTHS })}
      </Text>
    );
  }
  return null;
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {value}
      </Text>
    </Paper>
  );
}

function ReportTable({
  rows,
  totals,
  format,
}: {
  rows: RequestReportRow[];
  totals: RequestReportRow['figures'];
  format: ReportFormat;
}) {
  const { t } = useTranslation();
  const cells = (f: RequestReportRow['figures']) => (
    <>
      <Table.Td ta="right">{format.count(f.requests)}</Table.Td>
      <Table.Td ta="right">{format.share(f.firstResponse.shareMet)}</Table.Td>
      <Table.Td ta="right">{format.hours(f.firstResponse.medianBusinessHours)}</Table.Td>
      <Table.Td ta="right">{format.share(f.resolution.shareMet)}</Table.Td>
      <Table.Td ta="right">{format.hours(f.resolution.medianBusinessHours)}</Table.Td>
      <Table.Td ta="right">{format.rating(f.ratingAverage, f.ratings)}</Table.Td>
      <Table.Td ta="right">{format.count(f.extraMiles)}</Table.Td>
    </>
  );
  return (
    // Native scrolling with a focusable, named region: keyboard users can scroll the table on a phone.
    <Table.ScrollContainer minWidth={820} type="native" tabIndex={0} role="region" aria-label={t('reports.tableTitle')}>
      <Table striped verticalSpacing="xs" data-testid="report-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reports.group')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports.requests')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports.firstResponseMet')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports.firstResponseMedian')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports.resolutionMet')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports.resolutionMedian')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports.ratingAverage')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('reports.extraMiles')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.group.key}>
              <Table.Th scope="row" fw={500}>
                {format.group(row)}
              </Table.Th>
              {cells(row.figures)}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Th scope="row">{t('reports.total')}</Table.Th>
            {cells(totals)}
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const format = useReportFormat();
  const current = monthKey(new Date());
  const [from, setFrom] = useState(shiftMonth(current, -11));
  const [to, setTo] = useState(current);
  const [groupBy, setGroupBy] = useState<ReportGrouping>('type');
  const valid = from <= to && monthsBetween(from, to) <= MAX_REPORT_MONTHS;
  const params = { from, to, groupBy };
  const report = useRequestReport(params, valid);

  const monthOptions = useMemo(
    () =>
      Array.from({ length: PICKABLE_MONTHS }, (_, index) => {
        const value = shiftMonth(current, -index);
        return { value, label: format.month(value) };
      }),
    [current, format],
  );
  const data = report.data;

  return (
    <>
      <PageHeader
        title={t('reports.title')}
        description={t('reports.description')}
        actions={
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="default" disabled={!valid}>
                {t('reports.downloadCsv')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={reportCsvHref(params, 'comma')} download>
                {t('common.exportComma')}
              </Menu.Item>
              <Menu.Item component="a" href={reportCsvHref(params, 'semicolon')} download>
                {t('common.exportSemicolon')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('reports.from')}
            data={monthOptions}
            value={from}
            onChange={(value) => value && setFrom(value)}
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
          />
          <Select
            label={t('reports.to')}
            data={monthOptions}
            value={to}
            onChange={(value) => value && setTo(value)}
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="report-group-by">
              {t('reports.groupBy')}
            </Text>
            <SegmentedControl
              aria-labelledby="report-group-by"
              value={groupBy}
              onChange={(value) => setGroupBy(value as ReportGrouping)}
              data={REPORT_GROUPINGS.map((value) => ({ value, label: t(`reports.by.${value}`) }))}
            />
          </Stack>
        </Group>
        <RangeProblem from={from} to={to} />

        {valid && report.isPending && <TableSkeleton rows={8} />}
        {valid && report.isError && <ErrorAlert error={report.error} onRetry={() => report.refetch()} />}
        {valid && data && data.totals.requests === 0 && (
          <EmptyState title={t('reports.emptyTitle')} hint={t('reports.emptyHint')} />
        )}
        {valid && data && data.totals.requests > 0 && (
          <Stack gap="lg" aria-busy={report.isFetching} data-testid="report">
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              <Kpi label={t('reports.requests')} value={format.count(data.totals.requests)} />
              <Kpi label={t('reports.firstResponseMet')} value={format.share(data.totals.firstResponse.shareMet)} />
              <Kpi label={t('reports.resolutionMet')} value={format.share(data.totals.resolution.shareMet)} />
              <Kpi label={t('reports.ratingAverage')} value={format.rating(data.totals.ratingAverage, data.totals.ratings)} />
              <Kpi label={t('reports.firstResponseMedian')} value={format.hours(data.totals.firstResponse.medianBusinessHours)} />
              <Kpi label={t('reports.resolutionMedian')} value={format.hours(data.totals.resolution.medianBusinessHours)} />
              <Kpi label={t('reports.extraMiles')} value={format.count(data.totals.extraMiles)} />
            </SimpleGrid>
            <ReportCharts rows={data.rows} groupBy={data.groupBy} format={format} />
            <Stack gap="xs">
              <Title order={2} size="h4">
                {t('reports.tableTitle')}
              </Title>
              <ReportTable rows={data.rows} totals={data.totals} format={format} />
              <Text size="xs" c="dimmed">
                {t('reports.tableCaption')} {t('reports.footnote', { timeZone: data.timeZone })}
              </Text>
            </Stack>
          </Stack>
        )}
      </Stack>
    </>
  );
}
