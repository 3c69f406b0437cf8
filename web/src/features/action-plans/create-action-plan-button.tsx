import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DRIVER_IDS, type DriverId } from '../../../../common/instrument/items';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { notify } from '../../components/notify';
import { useDashboardFormat } from '../dashboard/dashboard-format';
import { ActionPlanFormModal, type PlanFormValues } from './action-plan-form';
import { useCreateActionPlan } from './action-plans.api';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const isDriver = (id: string): id is DriverId => (DRIVER_IDS as readonly string[]).includes(id);

/** Opens the form for a new plan on a driver (a focus area), in the organisation or one team. */
export function CreateActionPlanButton({ driverId, teamId }: { driverId: string; teamId?: string | null | undefined }) {
  const { t } = useTranslation();
  const user = useUser();
  const format = useDashboardFormat();
  const [opened, setOpened] = useState(false);
  const create = useCreateActionPlan();
  if (!can(user.role, 'action_plans.manage') || !isDriver(driverId)) return null;
  const initial: PlanFormValues = {
    title: '',
    driverId,
    teamId: teamId ?? null,
    ownerId: '',
    dueOn: inDays(60),
    status: 'planned',
    steps: [{ key: 'first', text: '', done: false }],
  };
  const close = () => {
    setOpened(false);
    create.reset();
  };
  return (
    <>
      <Button
        size="xs"
        variant="light"
        onClick={() => setOpened(true)}
        data-testid="create-action-plan"
        aria-label={t('actionPlans.createFor', { driver: format.construct(driverId) })}
      >
        {t('actionPlans.create')}
      </Button>
      {opened && (
        <ActionPlanFormModal
          opened={opened}
          onClose={close}
          title={t('actionPlans.createFor', { driver: format.construct(driverId) })}
          initial={initial}
          editing={false}
          submitting={create.isPending}
          error={create.error}
          onSubmit={(values) =>
            create.mutate(
              {
                title: values.title.trim(),
                driverId: values.driverId,
                teamId: values.teamId,
                ownerId: values.ownerId,
                dueOn: values.dueOn,
                steps: values.steps.map((step) => step.text.trim()),
              },
              {
                onSuccess: () => {
                  notify('success', t('actionPlans.created'));
                  close();
                },
              },
            )
          }
        />
      )}
    </>
  );
}
