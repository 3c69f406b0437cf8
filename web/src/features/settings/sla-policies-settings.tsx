import { Alert, Badge, Button, Fieldset, Group, Modal, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaPolicy } from '../../../../common/api/contracts';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/confirm';
import { ErrorAlert } from '../../components/error-alert';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { StaleAlert } from '../../components/stale-alert';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { PRIORITIES } from '../requests/request-badges';
import { refetchSlaPolicy, SLA_MAX_MINUTES, useResetSlaPolicy, useSetSlaPolicy, useSlaPolicies } from './settings.api';

const MAX_HOURS = Math.floor(SLA_MAX_MINUTES / 60);

/** "8 h", "1 h 30 min" or "45 min": targets are business time, so they are never shown as calendar days. */
function useBusinessDuration() {
  const { t } = useTranslation();
  const format = useFormat();
  return (totalMinutes: number) => {
    const hours = Math.floor(totalMinutes / 60);
    const minutes = totalMinutes % 60;
    if (hours === 0) return t('settings.serviceLevels.minutesOnly', { minutes: format.number(minutes) });
    if (minutes === 0) return t('settings.serviceLevels.hoursOnly', { hours: format.number(hours) });
    return t('settings.serviceLevels.hoursMinutes', { hours: format.number(hours), minutes: format.number(minutes) });
  };
}

function usePolicyName() {
  const { t, i18n } = useTranslation();
  const english = i18n.resolvedLanguage === 'en';
  return (policy: SlaPolicy) =>
    t('settings.serviceLevels.policyName', {
      type: english ? policy.typeNameEn : policy.typeNameDe,
      priority: t(`requestPriority.${policy.priority}`),
    });
}

/** The policies grouped by request type, in the order the server lists the types. */
function groupByType(policies: SlaPolicy[]) {
  const groups = new Map<string, SlaPolicy[]>();
  for (const policy of policies) groups.set(policy.typeId, [...(groups.get(policy.typeId) ?? []), policy]);
  return [...groups.values()].map((list) =>
    [...list].sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority)),
  );
}

