import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  BusinessCalendarBody,
  BusinessCalendarSettings as CalendarSettings,
  Weekday,
  WorkingInterval,
} from '../../../../common/api/contracts';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { errorText, isApiError } from '../../components/errors';
import { notify } from '../../components/notify';
import { StaleAlert } from '../../components/stale-alert';
import { TableSkeleton } from '../../components/table-skeleton';
import { useFormat } from '../../i18n/format';
import { useBusinessCalendar, usePublicHolidays, useSaveBusinessCalendar } from './settings.api';

// Mirrors WEEKDAY_KEYS and the federal states the server accepts (server/lib/business-time/calendar.ts);
// importing the contracts' values would pull zod into the browser bundle.
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const FEDERAL_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
const MAX_INTERVALS = 24;

interface CalendarForm {
  timeZone: string;
  workingDays: Weekday[];
  workingHours: WorkingInterval[];
  /** Days with their own opening hours; kept for unticked days too, but only sent for working days. */
  byWeekday: Partial<Record<Weekday, WorkingInterval[]>>;
  closeOnPublicHolidays: boolean;
  federalState: string;
  closedDates: string[];
}

function formOf(calendar: CalendarSettings): CalendarForm {
  return {
    timeZone: calendar.timeZone,
    workingDays: [...calendar.workingDays],
    workingHours: calendar.workingHours.map((i) => ({ ...i })),
    byWeekday: Object.fromEntries(
      Object.entries(calendar.workingHoursByWeekday).map(([day, list]) => [day, list.map((i) => ({ ...i }))]),
    ),
    closeOnPublicHolidays: calendar.closeOnPublicHolidays,
    federalState: calendar.federalState ?? '',
    closedDates: [...calendar.closedDates].sort(),
  };
}

function bodyOf(form: CalendarForm): BusinessCalendarBody {
  const byWeekday: Record<string, WorkingInterval[]> = {};
  for (const day of WEEKDAYS) {
    const own = form.byWeekday[day];
    if (own && form.workingDays.includes(day)) byWeekday[day] = own.map((i) => ({ start: i.start.trim(), end: i.end.trim() }));
  }
  return {
    timeZone: form.timeZone,
    workingDays: WEEKDAYS.filter((day) => form.workingDays.includes(day)),
    workingHours: form.workingHours.map((i) => ({ start: i.start.trim(), end: i.end.trim() })),
    workingHoursByWeekday: byWeekday,
    closeOnPublicHolidays: form.closeOnPublicHolidays,
    federalState: form.federalState === '' ? null : form.federalState,
    closedDates: form.closedDates,
  };
}

/** Minutes after midnight for 'HH:MM' from 00:00 to 24:00, as the server reads it; null when malformed. */
function clockMinutes(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What went wrong, as a translation key; the same keys serve the form's own checks and the server's details. */
type ProblemKey =
  | 'timeZone'
  | 'workingDays'
  | 'time'
  | 'endAfterStart'
  | 'overlap'
  | 'intervalsRequired'
  | 'federalState'
  | 'date'
  | 'dateTaken';

type Problems = Map<string, ProblemKey | { text: string }>;

function checkIntervals(intervals: WorkingInterval[], path: string, problems: Problems) {
  if (intervals.length === 0) problems.set(path, 'intervalsRequired');
  let previousEnd = -1;
  intervals.forEach((interval, index) => {
    const at = `${path}[${index}]`;
    const start = clockMinutes(interval.start);
    const end = clockMinutes(interval.end);
    if (start === null) problems.set(`${at}.start`, 'time');
    if (end === null) problems.set(`${at}.end`, 'time');
    if (start === null || end === null) return;
    if (end <= start) problems.set(at, 'endAfterStart');
    else {
      if (start < previousEnd) problems.set(at, 'overlap');
      previousEnd = end;
    }
  });
}

/** The form's own checks, mirroring validateBusinessCalendarConfig on the server, keyed by the same paths. */
function validate(form: CalendarForm): Problems {
  const problems: Problems = new Map();
  if (form.workingDays.length === 0) problems.set('workingDays', 'workingDays');
  checkIntervals(form.workingHours, 'workingHours', problems);
  for (const day of form.workingDays) {
    const own = form.byWeekday[day];
    if (own) checkIntervals(own, `workingHoursByWeekday.${day}`, problems);
  }
  return problems;
}

/** The server's details (path and English message) as the form's problems; unknown ones keep their text. */
function serverProblems(error: unknown): Problems {
  const problems: Problems = new Map();
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !Array.isArray(error.details)) return problems;
  for (const detail of error.details as { path?: unknown; message?: unknown }[]) {
    const path = typeof detail.path === 'string' ? detail.path : '';
    const message = typeof detail.message === 'string' ? detail.message : '';
    let key: ProblemKey | null = null;
    if (path === 'timeZone') key = 'timeZone';
    else if (path === 'workingDays') key = 'workingDays';
    else if (path === 'federalState') key = 'federalState';
    else if (/^closedDates\[\d+\]$/.test(path)) key = 'date';
    else if (/^workingHours(ByWeekday\.\w+)?\[\d+\]\.(start|end)$/.test(path)) key = 'time';
    else if (/^workingHours(ByWeekday\.\w+)?\[\d+\]$/.test(path)) key = message.includes('overlap') ? 'overlap' : 'endAfterStart';
    else if (/^workingHours(ByWeekday\.\w+)?$/.test(path)) key = 'intervalsRequired';
    if (!problems.has(path)) problems.set(path, key ?? { text: message || path });
  }
  return problems;
}

