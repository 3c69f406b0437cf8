import { ActionIcon, Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_PLAN_STATUSES,
  ACTION_PLAN_TITLE_LENGTH,
  type ActionPlan,
  type ActionPlanStatus,
  MAX_ACTION_PLAN_STEPS,
} from '../../../../common/api/action-plans';
import { DRIVER_IDS, type DriverId } from '../../../../common/instrument/items';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { useDashboardFormat } from '../dashboard/dashboard-format';
import { useSalesTeams } from '../surveys/surveys.api';
import { useOwnerOptions } from './action-plans.api';

export interface PlanFormValues {
  title: string;
  driverId: DriverId;
  teamId: string | null;
  ownerId: string;
  dueOn: string;
  status: ActionPlanStatus;
  steps: { key: string; id?: string; text: string; done: boolean }[];
}

export function valuesOf(plan: ActionPlan): PlanFormValues {
  return {
    title: plan.title,
    driverId: plan.driverId,
    teamId: plan.team?.id ?? null,
    ownerId: plan.owner?.id ?? '',
    dueOn: plan.dueOn,
    status: plan.status,
    steps: plan.steps.map((step) => ({ key: step.id, id: step.id, text: step.text, done: step.done })),
  };
}

/** The server's field of a refused value, so that the message sits next to the field. */
function fieldOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !Array.isArray(error.details)) return null;
  const path = (error.details[0] as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : null;
}

interface PlanFormProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  initial: PlanFormValues;
  /** Driver and scope are fixed once a plan exists: its follow-up measures them. */
  editing: boolean;
  submitting: boolean;
  error: unknown;
  onSubmit: (values: PlanFormValues) => void;
}

export function ActionPlanFormModal({ opened, onClose, title, initial, editing, submitting, error, onSubmit }: PlanFormProps) {
  const { t } = useTranslation();
  const format = useDashboardFormat();
  const [values, setValues] = useState<PlanFormValues>(initial);
  const [touched, setTouched] = useState(false);
  const owners = useOwnerOptions(opened);
  const teams = useSalesTeams(opened && !editing);
  const stepsLabel = useId();
  const set = <K extends keyof PlanFormValues>(key: K, value: PlanFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const titleLength = values.title.trim().length;
  const titleError =
    touched && (titleLength < ACTION_PLAN_TITLE_LENGTH.min || titleLength > ACTION_PLAN_TITLE_LENGTH.max)
      ? t('actionPlans.form.titleLength', ACTION_PLAN_TITLE_LENGTH)
      : null;
  const ownerError = touched && values.ownerId === '' ? t('actionPlans.form.ownerRequired') : null;
  const dueError = touched && values.dueOn === '' ? t('actionPlans.form.dueRequired') : null;
  const serverField = fieldOf(error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (titleLength < ACTION_PLAN_TITLE_LENGTH.min || titleLength > ACTION_PLAN_TITLE_LENGTH.max) return;
    if (values.ownerId === '' || values.dueOn === '') return;
    onSubmit({ ...values, steps: values.steps.filter((step) => step.text.trim() !== '') });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('actionPlans.form.title')}
            value={values.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            required
            maxLength={ACTION_PLAN_TITLE_LENGTH.max}
            error={titleError}
            data-autofocus
          />
          <NativeSelect
            label={t('actionPlans.form.driver')}
            value={values.driverId}
            disabled={editing}
            onChange={(e) => set('driverId', e.currentTarget.value as DriverId)}
            data={DRIVER_IDS.map((id) => ({ value: id, label: format.construct(id) }))}
          />
          {!editing && (
            <NativeSelect
              label={t('actionPlans.form.scope')}
              value={values.teamId ?? ''}
              onChange={(e) => set('teamId', e.currentTarget.value === '' ? null : e.currentTarget.value)}
              data={[
                { value: '', label: t('actionPlans.scope.organisation') },
                ...(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name })),
              ]}
              error={serverField === 'teamId' ? t('actionPlans.errors.teamId') : null}
            />
          )}
          <NativeSelect
            label={t('actionPlans.form.owner')}
            value={values.ownerId}
            required
            onChange={(e) => set('ownerId', e.currentTarget.value)}
            data={[
              { value: '', label: owners.isLoading ? t('common.loading') : t('actionPlans.form.ownerPick') },
              ...(owners.data ?? []).map((person) => ({
                value: person.id,
                label: `${person.name} (${t(`roles.${person.role}`)})`,
              })),
            ]}
            error={ownerError ?? (serverField === 'ownerId' ? t('actionPlans.errors.ownerId') : null)}
          />
          <TextInput
            type="date"
            label={t('actionPlans.form.due')}
            value={values.dueOn}
            required
            onChange={(e) => set('dueOn', e.currentTarget.value)}
            error={dueError ?? (serverField === 'dueOn' ? t('actionPlans.errors.dueOn') : null)}
          />
          {editing && (
            <NativeSelect
              label={t('actionPlans.form.status')}
              value={values.status}
              onChange={(e) => set('status', e.currentTarget.value as ActionPlanStatus)}
              data={ACTION_PLAN_STATUSES.map((status) => ({ value: status, label: t(`actionPlans.status.${status}`) }))}
            />
          )}
          <Stack gap={6} role="group" aria-labelledby={stepsLabel}>
            <Text size="sm" fw={500} id={stepsLabel}>
              {t('actionPlans.form.steps', { max: MAX_ACTION_PLAN_STEPS })}
            </Text>
            {values.steps.map((step, index) => (
              <Group key={step.key} gap="xs" wrap="nowrap">
                <TextInput
                  flex={1}
                  aria-label={t('actionPlans.form.step', { number: index + 1 })}
                  value={step.text}
                  maxLength={200}
                  onChange={(e) => {
                    const text = e.currentTarget.value;
                    set(
                      'steps',
                      values.steps.map((s, i) => (i === index ? { ...s, text } : s)),
                    );
                  }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('actionPlans.form.removeStep', { number: index + 1 })}
                  onClick={() =>
                    set(
                      'steps',
                      values.steps.filter((_, i) => i !== index),
                    )
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                disabled={values.steps.length >= MAX_ACTION_PLAN_STEPS}
                onClick={() => set('steps', [...values.steps, { key: crypto.randomUUID(), text: '', done: false }])}
              >
                {t('actionPlans.form.addStep')}
              </Button>
            </Group>
          </Stack>
          {error !== null && error !== undefined && serverField === null && <ErrorAlert error={error} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={submitting} data-testid="action-plan-submit">
              {editing ? t('common.save') : t('actionPlans.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