export function SlaPoliciesSettings() {
  const { t, i18n } = useTranslation();
  const english = i18n.resolvedLanguage === 'en';
  const client = useQueryClient();
  const policies = useSlaPolicies();
  const setPolicy = useSetSlaPolicy();
  const resetPolicy = useResetSlaPolicy();
  const duration = useBusinessDuration();
  const policyName = usePolicyName();
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const [resetting, setResetting] = useState<SlaPolicy | null>(null);
  const [staleReset, setStaleReset] = useState(false);

  function closeEdit() {
    setEditing(null);
    setPolicy.reset();
  }

  async function reloadEdited(policy: SlaPolicy) {
    const fresh = await refetchSlaPolicy(client, policy);
    setPolicy.reset();
    setEditing(fresh ?? null);
  }

  function confirmReset(policy: SlaPolicy) {
    resetPolicy.mutate(policy, {
      onSuccess: (reset) => {
        setResetting(null);
        notify('success', t('settings.serviceLevels.resetDone', { name: policyName(reset) }));
      },
      onError: (error) => {
        setResetting(null);
        if (isApiError(error, 'precondition_failed')) setStaleReset(true);
        else notify('error', errorText(t, error));
      },
    });
  }

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm">{t('settings.serviceLevels.intro')}</Text>
        <Text size="sm" c="dimmed" data-testid="sla-filed-note">
          {t('settings.serviceLevels.filedKeep')}
        </Text>
      </Stack>
      {staleReset && (
        <StaleAlert
          onReload={() => {
            setStaleReset(false);
            void policies.refetch();
          }}
        />
      )}
      {policies.isPending ? (
        <TableSkeleton />
      ) : policies.isError ? (
        <ErrorAlert error={policies.error} onRetry={() => void policies.refetch()} />
      ) : (
        groupByType(policies.data).map((group) => {
          const first = group[0] as SlaPolicy;
          const typeName = english ? first.typeNameEn : first.typeNameDe;
          return (
            <Paper
              key={first.typeId}
              withBorder
              p="md"
              radius="md"
              component="section"
              aria-labelledby={`sla-type-${first.typeId}`}
              data-testid={`sla-type-${first.typeKey}`}
            >
              <Title order={2} size="h4" mb="xs" id={`sla-type-${first.typeId}`}>
                {typeName}
              </Title>
              <Table.ScrollContainer minWidth={540}>
                <Table verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('settings.serviceLevels.priority')}</Table.Th>
                      <Table.Th scope="col">{t('settings.serviceLevels.firstResponse')}</Table.Th>
                      <Table.Th scope="col">{t('settings.serviceLevels.resolution')}</Table.Th>
                      <Table.Th scope="col">{t('settings.serviceLevels.source')}</Table.Th>
                      <Table.Th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {group.map((policy) => (
                      <Table.Tr key={policy.priority} data-testid={`sla-row-${policy.typeKey}-${policy.priority}`}>
                        <Table.Th scope="row" fw={500}>
                          {t(`requestPriority.${policy.priority}`)}
                        </Table.Th>
                        <Table.Td data-testid="sla-first-response">{duration(policy.firstResponseMinutes)}</Table.Td>
                        <Table.Td data-testid="sla-resolution">{duration(policy.resolutionMinutes)}</Table.Td>
                        <Table.Td>
                          <Badge
                            variant={policy.isDefault ? 'outline' : 'light'}
                            color={policy.isDefault ? 'gray' : 'indigo'}
                            c={policy.isDefault ? 'gray.8' : 'indigo.9'}
                            data-testid="sla-source"
                          >
                            {policy.isDefault ? t('settings.serviceLevels.default') : t('settings.serviceLevels.custom')}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Group gap="xs" justify="flex-end" wrap="nowrap">
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => setEditing(policy)}
                              aria-label={t('settings.serviceLevels.editNamed', { name: policyName(policy) })}
                            >
                              {t('common.edit')}
                            </Button>
                            {!policy.isDefault && (
                              <Button
                                size="xs"
                                variant="subtle"
                                color="red"
                                c="red.9"
                                onClick={() => setResetting(policy)}
                                aria-label={t('settings.serviceLevels.resetNamed', { name: policyName(policy) })}
                              >
                                {t('settings.serviceLevels.reset')}
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          );
        })
      )}

      <Modal
        opened={editing !== null}
        onClose={closeEdit}
        title={editing ? t('settings.serviceLevels.editTitle', { name: policyName(editing) }) : ''}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing && (
          <SlaPolicyForm
            key={`${editing.typeId}-${editing.priority}-${editing.version}`}
            policy={editing}
            submitting={setPolicy.isPending}
            error={setPolicy.error}
            onCancel={closeEdit}
            onReload={() => void reloadEdited(editing)}
            onSubmit={(input) =>
              setPolicy.mutate(
                { policy: editing, input },
                {
                  onSuccess: (saved) => {
                    closeEdit();
                    notify('success', t('settings.serviceLevels.saved', { name: policyName(saved) }));
                  },
                },
              )
            }
          />
        )}
      </Modal>

      <ConfirmDialog
        opened={resetting !== null}
        title={t('settings.serviceLevels.resetTitle')}
        message={resetting ? t('settings.serviceLevels.resetText', { name: policyName(resetting) }) : ''}
        confirmLabel={t('settings.serviceLevels.reset')}
        danger
        loading={resetPolicy.isPending}
        onConfirm={() => resetting && confirmReset(resetting)}
        onClose={() => setResetting(null)}
      />
    </Stack>
  );
}

type Target = 'firstResponse' | 'resolution';

interface TargetValue {
  hours: number | string;
  minutes: number | string;
}

/** Whole business minutes from the two fields, or null while a field holds no whole number in range. */
function minutesOf(value: TargetValue): number | null {
  const hours = typeof value.hours === 'number' ? value.hours : value.hours.trim() === '' ? 0 : Number.NaN;
  const minutes = typeof value.minutes === 'number' ? value.minutes : value.minutes.trim() === '' ? 0 : Number.NaN;
  if (!Number.isInteger(hours) || !Number.isInteger(minutes) || hours < 0 || minutes < 0 || minutes > 59) return null;
  return hours * 60 + minutes;
}

function splitMinutes(total: number): TargetValue {
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** The server's refused fields (error.details paths) of a validation error. */
function serverFields(error: unknown): Set<string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !Array.isArray(error.details)) return new Set();
  return new Set(
    error.details.map((detail) => (detail as { path?: unknown }).path).filter((path): path is string => typeof path === 'string'),
  );
}