/** Weekday names from the browser's Intl data: 1 January 2024 was a Monday. */
function useWeekdayNames() {
  const format = useFormat();
  return useMemo(() => {
    const long = new Intl.DateTimeFormat(format.locale, { weekday: 'long', timeZone: 'UTC' });
    return Object.fromEntries(WEEKDAYS.map((day, i) => [day, long.format(new Date(Date.UTC(2024, 0, 1 + i)))])) as Record<
      Weekday,
      string
    >;
  }, [format.locale]);
}

/** "Tue 6 Jan 2026": a closed day is easier to check with its weekday. */
function useDayFormat() {
  const format = useFormat();
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(format.locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    return (isoDate: string) => day.format(new Date(`${isoDate}T12:00:00Z`));
  }, [format.locale]);
}

export function BusinessCalendarSettings() {
  const { t } = useTranslation();
  const calendar = useBusinessCalendar();
  const save = useSaveBusinessCalendar();

  if (calendar.isPending) return <TableSkeleton />;
  if (calendar.isError) return <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      {/* A new version (saved here or reloaded after a conflict) starts the form afresh. */}
      <CalendarEditor
        key={calendar.data.version}
        calendar={calendar.data}
        saving={save.isPending}
        error={save.error}
        onSave={(input) =>
          save.mutate(
            { version: calendar.data.version, input },
            { onSuccess: () => notify('success', t('settings.calendar.saved')) },
          )
        }
        onClearError={() => save.reset()}
        onReload={() => {
          save.reset();
          void calendar.refetch();
        }}
      />
      <HolidayPreview />
    </SimpleGrid>
  );
}

interface CalendarEditorProps {
  calendar: CalendarSettings;
  saving: boolean;
  error: unknown;
  onSave: (input: BusinessCalendarBody) => void;
  onClearError: () => void;
  onReload: () => void;
}

