import { Badge, Button, Group, Modal, Paper, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACCOUNT_TIERS, type AccountTier } from '../../../../common/roles';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { ExportMenu } from '../../components/export-menu';
import { useListParams } from '../../components/list-state';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { SearchInput } from '../../components/search-input';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { AccountForm } from './account-form';
import { type AccountWithEtag, fetchAccount, useAccounts, useCreateAccount, useUpdateAccount } from './accounts.api';

const PAGE_SIZE = 25;
const TIER_COLORS: Record<AccountTier, string> = { A: 'indigo', B: 'teal', C: 'gray' };

export default function AccountsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const manages = can(user.role, 'accounts.manage');
  const { page, values, update } = useListParams(['q', 'tier'] as const);
  const tier = (ACCOUNT_TIERS as readonly string[]).includes(values.tier) ? (values.tier as AccountTier) : '';
  const accounts = useAccounts({ page, pageSize: PAGE_SIZE, q: values.q, tier });

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AccountWithEtag | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const create = useCreateAccount();
  const updateAccount = useUpdateAccount();

  async function openEditor(id: string) {
    setOpening(id);
    try {
      updateAccount.reset();
      setEditing(await fetchAccount(id));
    } catch (error) {
      notify('error', errorText(t, error));
    } finally {
      setOpening(null);
    }
  }
  function closeCreate() {
    setCreating(false);
    create.reset();
  }
  function closeEdit() {
    setEditing(null);
    updateAccount.reset();
  }

  const filtered = Boolean(values.q || tier);

  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        description={t('accounts.description')}
        actions={
          manages && (
            <>
              <ExportMenu href="/api/accounts/export.csv" />
              <Button component={Link} to="/accounts/import" variant="default">
                {t('common.importCsv')}
              </Button>
              <Button onClick={() => setCreating(true)}>{t('accounts.create')}</Button>
            </>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
          <SearchInput label={t('accounts.search')} value={values.q} onSearch={(q) => update({ q })} />
          <Select
            label={t('accounts.fields.tier')}
            placeholder={t('common.all')}
            clearable
            data={ACCOUNT_TIERS.map((value) => ({ value, label: t(`tiers.${value}`) }))}
            value={tier || null}
            onChange={(value) => update({ tier: value })}
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
        {accounts.isPending ? (
          <TableSkeleton />
        ) : accounts.isError ? (
          <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
        ) : accounts.data.items.length === 0 ? (
          <EmptyState
            title={filtered ? t('common.noMatches') : t('accounts.empty')}
            hint={filtered ? t('common.noMatchesHint') : manages ? t('accounts.emptyHintAdmin') : t('accounts.emptyHint')}
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('accounts.fields.name')}</Table.Th>
                    <Table.Th>{t('accounts.fields.tier')}</Table.Th>
                    <Table.Th ta="right">{t('accounts.fields.annualPotential')}</Table.Th>
                    <Table.Th>{t('accounts.fields.owner')}</Table.Th>
                    {manages && (
                      <Table.Th>
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {accounts.data.items.map((account) => (
                    <Table.Tr key={account.id}>
                      <Table.Td fw={500}>{account.name}</Table.Td>
                      <Table.Td>
                        <Badge variant="dot" color={TIER_COLORS[account.tier]}>
                          {t(`tiers.${account.tier}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right" className="nowrap">
                        {format.euros(account.annualPotential)}
                      </Table.Td>
                      <Table.Td>{account.ownerName ?? <Text c="dimmed">{t('accounts.noOwner')}</Text>}</Table.Td>
                      {manages && (
                        <Table.Td ta="right">
                          <Button
                            size="xs"
                            variant="default"
                            loading={opening === account.id}
                            onClick={() => void openEditor(account.id)}
                            aria-label={t('accounts.editNamed', { name: account.name })}
                          >
                            {t('common.edit')}
                          </Button>
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
              total={accounts.data.total}
              onChange={(next) => update({ page: next })}
            />
          </>
        )}
      </Paper>

      <Modal
        opened={creating}
        onClose={closeCreate}
        title={t('accounts.create')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <AccountForm
          submitting={create.isPending}
          error={create.error}
          onCancel={closeCreate}
          onReload={closeCreate}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: (account) => {
                closeCreate();
                notify('success', t('accounts.created', { name: account.name }));
              },
            })
          }
        />
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={closeEdit}
        title={t('accounts.edit')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && (
          <AccountForm
            key={editing.etag}
            account={editing.account}
            submitting={updateAccount.isPending}
            error={updateAccount.error}
            onCancel={closeEdit}
            onReload={() => void openEditor(editing.account.id)}
            onSubmit={(input) =>
              updateAccount.mutate(
                { id: editing.account.id, etag: editing.etag, input },
                {
                  onSuccess: (account) => {
                    closeEdit();
                    notify('success', t('accounts.saved', { name: account.name }));
                  },
                },
              )
            }
          />
        )}
      </Modal>
    </>
  );
}
