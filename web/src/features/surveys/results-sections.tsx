import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CycleComments, CycleResults } from '../../../../common/api/surveys';
import { CONSTRUCTS, type ConstructId, findItem } from '../../../../common/instrument/items';
import { useFormat } from '../../i18n/format';
import { groupLabel, useResultsFormat } from './results-format';

type Released = Extract<CycleResults, { available: true }>;
type Language = 'de' | 'en';

function useLanguage(): Language {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'en' ? 'en' : 'de';
}

/** Where a figure is withheld: words only, never a number or a count. */
export function NotEnough() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" fs="italic" data-testid="not-enough">
      {t('surveys.results.notEnough')}
    </Text>
  );
}

/** The newest day any figure on the page includes answers up to (YYYY-MM-DD compares as text). */
function newestAsOf(results: Released): string | null {
  let newest = results.asOf;
  for (const breakdown of results.breakdowns) {
    for (const group of breakdown.groups) {
      if (group.available && group.asOf !== null && (newest === null || group.asOf > newest)) newest = group.asOf;
    }
  }
  return newest;
}

/**
 * "Includes answers up to <day>" for a group whose figures are older than the newest on the page: its
 * latest answers stay out until enough others answer with them (decision 0013). Nothing is said about
 * answers not yet shown: their number or their mere existence could single someone out.
 */
function AsOf({ asOf, newest }: { asOf: string | null; newest: string | null }) {
  const { t } = useTranslation();
  const { date } = useFormat();
  if (asOf === null || newest === null || asOf >= newest) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="as-of">
      {t('surveys.results.asOf', { date: date(asOf) })}
    </Text>
  );
}

