import { Anchor, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DriverId } from '../../../../common/instrument/items';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { ErrorAlert } from '../../components/error-alert';
import { ActionPlanCard } from './action-plan-card';
import { useActionPlans } from './action-plans.api';

const PANEL_SIZE = 10;

/**
 * The action plans on the dashboard: the plans the viewer may read (of one team where the dashboard
 * shows a team), each with its progress and the follow-up "did it work?".
 */
export function ActionPlansPanel({ teamId, driverId }: { teamId?: string | undefined; driverId?: DriverId | undefined }) {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = can(user.role, 'action_plans.read');
  const plans = useActionPlans({ page: 1, pageSize: PANEL_SIZE, scope: teamId, driverId });
  if (!allowed) return null;
  return (
    <Stack gap="sm" data-testid="action-plans-panel">
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h4">
          {t('actionPlans.title')}
        </Title>
        <Anchor component={Link} to="/action-plans" size="sm">
          {t('actionPlans.showAll')}
        </Anchor>
      </Group>
      {plans.isPending ? (
        <Stack gap="xs" role="status" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={90} />
          <Skeleton height={90} />
        </Stack>
      ) : plans.isError ? (
        <ErrorAlert error={plans.error} onRetry={() => plans.refetch()} />
      ) : plans.data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="action-plans-empty">
          {t('actionPlans.emptyPanel')}
        </Text>
      ) : (
        <>
          {plans.data.items.map((plan) => (
            <ActionPlanCard key={plan.id} plan={plan} headingLevel={4} />
          ))}
          {plans.data.total > plans.data.items.length && (
            <Text size="sm" c="dimmed">
              {t('actionPlans.more', { count: plans.data.total - plans.data.items.length })}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
