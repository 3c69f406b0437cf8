import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail, RequestStatus } from '../../../../common/api/contracts';
import { ApiError } from '../../api/client';
import { useUser } from '../../app/auth';
import { can } from '../../app/permissions';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { StaleAlert } from '../../components/stale-alert';
import { useAssign, useMarketers, useTransition } from './requests.api';

/** The workflow as the server has it (requests.service.ts); the server decides, this only offers. */
const NEXT: Record<RequestStatus, RequestStatus[]> = {
  new: ['accepted', 'declined'],
  accepted: ['in_progress', 'waiting_for_sales', 'declined', 'delivered'],
  in_progress: ['waiting_for_sales', 'delivered', 'declined'],
  waiting_for_sales: ['in_progress'],
  delivered: ['closed', 'in_progress'],
  closed: [],
  declined: [],
};
const REOPEN_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
const REASON_MAX = 2000;

interface Action {
  to: RequestStatus;
  label: string;
  /** Declining and reopening ask for a reason first. */
  reason?: 'decline' | 'reopen';
  danger?: boolean;
}

function actionsFor(request: RequestDetail, userId: string, works: boolean): Omit<Action, 'label'>[] {
  const from = request.status;
  const isRequester = request.requester.id === userId;
  if (from === 'delivered') {
    if (!isRequester) return [];
    const reopenable = request.deliveredAt !== null && Date.now() - Date.parse(request.deliveredAt) <= REOPEN_WINDOW_MS;
    return [{ to: 'closed' }, ...(reopenable ? [{ to: 'in_progress' as const, reason: 'reopen' as const }] : [])];
  }
  if (!works) return [];
  return NEXT[from].map((to) => (to === 'declined' ? { to, reason: 'decline' as const, danger: true } : { to }));
}

function labelKey(from: RequestStatus, to: RequestStatus): string {
  if (to === 'in_progress') return from === 'delivered' ? 'reopen' : from === 'waiting_for_sales' ? 'resume' : 'start';
  return {
    new: 'new',
    accepted: 'accept',
    waiting_for_sales: 'wait',
    delivered: 'deliver',
    declined: 'decline',
    closed: 'close',
  }[to];
}

interface RequestActionsProps {
  request: RequestDetail;
  etag: string;
  onReload: () => void;
}

/** Status changes and assignment, as far as the role and the status allow. */
export function RequestActions({ request, etag, onReload }: RequestActionsProps) {
  const { t } = useTranslation();
  const user = useUser();
  const works = can(user.role, 'requests.work');
  const transition = useTransition(request.id);
  const assign = useAssign(request.id);
  const marketers = useMarketers(works);
  const [asking, setAsking] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);

  const actions: Action[] = actionsFor(request, user.id, works).map((action) => ({
    ...action,
    label: t(`requests.actions.${labelKey(request.status, action.to)}`),
  }));
  const error = transition.error ?? assign.error;

  function move(action: Action, withReason?: string) {
    assign.reset();
    transition.mutate(
      { etag, to: action.to, reason: withReason },
      {
        onSuccess: () => {
          setAsking(null);
          notify('success', t('requests.actions.done', { status: t(`requestStatus.${action.to}`) }));
        },
        onError: () => setAsking(null),
      },
    );
  }

  function confirmReason() {
    if (!asking) return;
    const trimmed = reason.trim();
    if (!trimmed) return setReasonError(t('validation.required'));
    if (trimmed.length > REASON_MAX) return setReasonError(t('validation.tooLong', { max: REASON_MAX }));
    move(asking, trimmed);
  }

  function changeAssignee(assigneeId: string | null) {
    transition.reset();
    assign.mutate(
      { etag, assigneeId },
      { onSuccess: () => notify('success', assigneeId ? t('requests.assign.done') : t('requests.assign.removed')) },
    );
  }

  function reload() {
    transition.reset();
    assign.reset();
    onReload();
  }

  const assigneeOptions = (marketers.data ?? []).map((person) => ({ value: person.id, label: person.name }));
  if (request.assignee && !assigneeOptions.some((option) => option.value === request.assignee?.id)) {
    assigneeOptions.unshift({ value: request.assignee.id, label: request.assignee.name });
  }

  if (actions.length === 0 && !works) {
    if (request.status === 'waiting_for_sales' && request.requester.id === user.id) {
      return (
        <Alert color="orange" variant="light" title={t('requests.waitingTitle')}>
          {t('requests.waitingHint')}
        </Alert>
      );
    }
    return null;
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('requests.actions.title')}
      </Title>
      {isApiError(error, 'precondition_failed') ? (
        <StaleAlert onReload={reload} />
      ) : isApiError(error, 'invalid_transition') ? (
        <Alert color="orange" variant="light" role="alert" title={t('requests.actions.invalidTitle')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{invalidTransitionText(t, error)}</Text>
            <Button size="xs" variant="white" color="orange.9" onClick={reload}>
              {t('stale.reload')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        error != null && (
          <Alert color="red" variant="light" role="alert">
            {errorText(t, error)}
          </Alert>
        )
      )}
      {actions.length > 0 && (
        <Group gap="xs">
          {actions.map((action) => (
            <Button
              key={action.to}
              variant={action.danger ? 'outline' : 'filled'}
              color={action.danger ? 'red.8' : undefined}
              loading={transition.isPending && transition.variables?.to === action.to}
              disabled={transition.isPending}
              data-testid={`transition-${action.to}`}
              onClick={() => {
                if (action.reason) {
                  setReason('');
                  setReasonError(null);
                  setAsking(action);
                } else move(action);
              }}
            >
              {action.label}
            </Button>
          ))}
        </Group>
      )}
      {works && (
        <Stack gap="xs">
          <Select
            label={t('requests.fields.assignee')}
            placeholder={t('requests.unassigned')}
            data={assigneeOptions}
            value={request.assignee?.id ?? null}
            onChange={changeAssignee}
            clearable
            searchable
            disabled={assign.isPending}
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="assignee-select"
          />
          {request.assignee?.id !== user.id && (
            <Button
              variant="default"
              size="xs"
              onClick={() => changeAssignee(user.id)}
              loading={assign.isPending}
              style={{ alignSelf: 'flex-start' }}
              data-testid="assign-me"
            >
              {t('requests.assign.toMe')}
            </Button>
          )}
        </Stack>
      )}

      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking?.reason === 'decline' ? t('requests.reason.declineTitle') : t('requests.reason.reopenTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Textarea
            label={t('requests.reason.label')}
            description={asking?.reason === 'decline' ? t('requests.reason.declineHint') : t('requests.reason.reopenHint')}
            required
            autosize
            minRows={3}
            maxLength={REASON_MAX}
            value={reason}
            error={reasonError}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setReasonError(null);
            }}
            data-autofocus
            data-testid="reason-input"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={asking?.danger ? 'red.8' : undefined}
              onClick={confirmReason}
              loading={transition.isPending}
              data-testid="reason-submit"
            >
              {asking?.label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function invalidTransitionText(t: ReturnType<typeof useTranslation>['t'], error: ApiError): string {
  const details = error.details as { current?: RequestStatus } | undefined;
  if (error instanceof ApiError && details?.current) {
    return t('requests.actions.invalidText', { status: t(`requestStatus.${details.current}`) });
  }
  return errorText(t, error);
}
