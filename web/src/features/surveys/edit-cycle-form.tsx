import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cycle, CycleUpdateBody } from '../../../../common/api/surveys';
import { apiGet } from '../../api/client';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { StaleAlert } from '../../components/stale-alert';
import { useFormat } from '../../i18n/format';
import {
  type CycleFieldProblems,
  CycleFields,
  type CycleFieldValues,
  checkCycleFields,
  cycleFieldValuesOf,
  hasProblems,
  serverCycleProblems,
} from './cycle-fields';
import { useCycleTitle } from './cycle-title';
import { useUpdateCycle } from './surveys.api';

const sameTeams = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

/** Only what was changed is sent: a field left alone keeps what the server has. */
function changesOf(cycle: Cycle, values: CycleFieldValues): CycleUpdateBody {
  const body: CycleUpdateBody = {};
  const title = values.title.trim();
  // An emptied title gives the cycle back its name from form and month.
  if (title !== (cycle.title ?? '')) body.title = title === '' ? null : title;
  if (values.opensOn !== cycle.opensOn) body.opensOn = values.opensOn;
  if (values.closesOn !== cycle.closesOn) body.closesOn = values.closesOn;
  const teamIds = values.audience === 'chosen' ? values.teamIds : [];
  if (!sameTeams(teamIds, cycle.audienceTeamIds)) body.audienceTeamIds = teamIds;
  if (cycle.form === 'trust_check' && values.withMirror !== cycle.withMirror) body.withMirror = values.withMirror;
  return body;
}

/** Why the cycle can no longer be changed: it opened, or it was cancelled, since the form was opened. */
type Gone = 'opened' | 'cancelled';

function EditCycleForm({ initial, onDone }: { initial: Cycle; onDone: () => void }) {
  const { t } = useTranslation();
  const titleOf = useCycleTitle();
  const format = useFormat();
  const client = useQueryClient();
  const update = useUpdateCycle();
  const [cycle, setCycle] = useState(initial);
  const [values, setValues] = useState(() => cycleFieldValuesOf(initial));
  const [problems, setProblems] = useState<CycleFieldProblems>({});
  const [gone, setGone] = useState<Gone | null>(null);
  const [reloading, setReloading] = useState(false);
  const error = update.error;
  const atFields = serverCycleProblems(t, error);
  const goneNow: Gone | null =
    gone ?? (isApiError(error, 'cycle_not_scheduled') ? 'opened' : isApiError(error, 'not_found') ? 'cancelled' : null);

  /** After a 412: starts again from the cycle as it is now. */
  async function reload() {
    setReloading(true);
    try {
      const fresh = await client.fetchQuery({
        queryKey: ['survey-cycles', 'detail', cycle.id],
        queryFn: () => apiGet<Cycle>(`/api/survey-cycles/${cycle.id}`),
        staleTime: 0,
      });
      update.reset();
      setProblems({});
      if (fresh.status !== 'scheduled') {
        setGone('opened');
        return;
      }
      setCycle(fresh);
      setValues(cycleFieldValuesOf(fresh));
    } catch (reloadError) {
      if (isApiError(reloadError, 'not_found')) setGone('cancelled');
      else notify('error', errorText(t, reloadError));
    } finally {
      setReloading(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkCycleFields(t, values);
    setProblems(found);
    if (hasProblems(found)) return;
    const body = changesOf(cycle, values);
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { cycle, body },
      {
        onSuccess: (saved) => {
          notify('success', t('surveys.scheduled.edit.saved', { title: titleOf(saved), date: format.date(saved.opensOn) }));
          onDone();
        },
      },
    );
  }

  if (goneNow) {
    return (
      <Stack gap="md" data-testid="edit-cycle-gone" data-reason={goneNow}>
        <Alert color="orange" variant="light" role="alert" title={t('surveys.scheduled.edit.goneTitle')}>
          {goneNow === 'opened' ? t('surveys.scheduled.edit.alreadyOpened') : t('surveys.scheduled.edit.cancelledMeanwhile')}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onDone} data-autofocus>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate data-testid="edit-cycle-form">
      <Stack gap="md">
        <Stack gap={2}>
          <Text size="sm">
            <Text span fw={500}>
              {t('surveys.fields.form')}:
            </Text>{' '}
            {t(`surveys.forms.${cycle.form}`)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('surveys.scheduled.edit.formFixed')}
          </Text>
        </Stack>
        <CycleFields
          form={cycle.form}
          values={values}
          onChange={setValues}
          problems={{ ...atFields, ...problems }}
          opensOnHint={t('surveys.scheduled.edit.opensOnHint')}
          autoFocus
        />
        {isApiError(error, 'precondition_failed') ? (
          <StaleAlert onReload={() => void reload()} />
        ) : error && !hasProblems(atFields) ? (
          <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
            {errorText(t, error)}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            loading={update.isPending || reloading}
            disabled={isApiError(error, 'precondition_failed')}
            data-testid="edit-cycle-submit"
          >
            {t('surveys.scheduled.edit.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Changes a scheduled cycle: its title, days, audience and mirror. The form is fixed once scheduled. */
export function EditCycleModal({ cycle, onClose }: { cycle: Cycle | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={cycle !== null}
      onClose={onClose}
      title={t('surveys.scheduled.edit.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {cycle && <EditCycleForm key={`${cycle.id}-${cycle.version}`} initial={cycle} onDone={onClose} />}
    </Modal>
  );
}
