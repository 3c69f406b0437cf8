import { Badge, Button, Checkbox, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionPlan, ActionPlanFollowUp, ActionPlanStatus } from '../../../../common/api/action-plans';
import { errorText } from '../../components/errors';
import { notify } from '../../components/notify';
import { useDashboardFormat } from '../dashboard/dashboard-format';
import { ActionPlanFormModal, valuesOf } from './action-plan-form';
import { useSetStep, useUpdateActionPlan } from './action-plans.api';

const STATUS_COLOURS: Record<ActionPlanStatus, string> = {
  planned: 'gray',
  in_progress: 'blue',
  done: 'green',
  dropped: 'dark',
};

/** "Did it work?": the driver's change in the plan's scope, or why there is none. Never a count. */
export function FollowUp({ followUp }: { followUp: ActionPlanFollowUp }) {
  const { t } = useTranslation();
  const format = useDashboardFormat();
  let text: string;
  let colour: string | undefined;
  switch (followUp.state) {
    case 'no_baseline':
      text = t('actionPlans.followUp.noBaseline');
      break;
    case 'waiting':
      text = t('actionPlans.followUp.waiting');
      break;
    case 'not_available':
      text = t(followUp.reason === 'not_offered' ? 'actionPlans.followUp.notOffered' : 'actionPlans.followUp.notEnough');
      break;
    case 'measured': {
      const figures = {
        before: format.score(followUp.before),
        after: format.score(followUp.after),
        change: format.scoreChange(followUp.difference),
        lower: format.scoreChange(followUp.lower),
        upper: format.scoreChange(followUp.upper),
      };
      text = followUp.isRealChange
        ? t(followUp.difference > 0 ? 'actionPlans.followUp.realRise' : 'actionPlans.followUp.realFall', figures)
        : t('actionPlans.followUp.noRealChange', figures);
      colour = followUp.isRealChange ? (followUp.difference > 0 ? 'green.9' : 'red.9') : undefined;
      break;
    }
  }
  return (
    <Text size="sm" c={colour} data-testid="action-plan-follow-up" data-state={followUp.state}>
      <Text span size="sm" fw={600}>
        {t('actionPlans.followUp.label')}{' '}
      </Text>
      {text}
    </Text>
  );
}

export function ActionPlanCard({ plan, headingLevel = 3 }: { plan: ActionPlan; headingLevel?: 2 | 3 | 4 }) {
  const { t } = useTranslation();
  const format = useDashboardFormat();
  const setStep = useSetStep();
  const update = useUpdateActionPlan();
  const [editing, setEditing] = useState(false);
  // The tick as asked, set in the same event as the click: the mutation's own pending state arrives a
  // render later, and until then the controlled checkbox would snap back.
  const [asked, setAsked] = useState<{ stepId: string; done: boolean } | null>(null);
  const done = plan.steps.filter((step) => step.done).length;
  const overdue = plan.status !== 'done' && plan.status !== 'dropped' && plan.dueOn < new Date().toISOString().slice(0, 10);
  const closeEdit = () => {
    setEditing(false);
    update.reset();
  };

  return (
    <Paper withBorder p="sm" radius="md" data-testid="action-plan" data-plan={plan.id}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Title order={headingLevel} size="h5" style={{ overflowWrap: 'anywhere' }}>
            {plan.title}
          </Title>
          <Badge color={STATUS_COLOURS[plan.status]} variant="light">
            {t(`actionPlans.status.${plan.status}`)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('actionPlans.meta', {
            driver: format.construct(plan.driverId),
            scope: plan.team ? plan.team.name : t('actionPlans.scope.organisation'),
            owner: plan.owner?.name ?? t('actionPlans.noOwner'),
            due: format.date(plan.dueOn),
          })}
          {overdue && (
            <Text span size="sm" c="red.9" fw={500}>
              {' '}
              {t('actionPlans.overdue')}
            </Text>
          )}
        </Text>
        {plan.steps.length > 0 && (
          <>
            <Progress
              value={(done / plan.steps.length) * 100}
              size="sm"
              aria-label={t('actionPlans.progress', { done, total: plan.steps.length })}
            />
            <Text size="xs" c="dimmed">
              {t('actionPlans.progress', { done, total: plan.steps.length })}
            </Text>
            <Stack gap={4}>
              {plan.steps.map((step) => (
                <Checkbox
                  key={step.id}
                  size="sm"
                  label={step.text}
                  // Shown as asked while the server confirms.
                  checked={asked?.stepId === step.id ? asked.done : step.done}
                  disabled={!plan.canUpdateProgress || asked !== null}
                  onChange={(event) => {
                    const next = { stepId: step.id, done: event.currentTarget.checked };
                    setAsked(next);
                    setStep.mutate(
                      { planId: plan.id, ...next },
                      {
                        onError: (error) => notify('error', errorText(t, error)),
                        // By now the confirmed plan is in the cache (or the change failed and the old state stands).
                        onSettled: () => setAsked(null),
                      },
                    );
                  }}
                />
              ))}
            </Stack>
          </>
        )}
        <FollowUp followUp={plan.followUp} />
        {(plan.canEdit || plan.canUpdateProgress) && (
          <Group gap="xs">
            {plan.canEdit ? (
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            ) : (
              plan.status !== 'done' && (
                <Button
                  size="xs"
                  variant="default"
                  loading={update.isPending}
                  onClick={() =>
                    update.mutate(
                      { plan, changes: { status: plan.status === 'planned' ? 'in_progress' : 'done' } },
                      { onError: (error) => notify('error', errorText(t, error)) },
                    )
                  }
                >
                  {plan.status === 'planned' ? t('actionPlans.start') : t('actionPlans.finish')}
                </Button>
              )
            )}
          </Group>
        )}
      </Stack>
      {editing && (
        <ActionPlanFormModal
          opened={editing}
          onClose={closeEdit}
          title={t('actionPlans.edit')}
          initial={valuesOf(plan)}
          editing
          submitting={update.isPending}
          error={update.error}
          onSubmit={(values) =>
            update.mutate(
              {
                plan,
                changes: {
                  title: values.title.trim(),
                  ownerId: values.ownerId,
                  dueOn: values.dueOn,
                  status: values.status,
                  steps: values.steps.map((step) => ({ id: step.id, text: step.text.trim(), done: step.done })),
                },
              },
              {
                onSuccess: () => {
                  notify('success', t('actionPlans.saved'));
                  closeEdit();
                },
              },
            )
          }
        />
      )}
    </Paper>
  );
}
