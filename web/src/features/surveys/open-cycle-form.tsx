import { Alert, Button, Group, MultiSelect, Radio, Stack, Switch, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SCHEDULE_DAYS } from '../../../../common/api/surveys';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { type CycleInput, useSalesTeams } from './surveys.api';

interface OpenCycleFormProps {
  submitting: boolean;
  error: unknown;
  onSubmit: (input: CycleInput) => void;
  onCancel: () => void;
}

function isoDateInDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function OpenCycleForm({ submitting, error, onSubmit, onCancel }: OpenCycleFormProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<CycleInput['form']>('pulse');
  const [title, setTitle] = useState('');
  const [opensOn, setOpensOn] = useState(isoDateInDays(0));
  const [closesOn, setClosesOn] = useState(isoDateInDays(14));
  const [audience, setAudience] = useState<'all' | 'chosen'>('all');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [withMirror, setWithMirror] = useState(true);
  const [problems, setProblems] = useState<{ opensOn?: string; closesOn?: string; teams?: string }>({});
  const teams = useSalesTeams(audience === 'chosen');

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof problems = {};
    const today = isoDateInDays(0);
    if (!opensOn || opensOn < today) found.opensOn = t('surveys.scheduled.opensOnPast');
    else if (opensOn > isoDateInDays(MAX_SCHEDULE_DAYS)) found.opensOn = t('surveys.scheduled.opensOnTooFar');
    if (!closesOn || closesOn <= today) found.closesOn = t('surveys.form.closesOnInvalid');
    else if (opensOn && closesOn <= opensOn) found.closesOn = t('surveys.scheduled.closesOnBeforeOpening');
    if (audience === 'chosen' && teamIds.length === 0) found.teams = t('surveys.form.teamsRequired');
    setProblems(found);
    if (found.opensOn || found.closesOn || found.teams) return;
    onSubmit({
      form,
      title: title.trim() || undefined,
      // The server takes its own "today" (UTC) when the day is left out; a local today is sent as such
      // only when it is later, so that a manager shortly after midnight is not refused as "in the past".
      ...(opensOn > today ? { opensOn } : {}),
      closesOn,
      audienceTeamIds: audience === 'chosen' ? teamIds : [],
      withMirror: form === 'trust_check' && withMirror,
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="open-cycle-form">
      <Stack gap="md">
        <Radio.Group
          label={t('surveys.fields.form')}
          value={form}
          onChange={(value) => setForm(value === 'trust_check' ? 'trust_check' : 'pulse')}
        >
          <Stack gap="xs" mt={6}>
            <Radio
              value="pulse"
              label={t('surveys.forms.pulse')}
              description={t('surveys.form.pulseHint')}
              data-testid="form-pulse"
            />
            <Radio
              value="trust_check"
              label={t('surveys.forms.trust_check')}
              description={t('surveys.form.trustCheckHint')}
              data-testid="form-trust-check"
            />
          </Stack>
        </Radio.Group>
        <TextInput
          label={t('surveys.fields.title')}
          description={t('surveys.form.titleHint')}
          value={title}
          maxLength={120}
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('surveys.scheduled.opensOn')}
          description={t('surveys.scheduled.opensOnHint')}
          required
          value={opensOn}
          min={isoDateInDays(0)}
          max={isoDateInDays(MAX_SCHEDULE_DAYS)}
          onChange={(event) => setOpensOn(event.currentTarget.value)}
          error={problems.opensOn}
          data-testid="cycle-opens-on"
        />
        <TextInput
          type="date"
          label={t('surveys.fields.closesOn')}
          required
          value={closesOn}
          min={isoDateInDays(1)}
          onChange={(event) => setClosesOn(event.currentTarget.value)}
          error={problems.closesOn}
          data-testid="cycle-closes-on"
        />
        <Radio.Group
          label={t('surveys.fields.audience')}
          value={audience}
          onChange={(value) => setAudience(value === 'chosen' ? 'chosen' : 'all')}
        >
          <Stack gap="xs" mt={6}>
            <Radio value="all" label={t('surveys.form.allSalesTeams')} data-testid="audience-all" />
            <Radio value="chosen" label={t('surveys.form.chosenTeams')} data-testid="audience-chosen" />
          </Stack>
        </Radio.Group>
        {audience === 'chosen' &&
          (teams.isError ? (
            <ErrorAlert error={teams.error} onRetry={() => void teams.refetch()} />
          ) : (
            <MultiSelect
              label={t('surveys.fields.teams')}
              placeholder={teams.isPending ? t('common.loading') : undefined}
              data={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
              value={teamIds}
              onChange={setTeamIds}
              searchable
              error={problems.teams}
              nothingFoundMessage={t('common.nothingFound')}
              data-testid="cycle-teams"
            />
          ))}
        {form === 'trust_check' && (
          <Switch
            label={t('surveys.fields.withMirror')}
            description={t('surveys.form.mirrorHint')}
            checked={withMirror}
            onChange={(event) => setWithMirror(event.currentTarget.checked)}
          />
        )}
        {error ? (
          <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
            {errorText(t, error, {
              validation_failed: t('surveys.errors.validation'),
              opens_on_in_past: t('surveys.scheduled.opensOnPast'),
              opens_on_too_far: t('surveys.scheduled.opensOnTooFar'),
              closes_on_not_after_opening: t('surveys.scheduled.closesOnBeforeOpening'),
            })}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting} data-testid="open-cycle-submit">
            {opensOn > isoDateInDays(0) ? t('surveys.scheduled.submit') : t('surveys.open')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