function Figure({ label, hint, children, testId }: { label: string; hint: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.3} component="div">
        {children}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

export function ResultsSummary({ results }: { results: Released }) {
  const { t } = useTranslation();
  const format = useResultsFormat();
  return (
    <Stack gap={4}>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" data-testid="results-summary">
        <Figure
          label={t('surveys.results.summary.responses')}
          hint={t('surveys.results.summary.responsesHint')}
          testId="response-rate"
        >
          {results.responseRate === null ? (
            <NotEnough />
          ) : (
            <>
              {format.share(results.responseRate)}
              <Text size="sm" c="dimmed" component="span" display="block" fw={400}>
                {t('surveys.results.summary.answeredOf', {
                  answered: format.count(results.n),
                  invited: format.count(results.invited),
                })}
              </Text>
            </>
          )}
        </Figure>
        <Figure
          label={t('surveys.results.summary.trustIndex')}
          hint={t('surveys.results.summary.trustIndexHint')}
          testId="trust-index"
        >
          {results.trustIndex === null ? <NotEnough /> : format.index(results.trustIndex)}
        </Figure>
        <Figure label={t('surveys.results.summary.inps')} hint={t('surveys.results.summary.inpsHint')} testId="inps">
          {results.inps === null ? <NotEnough /> : format.inps(results.inps)}
        </Figure>
      </SimpleGrid>
      <AsOf asOf={results.asOf} newest={newestAsOf(results)} />
    </Stack>
  );
}

/** Mean (1–5) and favourable share, with a bar for the share. */
function Score({ mean, share, label }: { mean: number | null; share: number | null; label: string }) {
  const { t } = useTranslation();
  const format = useResultsFormat();
  if (mean === null || share === null) return <NotEnough />;
  return (
    <Stack gap={4} miw={120}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {format.mean(mean)}
        </Text>
        <Text size="xs" c="dimmed">
          {t('surveys.results.favourable', { share: format.share(share) })}
        </Text>
      </Group>
      <Progress
        value={Math.round(share * 100)}
        size="sm"
        color="teal.8"
        aria-label={t('surveys.results.favourableOf', { label })}
      />
    </Stack>
  );
}

function Section({ title, hint, children, testId }: { title: string; hint?: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {hint && (
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

export function DriverScores({ results }: { results: Released }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const format = useResultsFormat();
  const mirror = new Map((results.mirror?.drivers ?? []).map((d) => [d.driverId, d]));
  return (
    <Section title={t('surveys.results.drivers.title')} hint={t('surveys.results.drivers.hint')} testId="drivers">
      <Table verticalSpacing="xs" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('surveys.results.drivers.driver')}</Table.Th>
            <Table.Th w="45%">{t('surveys.results.drivers.score')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.drivers.map((driver) => {
            const name = CONSTRUCTS[driver.driverId as ConstructId]?.name[language] ?? driver.driverId;
            const self = mirror.get(driver.driverId);
            return (
              <Table.Tr key={driver.driverId} data-testid="driver-row" data-driver={driver.driverId}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {name}
                  </Text>
                  {self && (
                    <Text size="xs" c="dimmed">
                      {self.available && self.mean !== null
                        ? t('surveys.results.drivers.mirror', { mean: format.mean(self.mean) })
                        : t('surveys.results.drivers.mirrorHidden')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Score mean={driver.mean} share={driver.favourableShare} label={name} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

export function StatementScores({ results }: { results: Released }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Section title={t('surveys.results.statements.title')} hint={t('surveys.results.statements.hint')} testId="statements">
      <Table verticalSpacing="xs" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('surveys.results.statements.statement')}</Table.Th>
            <Table.Th w="45%">{t('surveys.results.drivers.score')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.statements.map((statement) => {
            const item = findItem(statement.itemId);
            const text = item?.text[language] ?? statement.itemId;
            const construct = item?.construct ? CONSTRUCTS[item.construct].name[language] : null;
            return (
              <Table.Tr key={statement.itemId} data-testid="statement-row" data-item={statement.itemId}>
                <Table.Td>
                  <Text size="sm">{text}</Text>
                  {construct && (
                    <Text size="xs" c="dimmed">
                      {construct}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Score mean={statement.mean} share={statement.favourableShare} label={text} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0} align="flex-end">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </Stack>
  );
}

export function Breakdowns({ results, teamNames }: { results: Released; teamNames: Map<string, string> }) {
  const { t } = useTranslation();
  const format = useResultsFormat();
  const newest = newestAsOf(results);
  if (results.breakdowns.length === 0) {
    return (
      <Section title={t('surveys.results.breakdowns.title')} testId="breakdowns">
        <Text size="sm" c="dimmed">
          {t('surveys.results.breakdowns.none')}
        </Text>
      </Section>
    );
  }
  return (
    <Section title={t('surveys.results.breakdowns.title')} hint={t('surveys.results.breakdowns.hint')} testId="breakdowns">
      {results.breakdowns.map((breakdown) => (
        <Stack key={breakdown.attribute} gap={4} data-testid={`breakdown-${breakdown.attribute}`}>
          <Title order={3} size="h5">
            {t(`surveys.results.attributes.${breakdown.attribute}`)}
          </Title>
          {breakdown.groups.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('surveys.results.breakdowns.noGroups')}
            </Text>
          ) : (
            // A list rather than a four-column table: it stays readable on a 360 px screen.
            <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {breakdown.groups.map((group) => (
                <Group
                  key={group.value}
                  component="li"
                  justify="space-between"
                  align="center"
                  gap="xs"
                  py={6}
                  style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
                  data-testid="breakdown-group"
                  data-value={group.value}
                  data-available={String(group.available)}
                >
                  <Stack gap={0} miw={0} style={{ flex: '1 1 8rem' }}>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {groupLabel(t, breakdown.attribute, group.value, teamNames)}
                    </Text>
                    {group.available && <AsOf asOf={group.asOf} newest={newest} />}
                  </Stack>
                  {group.available ? (
                    <Group gap="md" wrap="nowrap">
                      <Stat label={t('surveys.results.breakdowns.answers')} value={format.count(group.n)} />
                      <Stat
                        label={t('surveys.results.breakdowns.trustIndex')}
                        value={group.trustIndex === null ? '–' : format.index(group.trustIndex)}
                      />
                      <Stat
                        label={t('surveys.results.summary.inps')}
                        value={group.inps === null ? '–' : format.inps(group.inps)}
                      />
                    </Group>
                  ) : (
                    <NotEnough />
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
      ))}
    </Section>
  );
}

export function Comments({ comments }: { comments: CycleComments }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (!comments.available) {
    return (
      <Section title={t('surveys.results.comments.title')} testId="comments">
        <Text size="sm" c="dimmed" data-testid="comments-hidden">
          {t('surveys.results.comments.hidden')}
        </Text>
      </Section>
    );
  }
  const byQuestion = new Map<string, string[]>();
  for (const comment of comments.comments) {
    byQuestion.set(comment.itemId, [...(byQuestion.get(comment.itemId) ?? []), comment.text]);
  }
  return (
    <Section title={t('surveys.results.comments.title')} hint={t('surveys.results.comments.hint')} testId="comments">
      {byQuestion.size === 0 && (
        <Text size="sm" c="dimmed">
          {t('surveys.results.comments.empty')}
        </Text>
      )}
      {[...byQuestion].map(([itemId, texts]) => (
        <Stack key={itemId} gap={6}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Title order={3} size="h5">
              {findItem(itemId)?.text[language] ?? itemId}
            </Title>
            <Badge variant="light" color="gray" c="gray.9" style={{ flexShrink: 0 }}>
              {t('surveys.results.comments.count', { count: texts.length })}
            </Badge>
          </Group>
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {texts.map((text, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: comments carry no id on purpose, and identical texts may repeat
              <Paper key={index} component="li" withBorder p="xs" radius="sm" bg="gray.0" data-testid="comment">
                <Text size="sm" className="mail-text">
                  {text}
                </Text>
              </Paper>
            ))}
          </Stack>
        </Stack>
      ))}
    </Section>
  );
}
