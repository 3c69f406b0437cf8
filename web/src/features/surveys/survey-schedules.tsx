import { Button, Divider, Group, NumberInput, Paper, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveySchedule } from '../../../../common/api/surveys';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../components/errors';
import { notify } from '../../components/notify';
import { useSaveSchedule, useSchedules } from './surveys.api';

const whole = (value: string | number, fallback: number) => (typeof value === 'number' ? value : Number(value) || fallback);

/** One form's schedule: on/off, the opening day and how long a cycle stays open. */
function ScheduleEditor({ schedule }: { schedule: SurveySchedule }) {
  const { t } = useTranslation();
  const save = useSaveSchedule();
  const [active, setActive] = useState(schedule.active);
  const [dayOfMonth, setDayOfMonth] = useState(schedule.dayOfMonth);
  const [openDays, setOpenDays] = useState(schedule.openDays);
  const [withMirror, setWithMirror] = useState(schedule.withMirror);
  const changed =
    active !== schedule.active ||
    dayOfMonth !== schedule.dayOfMonth ||
    openDays !== schedule.openDays ||
    (schedule.form === 'trust_check' && withMirror !== schedule.withMirror);
  const valid = dayOfMonth >= 1 && dayOfMonth <= 28 && openDays >= 3 && openDays <= 28;
  const name = t(`surveys.schedules.${schedule.form}.name`);
  return (
    <Stack
      gap="xs"
      component="form"
      data-testid={`schedule-${schedule.form}`}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(
          {
            schedule,
            body: {
              active,
              dayOfMonth,
              openDays,
              // Kept as saved: all sales teams unless teams were chosen through the API.
              audienceTeamIds: schedule.audienceTeamIds,
              withMirror: schedule.form === 'trust_check' && withMirror,
            },
          },
          {
            onSuccess: (saved) =>
              notify(
                'success',
                saved.active ? t('surveys.schedules.savedOn', { name }) : t('surveys.schedules.savedOff', { name }),
              ),
            onError: (error) => notify('error', errorText(t, error)),
          },
        );
      }}
    >
      <Switch
        checked={active}
        onChange={(event) => setActive(event.currentTarget.checked)}
        label={name}
        description={t(`surveys.schedules.${schedule.form}.hint`)}
        data-testid={`schedule-${schedule.form}-active`}
      />
      <Text size="xs" c="dimmed">
        {schedule.audienceTeamIds.length === 0
          ? t('surveys.schedules.audienceAll')
          : t('surveys.schedules.audienceChosen', { count: schedule.audienceTeamIds.length })}
      </Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NumberInput
          label={t('surveys.schedules.dayOfMonth')}
          min={1}
          max={28}
          allowDecimal={false}
          value={dayOfMonth}
          onChange={(value) => setDayOfMonth(whole(value, 0))}
          data-testid={`schedule-${schedule.form}-day`}
          w={150}
          error={dayOfMonth < 1 || dayOfMonth > 28 ? t('surveys.schedules.dayInvalid') : undefined}
        />
        <NumberInput
          label={t('surveys.schedules.openDays')}
          min={3}
          max={28}
          allowDecimal={false}
          value={openDays}
          onChange={(value) => setOpenDays(whole(value, 0))}
          w={150}
          error={openDays < 3 || openDays > 28 ? t('surveys.schedules.openDaysInvalid') : undefined}
        />
      </Group>
      {schedule.form === 'trust_check' && (
        <Switch
          checked={withMirror}
          onChange={(event) => setWithMirror(event.currentTarget.checked)}
          label={t('surveys.fields.withMirror')}
          size="sm"
        />
      )}
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {schedule.lastOpenedPeriod
            ? t('surveys.schedules.lastOpened', { period: schedule.lastOpenedPeriod })
            : t('surveys.schedules.neverOpened')}
        </Text>
        <Button
          type="submit"
          size="xs"
          disabled={!changed || !valid}
          loading={save.isPending}
          aria-label={t('surveys.schedules.saveNamed', { name })}
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Cycles that open by themselves: a monthly pulse and a quarterly trust check. */
export function SurveySchedules() {
  const { t } = useTranslation();
  const schedules = useSchedules(true);
  return (
    <Paper withBorder p="md" radius="md" mt="md" data-testid="survey-schedules">
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} size="h4">
            {t('surveys.schedules.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('surveys.schedules.description')}
          </Text>
        </Stack>
        {schedules.isPending ? (
          <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')} role="status">
            <Skeleton height={90} />
            <Skeleton height={90} />
          </Stack>
        ) : schedules.isError ? (
          <ErrorAlert error={schedules.error} onRetry={() => void schedules.refetch()} />
        ) : (
          schedules.data.items.map((schedule, index) => (
            // A new version remounts the editor, so that it starts from what was saved.
            <Stack key={`${schedule.form}-${schedule.version}`} gap="md">
              {index > 0 && <Divider />}
              <ScheduleEditor schedule={schedule} />
            </Stack>
          ))
        )}
      </Stack>
    </Paper>
  );
}
