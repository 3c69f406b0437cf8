import { Code, Group, Paper, Select, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, Page } from '../../../../common/api/contracts';
import { apiGet, withQuery } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { useListParams } from '../../components/list-state';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';

const PAGE_SIZE = 50;

export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.password_reset',
  'auth.password_changed',
  'auth.invitation_accepted',
  'organisation.set_up',
  'person.role_changed',
  'person.deactivated',
  'person.reactivated',
  'people.imported',
  'accounts.imported',
] as const;

/** i18next keys may not contain dots inside a segment, so `auth.sign_in` becomes `auth__sign_in`. */
export const auditActionKey = (action: string) => `auditActions.${action.replace(/\./g, '__')}`;

function formatDetails(details: Record<string, unknown>): string {
  const entries = Object.entries(details);
  if (entries.length === 0) return '';
  return entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ');
}

export default function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { page, values, update } = useListParams(['action'] as const);
  const entries = useQuery({
    queryKey: ['audit', page, values.action],
    queryFn: () => apiGet<Page<AuditEntry>>(withQuery('/api/audit', { page, pageSize: PAGE_SIZE, action: values.action })),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <Paper withBorder p="md" radius="md">
        <Group align="flex-end" gap="sm" mb="md">
          <Select
            label={t('audit.action')}
            placeholder={t('common.all')}
            clearable
            searchable
            data={AUDIT_ACTIONS.map((action) => ({ value: action, label: t(auditActionKey(action)) }))}
            value={values.action || null}
            onChange={(value) => update({ action: value })}
            w={{ base: '100%', xs: 280 }}
            maw="100%"
          />
        </Group>
        {entries.isPending ? (
          <TableSkeleton />
        ) : entries.isError ? (
          <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />
        ) : entries.data.items.length === 0 ? (
          <EmptyState title={values.action ? t('common.noMatches') : t('audit.empty')} hint={t('audit.emptyHint')} />
        ) : (
          <>
            {/* The table holds nothing focusable, so its scroll area takes the focus itself: keyboard users scroll it. */}
            <Table.ScrollContainer minWidth={820} type="native" tabIndex={0} role="region" aria-label={t('audit.title')}>
              <Table striped verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('audit.at')}</Table.Th>
                    <Table.Th>{t('audit.actor')}</Table.Th>
                    <Table.Th>{t('audit.action')}</Table.Th>
                    <Table.Th>{t('audit.details')}</Table.Th>
                    <Table.Th>{t('audit.ip')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.data.items.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td className="nowrap">{format.dateTime(entry.at)}</Table.Td>
                      <Table.Td>{entry.actorName ?? <Text c="dimmed">{t('audit.system')}</Text>}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {t(auditActionKey(entry.action), { defaultValue: entry.action })}
                        </Text>
                        {entry.targetType && (
                          <Text size="xs" c="dimmed">
                            {entry.targetType}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                          {formatDetails(entry.details)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{entry.ip ? <Code>{entry.ip}</Code> : '–'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <PaginationBar
              page={page}
              pageSize={PAGE_SIZE}
              total={entries.data.total}
              onChange={(next) => update({ page: next })}
            />
          </>
        )}
      </Paper>
    </>
  );
}
