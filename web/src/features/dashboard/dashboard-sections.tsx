import { Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Dashboard, DashboardChange } from '../../../../common/api/dashboard';
import type { CycleComments } from '../../../../common/api/surveys';
import { findItem } from '../../../../common/instrument/items';
import classes from './dashboard.module.css';
import type { DashboardFormat } from './dashboard-format';

export type AvailableDashboard = Extract<Dashboard, { available: true }>;

export function Section({
  title,
  description,
  children,
  testId,
}: {
  title: string;
  description?: string;
  children: ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={id}
      className={classes.section}
      data-testid={testId}
    >
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

/** "Not enough answers": the words, never a number or a count. */
export function NotEnough() {
  const { t } = useTranslation();
  return (
    <Text span c="dimmed" aria-label={t('dashboard.notEnoughLong')} data-testid="not-enough">
      {t('dashboard.notEnough')}
    </Text>
  );
}

/** The change against the last comparable cycle (same form, same statements) with its interval; called real only when the interval excludes zero. */
export function ChangeText({
  change,
  format,
  compact = false,
}: {
  change: DashboardChange | null;
  format: (value: number) => string;
  /** In a table whose column header already says "change vs the last comparable cycle". */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  if (!change) {
    return (
      <Text size="xs" c="dimmed">
        {t('dashboard.change.none')}
      </Text>
    );
  }
  return (
    <Stack gap={2} data-testid="change" data-real={change.isRealChange}>
      <Text size="xs">
        {t(compact ? 'dashboard.change.short' : 'dashboard.change.value', {
          difference: format(change.difference),
          lower: format(change.lower),
          upper: format(change.upper),
        })}
      </Text>
      {change.isRealChange ? (
        <Text size="xs" fw={700} c={change.difference > 0 ? 'teal.9' : 'red.9'}>
          {change.difference > 0 ? t('dashboard.change.realUp') : t('dashboard.change.realDown')}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          {compact ? t('dashboard.change.notRealShort') : t('dashboard.change.notReal')}
        </Text>
      )}
    </Stack>
  );
}

function HeadlineCard({
  label,
  figure,
  value,
  interval,
  change,
  extra,
  testId,
}: {
  label: string;
  figure: AvailableDashboard['trustIndex'];
  value: (value: number) => string;
  interval: (value: number) => string;
  change: (value: number) => string;
  extra?: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId} className={classes.section}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {figure.available && figure.value !== null ? (
        <Stack gap={4}>
          <Text fw={700} fz={32} lh={1.2}>
            {value(figure.value)}
          </Text>
          {figure.lower !== null && figure.upper !== null && (
            <Text size="xs" c="dimmed">
              {t('dashboard.interval', { lower: interval(figure.lower), upper: interval(figure.upper) })}
            </Text>
          )}
          {extra}
          <ChangeText change={figure.change} format={change} />
        </Stack>
      ) : (
        <Text fw={600} fz="lg">
          <NotEnough />
        </Text>
      )}
    </Paper>
  );
}

export function Headline({ data, format }: { data: AvailableDashboard; format: DashboardFormat }) {
  const { t } = useTranslation();
  const { inps } = data;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <HeadlineCard
        label={t('dashboard.trustIndexScale')}
        figure={data.trustIndex}
        value={format.index}
        interval={format.index}
        change={format.pointsChange}
        testId="trust-index"
      />
      <HeadlineCard
        label={t('dashboard.inpsScale')}
        figure={inps}
        value={format.inps}
        interval={format.inps}
        change={format.pointsChange}
        testId="inps"
        extra={
          inps.promoterShare !== null &&
          inps.detractorShare !== null && (
            <Text size="xs" c="dimmed">
              {t('dashboard.inpsShares', {
                promoters: format.share(inps.promoterShare),
                detractors: format.share(inps.detractorShare),
              })}
            </Text>
          )
        }
      />
    </SimpleGrid>
  );
}

export function DriverScores({ data, format }: { data: AvailableDashboard; format: DashboardFormat }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560} type="native" tabIndex={0} role="region" aria-label={t('dashboard.drivers.title')}>
      <Table verticalSpacing="xs" striped data-testid="driver-scores">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dashboard.driver')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dashboard.drivers.score')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dashboard.drivers.favourable')}
            </Table.Th>
            <Table.Th scope="col">{t('dashboard.drivers.change')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.drivers.map((driver) => (
            <Table.Tr key={driver.driverId}>
              <Table.Th scope="row" fw={500}>
                {format.construct(driver.driverId)}
              </Table.Th>
              {driver.available && driver.value !== null ? (
                <>
                  <Table.Td ta="right">
                    <Text span fw={600}>
                      {format.score(driver.value)}
                    </Text>
                    {driver.lower !== null && driver.upper !== null && (
                      <Text size="xs" c="dimmed">
                        {t('dashboard.interval', { lower: format.score(driver.lower), upper: format.score(driver.upper) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{driver.favourableShare === null ? '–' : format.share(driver.favourableShare)}</Table.Td>
                  <Table.Td>
                    <ChangeText change={driver.change} format={format.scoreChange} compact />
                  </Table.Td>
                </>
              ) : (
                <Table.Td colSpan={3}>
                  <NotEnough />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Background of a heatmap cell by driver score; the score is always written in the cell too. */
function heatColor(score: number): string {
  if (score < 2.5) return 'var(--mantine-color-red-2)';
  if (score < 3) return 'var(--mantine-color-orange-2)';
  if (score < 3.5) return 'var(--mantine-color-yellow-2)';
  if (score < 4) return 'var(--mantine-color-lime-2)';
  return 'var(--mantine-color-green-3)';
}

const HEAT_LEGEND = [
  { score: 2, key: 'below25' },
  { score: 2.7, key: 'below3' },
  { score: 3.2, key: 'below35' },
  { score: 3.7, key: 'below4' },
  { score: 4.2, key: 'from4' },
] as const;

export function Heatmap({
  heatmap,
  format,
  latestAsOf,
}: {
  heatmap: NonNullable<AvailableDashboard['heatmap']>;
  format: DashboardFormat;
  /** The day of the cycle's latest release epoch: a team whose figures are older says up to when they go. */
  latestAsOf: string | null;
}) {
  const { t } = useTranslation();
  const hidden = (
    <Text span c="dimmed" aria-label={t('dashboard.notEnoughLong')}>
      —
    </Text>
  );
  return (
    <Stack gap="xs">
      <Table.ScrollContainer
        minWidth={140 + 90 * (heatmap.drivers.length + 1)}
        type="native"
        tabIndex={0}
        role="region"
        aria-label={t('dashboard.heatmap.title')}
      >
        <Table withTableBorder withColumnBorders verticalSpacing={6} data-testid="heatmap">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('dashboard.team')}</Table.Th>
              <Table.Th scope="col" className={classes.heatCell}>
                {t('dashboard.trustIndex')}
              </Table.Th>
              {heatmap.drivers.map((driver) => (
                <Table.Th scope="col" key={driver} className={classes.heatCell}>
                  {format.construct(driver)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {heatmap.rows.map((row) => (
              <Table.Tr key={row.teamId} data-testid="heatmap-row">
                <Table.Th scope="row" fw={500}>
                  {row.teamName}
                  {row.available && row.asOf !== null && latestAsOf !== null && row.asOf !== latestAsOf && (
                    <Text size="xs" c="dimmed" fw={400} data-testid="heatmap-as-of">
                      {t('dashboard.asOf', { date: format.date(row.asOf) })}
                    </Text>
                  )}
                </Table.Th>
                {row.available ? (
                  <>
                    <Table.Td className={classes.heatCell}>
                      {row.trustIndex === null ? hidden : format.index(row.trustIndex)}
                    </Table.Td>
                    {row.cells.map((cell, index) => (
                      <Table.Td
                        // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the fixed driver order
                        key={index}
                        className={classes.heatCell}
                        style={
                          cell === null ? undefined : { backgroundColor: heatColor(cell), color: 'var(--mantine-color-black)' }
                        }
                      >
                        {cell === null ? hidden : format.score(cell)}
                      </Table.Td>
                    ))}
                  </>
                ) : (
                  <>
                    <Table.Td className={classes.heatCell}>{hidden}</Table.Td>
                    {heatmap.drivers.map((driver) => (
                      <Table.Td key={driver} className={classes.heatCell}>
                        {hidden}
                      </Table.Td>
                    ))}
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap="xs" wrap="wrap" aria-label={t('dashboard.heatmap.legend')} role="group">
        {HEAT_LEGEND.map((entry) => (
          <Text
            key={entry.key}
            size="xs"
            px={6}
            py={2}
            style={{ backgroundColor: heatColor(entry.score), color: 'var(--mantine-color-black)', borderRadius: 4 }}
          >
            {t(`dashboard.heatmap.scale.${entry.key}`)}
          </Text>
        ))}
        <Text size="xs">{t('dashboard.heatmap.hidden')}</Text>
      </Group>
    </Stack>
  );
}

export function KeyDrivers({ data, format }: { data: AvailableDashboard; format: DashboardFormat }) {
  const { t } = useTranslation();
  const result = data.keyDrivers;
  if (!result.available) {
    return (
      <Text size="sm" data-testid="key-drivers-unavailable" data-reason={result.reason}>
        {t(`dashboard.keyDrivers.unavailable.${result.reason}`)}
      </Text>
    );
  }
  const sorted = [...result.drivers].sort((a, b) => b.share - a.share);
  return (
    <Stack gap="xs">
      <Text size="sm" data-testid="key-drivers-model">
        {t('dashboard.keyDrivers.model', { r2: format.coefficient(result.r2), n: format.count(result.n) })}
      </Text>
      <Table.ScrollContainer minWidth={320} type="native" tabIndex={0} role="region" aria-label={t('dashboard.keyDrivers.title')}>
        <Table verticalSpacing="xs" data-testid="key-drivers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('dashboard.driver')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('dashboard.keyDrivers.share')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('dashboard.keyDrivers.interval')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((driver) => (
              <Table.Tr key={driver.driverId}>
                <Table.Th scope="row" fw={500}>
                  {format.construct(driver.driverId)}
                </Table.Th>
                <Table.Td ta="right">
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <div
                      aria-hidden="true"
                      style={{
                        height: 8,
                        width: `${Math.round(driver.share * 80)}px`,
                        background: 'var(--mantine-color-indigo-6)',
                        borderRadius: 2,
                      }}
                    />
                    <Text span size="sm" fw={600}>
                      {format.share(driver.share)}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td ta="right">
                  {t('dashboard.range', { lower: format.share(driver.shareLower), upper: format.share(driver.shareUpper) })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {t('dashboard.keyDrivers.footnote', { replicates: format.count(result.replicates) })}
      </Text>
    </Stack>
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

type QuadrantKey = 'focus' | 'strengths' | 'watch' | 'maintain';

/**
 * Score against importance as a 2×2 grid of lists: focus areas (low score, high importance) come from
 * the server; the other three cells split the rest at the medians the server uses.
 */
export function Quadrant({ data, format }: { data: AvailableDashboard; format: DashboardFormat }) {
  const { t } = useTranslation();
  const points = data.quadrant;
  if (points.length === 0) {
    return <Text size="sm">{t('dashboard.quadrant.none')}</Text>;
  }
  const scoreMedian = median(points.map((p) => p.score));
  const importanceMedian = median(points.map((p) => p.importance));
  const cellOf = (point: (typeof points)[number]): QuadrantKey => {
    if (point.isFocusArea) return 'focus';
    const important = point.importance > importanceMedian;
    const low = point.score < scoreMedian;
    if (important) return low ? 'focus' : 'strengths';
    return low ? 'watch' : 'maintain';
  };
  const cells: QuadrantKey[] = ['focus', 'strengths', 'watch', 'maintain'];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" data-testid="quadrant">
      {cells.map((cell) => {
        const members = points.filter((point) => cellOf(point) === cell);
        return (
          <Paper
            key={cell}
            withBorder
            p="sm"
            radius="md"
            bg={cell === 'focus' ? 'orange.0' : undefined}
            data-testid={`quadrant-${cell}`}
          >
            <Text fw={600} size="sm">
              {t(`dashboard.quadrant.${cell}.title`)}
            </Text>
            <Text size="xs" c="dimmed" mb={6}>
              {t(`dashboard.quadrant.${cell}.hint`)}
            </Text>
            {members.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('dashboard.quadrant.empty')}
              </Text>
            ) : (
              <List size="sm" spacing={2}>
                {members.map((point) => (
                  <List.Item key={point.driverId}>
                    {t('dashboard.quadrant.point', {
                      driver: format.construct(point.driverId),
                      score: format.score(point.score),
                      importance: format.share(point.importance),
                    })}
                  </List.Item>
                ))}
              </List>
            )}
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

export function FocusAreaList({
  data,
  format,
  slot,
  areaAction,
}: {
  data: AvailableDashboard;
  format: DashboardFormat;
  slot: ReactNode;
  /** Shown under each focus area (planning an action on it). */
  areaAction?: (driverId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {data.focusAreas.length === 0 ? (
        <Text size="sm" data-testid="focus-areas-none">
          {data.keyDrivers.available ? t('dashboard.focus.none') : t('dashboard.focus.needsKeyDrivers')}
        </Text>
      ) : (
        data.focusAreas.map((area) => (
          <Paper key={area.driverId} withBorder p="sm" radius="md" data-testid="focus-area" data-driver={area.driverId}>
            <Title order={3} size="h5">
              {format.construct(area.driverId)}
            </Title>
            <Text size="sm" mt={4} data-testid="recommendation">
              {area.recommendation.text[format.language]}
            </Text>
            <Text size="sm" fw={500} mt="xs">
              {t('dashboard.focus.levers')}
            </Text>
            <List size="sm" spacing={2}>
              {area.levers.map((lever) => (
                <List.Item key={lever.id}>
                  {lever.path ? (
                    <Anchor component={Link} to={lever.path} data-testid="lever-link">
                      {lever.name[format.language]}
                    </Anchor>
                  ) : (
                    <Text span size="sm">
                      {lever.name[format.language]}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
            {areaAction && <Group mt="xs">{areaAction(area.driverId)}</Group>}
          </Paper>
        ))
      )}
      {slot}
    </Stack>
  );
}

export function Reliability({ data, format }: { data: AvailableDashboard; format: DashboardFormat }) {
  const { t } = useTranslation();
  if (data.reliability.length === 0) {
    return <Text size="sm">{t('dashboard.reliability.none')}</Text>;
  }
  return (
    <List size="sm" spacing={4} data-testid="reliability">
      {data.reliability.map((entry) => (
        <List.Item key={entry.construct}>
          <Text span size="sm" fw={500}>
            {format.construct(entry.construct)}:{' '}
          </Text>
          {entry.available && entry.alpha !== null ? (
            <>
              <Text span size="sm">
                {t('dashboard.reliability.alpha', { alpha: format.coefficient(entry.alpha) })}
              </Text>{' '}
              {entry.flagged ? (
                <Text span size="sm" fw={700} c="red.9" data-testid="reliability-flag">
                  {t('dashboard.reliability.flagged')}
                </Text>
              ) : (
                <Text span size="sm" c="dimmed">
                  {t('dashboard.reliability.ok')}
                </Text>
              )}
            </>
          ) : (
            <NotEnough />
          )}
        </List.Item>
      ))}
    </List>
  );
}

export function PerceptionGap({ data, format }: { data: AvailableDashboard; format: DashboardFormat }) {
  const { t } = useTranslation();
  if (!data.perceptionGap) {
    return <Text size="sm">{t('dashboard.gap.noMirror')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={480} type="native" tabIndex={0} role="region" aria-label={t('dashboard.gap.title')}>
      <Table verticalSpacing="xs" striped data-testid="perception-gap">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dashboard.driver')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dashboard.gap.sales')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dashboard.gap.marketing')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('dashboard.gap.gap')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.perceptionGap.map((row) => (
            <Table.Tr key={row.driverId}>
              <Table.Th scope="row" fw={500}>
                {format.construct(row.driverId)}
              </Table.Th>
              <Table.Td ta="right">{row.sales === null ? <NotEnough /> : format.score(row.sales)}</Table.Td>
              <Table.Td ta="right">{row.marketing === null ? <NotEnough /> : format.score(row.marketing)}</Table.Td>
              <Table.Td ta="right" fw={row.gap !== null && Math.abs(row.gap) >= 0.5 ? 700 : undefined}>
                {row.gap === null ? '–' : format.scoreChange(row.gap)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function Comments({ comments, format }: { comments: CycleComments; format: DashboardFormat }) {
  const { t } = useTranslation();
  if (!comments.available) {
    return <Text size="sm">{t('dashboard.comments.withheld')}</Text>;
  }
  if (comments.comments.length === 0) {
    return <Text size="sm">{t('dashboard.comments.none')}</Text>;
  }
  return (
    <Stack gap="xs" data-testid="comments">
      {comments.comments.map((comment, index) => {
        const item = findItem(comment.itemId);
        return (
          <Paper
            // biome-ignore lint/suspicious/noArrayIndexKey: comments are shuffled, undated and carry no id
            key={index}
            withBorder
            p="xs"
            radius="sm"
            component="blockquote"
            m={0}
          >
            {item && (
              <Text size="xs" c="dimmed">
                {item.text[format.language]}
              </Text>
            )}
            <Text size="sm">{comment.text}</Text>
          </Paper>
        );
      })}
    </Stack>
  );
}
