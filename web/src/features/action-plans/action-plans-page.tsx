import { Group, NativeSelect, SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_PLAN_STATUSES, type ActionPlanStatus } from '../../../../common/api/action-plans';
import { DRIVER_IDS, type DriverId } from '../../../../common/instrument/items';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { EmptyState } from '../../components/empty-state';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { PaginationBar } from '../../components/pagination-bar';
import { useDashboardFormat } from '../dashboard/dashboard-format';
import { useSalesTeams } from '../surveys/surveys.api';
import { ActionPlanCard } from './action-plan-card';
import { useActionPlans } from './action-plans.api';
import { CreateActionPlanButton } from './create-action-plan-button';

const PAGE_SIZE = 20;

export default function ActionPlansPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useDashboardFormat();
  const [page, setPage] = useState(1);
  const [driverId, setDriverId] = useState<DriverId | ''>('');
  const [scope, setScope] = useState('');
  const [status, setStatus] = useState<ActionPlanStatus | ''>('');
  const seesTeams = can(user.role, 'dashboard.read_breakdowns');
  const teams = useSalesTeams(seesTeams);
  const plans = useActionPlans({
    page,
    pageSize: PAGE_SIZE,
    driverId: driverId || undefined,
    scope: scope || undefined,
    status: status || undefined,
  });
  const filtered = driverId !== '' || scope !== '' || status !== '';
  const change = (apply: () => void) => {
    apply();
    setPage(1);
  };

  return (
    <>
      <PageHeader
        title={t('actionPlans.title')}
        description={t('actionPlans.description')}
        actions={<CreateActionPlanButton driverId={driverId || 'AMB'} />}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mb="md">
        <NativeSelect
          label={t('actionPlans.form.driver')}
          value={driverId}
          onChange={(e) => change(() => setDriverId(e.currentTarget.value as DriverId | ''))}
          data={[{ value: '', label: t('common.all') }, ...DRIVER_IDS.map((id) => ({ value: id, label: format.construct(id) }))]}
        />
        <NativeSelect
          label={t('actionPlans.form.scope')}
          value={scope}
          onChange={(e) => change(() => setScope(e.currentTarget.value))}
          data={[
            { value: '', label: t('common.all') },
            { value: 'organisation', label: t('actionPlans.scope.organisation') },
            ...(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name })),
          ]}
        />
        <NativeSelect
          label={t('actionPlans.form.status')}
          value={status}
          onChange={(e) => change(() => setStatus(e.currentTarget.value as ActionPlanStatus | ''))}
          data={[
            { value: '', label: t('common.all') },
            ...ACTION_PLAN_STATUSES.map((value) => ({ value, label: t(`actionPlans.status.${value}`) })),
          ]}
        />
      </SimpleGrid>
      {plans.isPending ? (
        <Stack gap="sm" role="status" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={120} />
          <Skeleton height={120} />
        </Stack>
      ) : plans.isError ? (
        <ErrorAlert error={plans.error} onRetry={() => plans.refetch()} />
      ) : plans.data.items.length === 0 ? (
        filtered ? (
          <EmptyState title={t('common.noMatches')} hint={t('common.noMatchesHint')} />
        ) : (
          <EmptyState title={t('actionPlans.empty')} hint={t('actionPlans.emptyHint')} />
        )
      ) : (
        <Stack gap="sm" data-testid="action-plans-list">
          {plans.data.items.map((plan) => (
            <ActionPlanCard key={plan.id} plan={plan} headingLevel={2} />
          ))}
          <Group justify="flex-end">
            <PaginationBar page={page} pageSize={PAGE_SIZE} total={plans.data.total} onChange={setPage} />
          </Group>
        </Stack>
      )}
    </>
  );
}
