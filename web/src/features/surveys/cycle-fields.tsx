/**
 * The fields a survey cycle is opened or changed with (title, days, audience, mirror), their checks
 * before sending, and the server's refusals placed at the field they concern. Used by the form that
 * opens a cycle and by the one that changes a scheduled cycle.
 */
import { MultiSelect, Radio, Stack, Switch, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AUDIENCE_NOBODY_TO_ASK, type Cycle, MAX_SCHEDULE_DAYS } from '../../../../common/api/surveys';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { useSalesTeams } from './surveys.api';

export const CYCLE_TITLE_MAX = 120;

export interface CycleFieldValues {
  title: string;
  opensOn: string;
  closesOn: string;
  audience: 'all' | 'chosen';
  teamIds: string[];
  withMirror: boolean;
}

export type CycleFieldProblems = Partial<Record<'title' | 'opensOn' | 'closesOn' | 'audience', string>>;

/** The local calendar day `days` from today, as YYYY-MM-DD. */
export function isoDateInDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The form's values of an existing cycle. */
export function cycleFieldValuesOf(cycle: Cycle): CycleFieldValues {
  return {
    title: cycle.title ?? '',
    opensOn: cycle.opensOn,
    closesOn: cycle.closesOn,
    audience: cycle.audienceTeamIds.length > 0 ? 'chosen' : 'all',
    teamIds: cycle.audienceTeamIds,
    withMirror: cycle.withMirror,
  };
}

/** The checks the server makes too, so that people see the problem before sending. */
export function checkCycleFields(t: TFunction, values: CycleFieldValues): CycleFieldProblems {
  const found: CycleFieldProblems = {};
  const today = isoDateInDays(0);
  if (values.title.trim().length > CYCLE_TITLE_MAX) found.title = t('validation.tooLong', { max: CYCLE_TITLE_MAX });
  if (!values.opensOn || values.opensOn < today) found.opensOn = t('surveys.scheduled.opensOnPast');
  else if (values.opensOn > isoDateInDays(MAX_SCHEDULE_DAYS)) found.opensOn = t('surveys.scheduled.opensOnTooFar');
  if (!values.closesOn || values.closesOn <= today) found.closesOn = t('surveys.form.closesOnInvalid');
  else if (values.opensOn && values.closesOn <= values.opensOn) found.closesOn = t('surveys.scheduled.closesOnBeforeOpening');
  if (values.audience === 'chosen' && values.teamIds.length === 0) found.audience = t('surveys.form.teamsRequired');
  return found;
}

export const hasProblems = (problems: CycleFieldProblems) => Object.values(problems).some(Boolean);

const FIELD_OF_PATH: Record<string, keyof CycleFieldProblems> = {
  title: 'title',
  opensOn: 'opensOn',
  closesOn: 'closesOn',
  audienceTeamIds: 'audience',
};

/**
 * A refusal of the server placed at its field: the date rules by their codes, other refused values by
 * the path in the error's details. Empty when the error concerns no field (shown above the buttons).
 */
export function serverCycleProblems(t: TFunction, error: unknown): CycleFieldProblems {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'opens_on_in_past') return { opensOn: t('surveys.scheduled.opensOnPast') };
  if (error.code === 'opens_on_too_far') return { opensOn: t('surveys.scheduled.opensOnTooFar') };
  if (error.code === 'closes_on_not_after_opening') return { closesOn: t('surveys.scheduled.closesOnBeforeOpening') };
  if (error.code !== 'validation_failed' || !Array.isArray(error.details)) return {};
  const found: CycleFieldProblems = {};
  for (const detail of error.details as { path?: unknown; message?: unknown }[]) {
    const path = typeof detail.path === 'string' ? detail.path : '';
    // Zod names an element of the team list by its index ("audienceTeamIds.0").
    const field = FIELD_OF_PATH[path.split('.')[0] ?? ''];
    if (!field || found[field]) continue;
    if (field === 'title') found.title = t('validation.tooLong', { max: CYCLE_TITLE_MAX });
    else if (field === 'audience') {
      found.audience =
        detail.message === AUDIENCE_NOBODY_TO_ASK ? t('surveys.form.audienceNobody') : t('surveys.form.teamsUnknown');
    } else found[field] = t('surveys.form.dateInvalid');
  }
  return found;
}

interface CycleFieldsProps {
  form: Cycle['form'];
  values: CycleFieldValues;
  onChange: (values: CycleFieldValues) => void;
  problems: CycleFieldProblems;
  opensOnHint: string;
  /** Puts the keyboard focus on the title when a modal opens. */
  autoFocus?: boolean;
}

export function CycleFields({ form, values, onChange, problems, opensOnHint, autoFocus }: CycleFieldsProps) {
  const { t } = useTranslation();
  const teams = useSalesTeams(values.audience === 'chosen');
  const set = <K extends keyof CycleFieldValues>(key: K, value: CycleFieldValues[K]) => onChange({ ...values, [key]: value });
  return (
    <>
      <TextInput
        label={t('surveys.fields.title')}
        description={t('surveys.form.titleHint')}
        value={values.title}
        maxLength={CYCLE_TITLE_MAX}
        onChange={(event) => set('title', event.currentTarget.value)}
        error={problems.title}
        data-autofocus={autoFocus || undefined}
        data-testid="cycle-title"
      />
      <TextInput
        type="date"
        label={t('surveys.scheduled.opensOn')}
        description={opensOnHint}
        required
        value={values.opensOn}
        min={isoDateInDays(0)}
        max={isoDateInDays(MAX_SCHEDULE_DAYS)}
        onChange={(event) => set('opensOn', event.currentTarget.value)}
        error={problems.opensOn}
        data-testid="cycle-opens-on"
      />
      <TextInput
        type="date"
        label={t('surveys.fields.closesOn')}
        required
        value={values.closesOn}
        min={isoDateInDays(1)}
        onChange={(event) => set('closesOn', event.currentTarget.value)}
        error={problems.closesOn}
        data-testid="cycle-closes-on"
      />
      <Radio.Group
        label={t('surveys.fields.audience')}
        value={values.audience}
        onChange={(value) => set('audience', value === 'chosen' ? 'chosen' : 'all')}
        // With chosen teams the problem is shown at the team list.
        error={values.audience === 'all' ? problems.audience : undefined}
      >
        <Stack gap="xs" mt={6}>
          <Radio value="all" label={t('surveys.form.allSalesTeams')} data-testid="audience-all" />
          <Radio value="chosen" label={t('surveys.form.chosenTeams')} data-testid="audience-chosen" />
        </Stack>
      </Radio.Group>
      {values.audience === 'chosen' &&
        (teams.isError ? (
          <ErrorAlert error={teams.error} onRetry={() => void teams.refetch()} />
        ) : (
          <MultiSelect
            label={t('surveys.fields.teams')}
            placeholder={teams.isPending ? t('common.loading') : undefined}
            data={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
            value={values.teamIds}
            onChange={(teamIds) => set('teamIds', teamIds)}
            searchable
            error={problems.audience}
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="cycle-teams"
          />
        ))}
      {form === 'trust_check' && (
        <Switch
          label={t('surveys.fields.withMirror')}
          description={t('surveys.form.mirrorHint')}
          checked={values.withMirror}
          onChange={(event) => set('withMirror', event.currentTarget.checked)}
          data-testid="cycle-with-mirror"
        />
      )}
    </>
  );
}
