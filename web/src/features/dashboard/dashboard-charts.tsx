import { LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../common/api/dashboard';
import { useCycleTitle } from '../surveys/cycle-title';
import classes from './dashboard.module.css';
import type { DashboardFormat } from './dashboard-format';

type Trend = Extract<Dashboard, { available: true }>['trend'];

function TrendChart({
  title,
  data,
  domain,
  format,
  color,
}: {
  title: string;
  data: { label: string; value: number | null }[];
  domain: [number, number];
  format: (value: number) => string;
  color: string;
}) {
  const id = useId();
  return (
    <Paper withBorder p="sm" radius="md" component="figure" m={0} aria-labelledby={id} className={classes.chart}>
      <Title order={3} size="h5" mb="xs" id={id}>
        {title}
      </Title>
      <LineChart
        h={220}
        data={data}
        dataKey="label"
        series={[{ name: 'value', label: title, color }]}
        yAxisProps={{ domain, width: 44 }}
        valueFormatter={format}
        connectNulls={false}
        curveType="linear"
        withDots
      />
    </Paper>
  );
}

/**
 * Trust index and iNPS over the cycles up to the chosen one. A cycle that withholds the group leaves a
 * gap rather than a guessed point; the table under the charts holds the same figures in words.
 */
export function TrendCharts({ trend, format }: { trend: Trend; format: DashboardFormat }) {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  const labelled = trend.map((point) => ({ ...point, label: format.month(point.opensOn) }));
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TrendChart
          title={t('dashboard.trustIndex')}
          data={labelled.map((point) => ({ label: point.label, value: point.trustIndex }))}
          domain={[0, 100]}
          format={format.index}
          color="indigo.6"
        />
        <TrendChart
          title={t('dashboard.inps')}
          data={labelled.map((point) => ({ label: point.label, value: point.inps }))}
          domain={[-100, 100]}
          format={format.inps}
          color="teal.7"
        />
      </SimpleGrid>
      <details className={classes.noPrint}>
        <summary>
          <Text span size="sm">
            {t('dashboard.trend.asTable')}
          </Text>
        </summary>
        <Table.ScrollContainer minWidth={480} type="native" tabIndex={0} role="region" aria-label={t('dashboard.trend.title')}>
          <Table verticalSpacing={4} data-testid="trend-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dashboard.cycle')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('dashboard.trustIndex')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('dashboard.inps')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {trend.map((point) => (
                <Table.Tr key={point.cycleId}>
                  <Table.Th scope="row" fw={400}>
                    {titleOf(point)} ({format.date(point.opensOn)})
                  </Table.Th>
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