function CalendarEditor({ calendar, saving, error, onSave, onClearError, onReload }: CalendarEditorProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const weekdayNames = useWeekdayNames();
  const dayFormat = useDayFormat();
  const initial = useMemo(() => formOf(calendar), [calendar]);
  const [form, setForm] = useState<CalendarForm>(initial);
  const [checked, setChecked] = useState(false);
  const [newDate, setNewDate] = useState('');
  const [newDateProblem, setNewDateProblem] = useState<ProblemKey | null>(null);

  const dirty = JSON.stringify(bodyOf(form)) !== JSON.stringify(bodyOf(initial));
  // Leaving the page with unsaved changes asks first; moving within the app does not reach here.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const ownProblems = checked ? validate(form) : new Map();
  const fromServer = serverProblems(error);
  const problemAt = (path: string): string | null => {
    const problem = ownProblems.get(path) ?? fromServer.get(path);
    if (!problem) return null;
    return typeof problem === 'string' ? t(`settings.calendar.errors.${problem}`) : problem.text;
  };

  const change = (next: Partial<CalendarForm>) => {
    setForm((current) => ({ ...current, ...next }));
    if (error) onClearError();
  };

  const timeZones = useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes(calendar.timeZone) ? zones : [calendar.timeZone, ...zones];
  }, [calendar.timeZone]);

  const stateOptions = useMemo(
    () =>
      FEDERAL_STATES.map((code) => ({ value: code, label: t(`settings.calendar.states.${code}`) })).sort((a, b) =>
        a.label.localeCompare(b.label, format.locale),
      ),
    [t, format.locale],
  );

  // Paths the form shows next to a field; any other refused detail is listed in the alert.
  const shownPaths = new Set<string>(['timeZone', 'workingDays', 'federalState', 'workingHours']);
  form.workingHours.forEach((_, i) => {
    for (const suffix of ['', '.start', '.end']) shownPaths.add(`workingHours[${i}]${suffix}`);
  });
  for (const day of form.workingDays) {
    const own = form.byWeekday[day];
    if (!own) continue;
    shownPaths.add(`workingHoursByWeekday.${day}`);
    own.forEach((_, i) => {
      for (const suffix of ['', '.start', '.end']) shownPaths.add(`workingHoursByWeekday.${day}[${i}]${suffix}`);
    });
  }
  for (let i = 0; i < form.closedDates.length; i++) shownPaths.add(`closedDates[${i}]`);
  const unplaced = [...fromServer.keys()].filter((path) => !shownPaths.has(path));

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (validate(form).size > 0) return;
    onSave(bodyOf(form));
  }

  function addClosedDate() {
    const date = newDate.trim();
    if (!isRealDate(date)) return setNewDateProblem('date');
    if (form.closedDates.includes(date)) return setNewDateProblem('dateTaken');
    setNewDateProblem(null);
    setNewDate('');
    change({ closedDates: [...form.closedDates, date].sort() });
  }

  function toggleDay(day: Weekday, on: boolean) {
    change({
      workingDays: on
        ? WEEKDAYS.filter((d) => d === day || form.workingDays.includes(d))
        : form.workingDays.filter((d) => d !== day),
    });
  }

  function toggleOwnHours(day: Weekday, on: boolean) {
    const byWeekday = { ...form.byWeekday };
    if (on) byWeekday[day] = form.workingHours.map((i) => ({ ...i }));
    else delete byWeekday[day];
    change({ byWeekday });
  }

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate aria-labelledby="calendar-form-title">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h4" id="calendar-form-title">
            {t('settings.calendar.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('settings.calendar.intro')}
          </Text>
        </Stack>

        {isApiError(error, 'precondition_failed') ? (
          <StaleAlert onReload={onReload} />
        ) : (
          error != null && (
            <Alert color="red" variant="light" role="alert" data-testid="calendar-error">
              <Text size="sm">{errorText(t, error)}</Text>
              {unplaced.length > 0 && (
                <List size="sm" mt="xs">
                  {unplaced.map((path) => (
                    <List.Item key={path}>{`${path}: ${problemAt(path)}`}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )
        )}

        <Fieldset legend={t('settings.calendar.workingDays')} variant="unstyled">
          <Group gap="md">
            {WEEKDAYS.map((day) => (
              <Checkbox
                key={day}
                label={weekdayNames[day]}
                checked={form.workingDays.includes(day)}
                onChange={(event) => toggleDay(day, event.currentTarget.checked)}
                data-testid={`working-day-${day}`}
              />
            ))}
          </Group>
          <FieldProblem text={problemAt('workingDays')} />
        </Fieldset>

        <IntervalsEditor
          legend={t('settings.calendar.workingHours')}
          hint={t('settings.calendar.workingHoursHint')}
          path="workingHours"
          intervals={form.workingHours}
          onChange={(workingHours) => change({ workingHours })}
          problemAt={problemAt}
        />

        <Stack gap="xs">
          {form.workingDays.map((day) => {
            const own = form.byWeekday[day];
            return (
              <Stack key={day} gap="xs">
                <Checkbox
                  label={t('settings.calendar.ownHours', { day: weekdayNames[day] })}
                  checked={Boolean(own)}
                  onChange={(event) => toggleOwnHours(day, event.currentTarget.checked)}
                />
                {own && (
                  <IntervalsEditor
                    legend={t('settings.calendar.hoursOn', { day: weekdayNames[day] })}
                    path={`workingHoursByWeekday.${day}`}
                    intervals={own}
                    onChange={(list) => change({ byWeekday: { ...form.byWeekday, [day]: list } })}
                    problemAt={problemAt}
                  />
                )}
              </Stack>
            );
          })}
        </Stack>

        <NativeSelect
          label={t('settings.calendar.timeZone')}
          description={t('settings.calendar.timeZoneHint')}
          value={form.timeZone}
          onChange={(event) => change({ timeZone: event.currentTarget.value })}
          data={timeZones}
          error={problemAt('timeZone')}
        />

        <Switch
          label={t('settings.calendar.closeOnPublicHolidays')}
          checked={form.closeOnPublicHolidays}
          onChange={(event) => change({ closeOnPublicHolidays: event.currentTarget.checked })}
        />
        <NativeSelect
          label={t('settings.calendar.federalState')}
          description={t('settings.calendar.federalStateHint')}
          value={form.federalState}
          disabled={!form.closeOnPublicHolidays}
          onChange={(event) => change({ federalState: event.currentTarget.value })}
          data={[{ value: '', label: t('settings.calendar.nationwide') }, ...stateOptions]}
          error={problemAt('federalState')}
        />

        <Fieldset legend={t('settings.calendar.closedDates')} variant="unstyled">
          <Text size="xs" c="dimmed" mb="xs">
            {t('settings.calendar.closedDatesHint')}
          </Text>
          <Group gap="xs" align="flex-start">
            <TextInput
              type="date"
              label={t('settings.calendar.newClosedDate')}
              value={newDate}
              onChange={(event) => {
                setNewDate(event.currentTarget.value);
                setNewDateProblem(null);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addClosedDate();
                }
              }}
              error={newDateProblem ? t(`settings.calendar.errors.${newDateProblem}`) : null}
            />
            <Button variant="default" mt={25} onClick={addClosedDate}>
              {t('settings.calendar.addClosedDate')}
            </Button>
          </Group>
          {form.closedDates.length === 0 ? (
            <Text size="sm" c="dimmed" mt="xs">
              {t('settings.calendar.noClosedDates')}
            </Text>
          ) : (
            <ul className="plain-list" data-testid="closed-dates">
              {form.closedDates.map((date, index) => (
                <li key={date}>
                  <Group gap="xs" py={4} wrap="nowrap" justify="space-between" maw={360}>
                    <Text size="sm" data-date={date}>
                      {dayFormat(date)}
                    </Text>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      c="red.9"
                      onClick={() => change({ closedDates: form.closedDates.filter((d) => d !== date) })}
                      aria-label={t('settings.calendar.removeClosedDate', { date: format.date(date) })}
                    >
                      {t('settings.calendar.remove')}
                    </Button>
                  </Group>
                  <FieldProblem text={problemAt(`closedDates[${index}]`)} />
                </li>
              ))}
            </ul>
          )}
        </Fieldset>

        <Group justify="flex-end" gap="sm">
          {dirty && (
            <Badge variant="light" color="orange" c="dark.7" role="status" data-testid="calendar-unsaved">
              {t('settings.calendar.unsaved')}
            </Badge>
          )}
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setForm(initial);
              setChecked(false);
              onClearError();
            }}
          >
            {t('settings.calendar.discard')}
          </Button>
          <Button type="submit" loading={saving} disabled={!dirty} data-testid="calendar-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function FieldProblem({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Text size="sm" c="red.8" mt={4} role="alert">
      {text}
    </Text>
  );
}

interface IntervalsEditorProps {
  legend: string;
  hint?: string;
  path: string;
  intervals: WorkingInterval[];
  onChange: (intervals: WorkingInterval[]) => void;
  problemAt: (path: string) => string | null;
}

/** Opening intervals of a day: from and to as 'HH:MM', in order; a lunch break is a second interval. */
function IntervalsEditor({ legend, hint, path, intervals, onChange, problemAt }: IntervalsEditorProps) {
  const { t } = useTranslation();
  const update = (index: number, part: 'start' | 'end', value: string) =>
    onChange(intervals.map((interval, i) => (i === index ? { ...interval, [part]: value } : interval)));

  return (
    <Fieldset legend={legend} variant="unstyled" data-testid={`intervals-${path}`}>
      {hint && (
        <Text size="xs" c="dimmed" mb="xs">
          {hint}
        </Text>
      )}
      <Stack gap="xs">
        {intervals.map((interval, index) => {
          const at = `${path}[${index}]`;
          const number = index + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity but their place in the day
            <Stack key={index} gap={0}>
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  label={t('settings.calendar.from')}
                  aria-label={t('settings.calendar.fromNumbered', { number, legend })}
                  placeholder="08:00"
                  value={interval.start}
                  onChange={(event) => update(index, 'start', event.currentTarget.value)}
                  error={problemAt(`${at}.start`)}
                  w={120}
                />
                <TextInput
                  label={t('settings.calendar.to')}
                  aria-label={t('settings.calendar.toNumbered', { number, legend })}
                  placeholder="17:00"
                  value={interval.end}
                  onChange={(event) => update(index, 'end', event.currentTarget.value)}
                  error={problemAt(`${at}.end`)}
                  w={120}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  c="red.9"
                  size="lg"
                  mt={25}
                  disabled={intervals.length <= 1}
                  onClick={() => onChange(intervals.filter((_, i) => i !== index))}
                  aria-label={t('settings.calendar.removeInterval', { number, legend })}
                >
                  <span aria-hidden="true">×</span>
                </ActionIcon>
              </Group>
              <FieldProblem text={problemAt(at)} />
            </Stack>
          );
        })}
      </Stack>
      <FieldProblem text={problemAt(path)} />
      <Button
        variant="subtle"
        size="compact-sm"
        mt="xs"
        disabled={intervals.length >= MAX_INTERVALS}
        onClick={() => {
          const last = intervals[intervals.length - 1];
          onChange([...intervals, { start: last?.end ?? '08:00', end: '' }]);
        }}
      >
        {t('settings.calendar.addInterval')}
      </Button>
    </Fieldset>
  );
}

function HolidayPreview() {
  const { t, i18n } = useTranslation();
  const dayFormat = useDayFormat();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const holidays = usePublicHolidays(year);
  const english = i18n.resolvedLanguage === 'en';

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="holiday-preview-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={2} size="h4" id="holiday-preview-title">
            {t('settings.calendar.holidaysTitle', { year })}
          </Title>
          <SegmentedControl
            size="xs"
            aria-label={t('settings.calendar.year')}
            data-testid="holiday-year"
            value={String(year)}
            onChange={(value) => setYear(Number(value))}
            data={[thisYear, thisYear + 1].map((y) => ({ value: String(y), label: String(y) }))}
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t('settings.calendar.holidaysHint')}
        </Text>
        {holidays.isPending ? (
          <TableSkeleton rows={8} />
        ) : holidays.isError ? (
          <ErrorAlert error={holidays.error} onRetry={() => void holidays.refetch()} />
        ) : holidays.data.length === 0 ? (
          <Text size="sm" data-testid="holiday-preview-empty">
            {t('settings.calendar.noHolidays')}
          </Text>
        ) : (
          <Table verticalSpacing={4} data-testid="holiday-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('settings.calendar.date')}</Table.Th>
                <Table.Th scope="col">{t('settings.calendar.holiday')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {holidays.data.map((holiday) => (
                <Table.Tr key={holiday.date} data-date={holiday.date}>
                  <Table.Td className="nowrap">{dayFormat(holiday.date)}</Table.Td>
                  <Table.Td>{english ? holiday.nameEn : holiday.name}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