interface SlaPolicyFormProps {
  policy: SlaPolicy;
  submitting: boolean;
  error: unknown;
  onSubmit: (input: { firstResponseMinutes: number; resolutionMinutes: number }) => void;
  onCancel: () => void;
  onReload: () => void;
}

function SlaPolicyForm({ policy, submitting, error, onSubmit, onCancel, onReload }: SlaPolicyFormProps) {
  const { t } = useTranslation();
  const duration = useBusinessDuration();
  const [values, setValues] = useState<Record<Target, TargetValue>>({
    firstResponse: splitMinutes(policy.firstResponseMinutes),
    resolution: splitMinutes(policy.resolutionMinutes),
  });
  const [touched, setTouched] = useState(false);
  const hintId = useId();

  const firstResponse = minutesOf(values.firstResponse);
  const resolution = minutesOf(values.resolution);

  // Mirrors the server: whole minutes from 1 to SLA_MAX_MINUTES, and no resolution before the first response.
  function problemOf(target: Target, total: number | null): string | null {
    if (total === null) return t('settings.serviceLevels.errors.whole');
    if (total < 1) return t('settings.serviceLevels.errors.min');
    if (total > SLA_MAX_MINUTES) return t('settings.serviceLevels.errors.max', { hours: MAX_HOURS });
    if (target === 'resolution' && firstResponse !== null && total < firstResponse) {
      return t('settings.serviceLevels.errors.resolutionBeforeFirst');
    }
    return null;
  }
  const refused = serverFields(error);
  const problems: Record<Target, string | null> = {
    firstResponse:
      (touched ? problemOf('firstResponse', firstResponse) : null) ??
      (refused.has('firstResponseMinutes') ? t('settings.serviceLevels.errors.server') : null),
    resolution:
      (touched ? problemOf('resolution', resolution) : null) ??
      (refused.has('resolutionMinutes') ? t('settings.serviceLevels.errors.resolutionBeforeFirst') : null),
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problemOf('firstResponse', firstResponse) || problemOf('resolution', resolution)) return;
    onSubmit({ firstResponseMinutes: firstResponse as number, resolutionMinutes: resolution as number });
  };

  const set = (target: Target, part: keyof TargetValue, value: number | string) =>
    setValues((current) => ({ ...current, [target]: { ...current[target], [part]: value } }));

  function targetFields(target: Target, autoFocus: boolean) {
    const problem = problems[target];
    const errorId = `${hintId}-${target}-error`;
    const total = minutesOf(values[target]);
    return (
      <Fieldset legend={t(`settings.serviceLevels.${target}`)} variant="unstyled" data-testid={`sla-field-${target}`}>
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <NumberInput
            label={t('settings.serviceLevels.hours')}
            min={0}
            max={MAX_HOURS}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={values[target].hours}
            onChange={(value) => set(target, 'hours', value)}
            error={Boolean(problem)}
            aria-describedby={problem ? errorId : `${hintId}-${target}`}
            data-autofocus={autoFocus || undefined}
            w="50%"
          />
          <NumberInput
            label={t('settings.serviceLevels.minutes')}
            min={0}
            max={59}
            step={15}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={values[target].minutes}
            onChange={(value) => set(target, 'minutes', value)}
            error={Boolean(problem)}
            aria-describedby={problem ? errorId : `${hintId}-${target}`}
            w="50%"
          />
        </Group>
        {problem ? (
          <Text size="sm" c="red.8" mt={4} id={errorId} role="alert">
            {problem}
          </Text>
        ) : (
          <Text size="xs" c="dimmed" mt={4} id={`${hintId}-${target}`}>
            {total !== null && total > 0 ? t('settings.serviceLevels.equals', { duration: duration(total) }) : '\u00a0'}
          </Text>
        )}
      </Fieldset>
    );
  }

  const otherError = error != null && !isApiError(error, 'precondition_failed') && refused.size === 0;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {isApiError(error, 'precondition_failed') ? (
          <StaleAlert onReload={onReload} />
        ) : (
          (otherError || refused.size > 0) && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, error)}
            </Alert>
          )
        )}
        <Text size="sm" c="dimmed">
          {t('settings.serviceLevels.formHint')}
        </Text>
        {targetFields('firstResponse', true)}
        {targetFields('resolution', false)}
        <Text size="sm" c="dimmed">
          {t('settings.serviceLevels.filedKeep')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
