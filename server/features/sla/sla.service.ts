/**
 * SLA policies and the organisation's business calendar. Admins set them; marketing reads the
 * policies; everyone signed in reads the calendar and its public holidays.
 */
import type {
  BusinessCalendarBody,
  BusinessCalendarSettings,
  PublicHoliday,
  RequestPriority,
  SlaPolicy,
  SlaPolicyBody,
} from '../../../common/api/contracts.js';
import { REQUEST_PRIORITIES } from '../../../common/api/contracts.js';
import { nowIso } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import {
  type BusinessCalendarConfig,
  createBusinessCalendar,
  DEFAULT_WORKING_HOURS,
  publicHolidays,
  validateBusinessCalendarConfig,
} from '../../lib/business-time/index.js';
import * as requestRepo from '../requests/requests.repository.js';
import { ensureDefaultRequestTypes } from '../requests/requests.service.js';
import * as repo from './sla.repository.js';
import { DEFAULT_SLA_TARGETS, loadBusinessCalendar, parseCalendarConfig } from './sla-clock.js';

// ---------- business calendar ----------

function presentCalendar(config: BusinessCalendarConfig, version: number): BusinessCalendarSettings {
  const calendar = createBusinessCalendar(config);
  return {
    timeZone: calendar.timeZone,
    workingDays: [...calendar.workingDays],
    workingHours: [...(config.workingHours ?? DEFAULT_WORKING_HOURS)],
    workingHoursByWeekday: Object.fromEntries(
      Object.entries(config.workingHoursByWeekday ?? {}).map(([day, hours]) => [day, [...(hours ?? [])]]),
    ),
    closeOnPublicHolidays: calendar.closeOnPublicHolidays,
    federalState: calendar.federalState,
    closedDates: [...calendar.closedDates],
    version,
  };
}

/** The calendar row, created with the defaults on first use. */
async function ensureCalendarRow(deps: AppDeps, organisationId: string) {
  const { db } = deps.database;
  let row = await repo.findBusinessCalendar(db, organisationId);
  if (!row) {
    await repo.insertBusinessCalendarIfMissing(db, organisationId, '{}', nowIso());
    row = await repo.findBusinessCalendar(db, organisationId);
  }
  if (!row) throw notFound('Business calendar');
  return row;
}

export async function getBusinessCalendar(deps: AppDeps, organisationId: string): Promise<BusinessCalendarSettings> {
  const row = await ensureCalendarRow(deps, organisationId);
  return presentCalendar(parseCalendarConfig(row.config), Number(row.version));
}

/**
 * Replaces the calendar (fields left out take their defaults). It applies to every SLA computation
 * from now on; the stored due instants of open requests follow at their next state change.
 */
export async function updateBusinessCalendar(
  deps: AppDeps,
  organisationId: string,
  expectedVersion: number,
  input: BusinessCalendarBody,
): Promise<BusinessCalendarSettings> {
  const config = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const issues = validateBusinessCalendarConfig(config);
  if (issues.length > 0) {
    throw new AppError(
      400,
      'validation_failed',
      `The business calendar is not valid: ${issues[0]}`,
      issues.map((issue) => {
        const split = issue.indexOf(': ');
        return split < 0 ? { path: '', message: issue } : { path: issue.slice(0, split), message: issue.slice(split + 2) };
      }),
    );
  }
  await ensureCalendarRow(deps, organisationId);
  const stored = JSON.stringify(config);
  if (!(await repo.updateBusinessCalendarIfVersion(deps.database.db, organisationId, expectedVersion, stored, nowIso()))) {
    throw staleVersion();
  }
  return getBusinessCalendar(deps, organisationId);
}

export async function listPublicHolidays(deps: AppDeps, organisationId: string, year: number): Promise<PublicHoliday[]> {
  const calendar = await loadBusinessCalendar(deps.database.db, organisationId);
  return publicHolidays(calendar, year).map((h) => ({ date: h.date, name: h.name, nameEn: h.nameEn }));
}

// ---------- SLA policies ----------

/** Every request type × priority with the target in force; inactive types too, as old requests use them. */
export async function listSlaPolicies(deps: AppDeps, organisationId: string): Promise<SlaPolicy[]> {
  const { db } = deps.database;
  await ensureDefaultRequestTypes(db, organisationId);
  const [types, policies] = await Promise.all([
    requestRepo.listRequestTypes(db, organisationId),
    repo.listSlaPolicies(db, organisationId),
  ]);
  return types.flatMap((type) =>
    REQUEST_PRIORITIES.map((priority) => {
      const stored = policies.find((p) => p.request_type_id === type.id && p.priority === priority);
      return presentPolicy(type, priority, stored);
    }),
  );
}

function presentPolicy(
  type: { id: string; key: SlaPolicy['typeKey']; name_de: string; name_en: string },
  priority: RequestPriority,
  stored: { first_response_minutes: number; resolution_minutes: number; version: number } | undefined,
): SlaPolicy {
  const fallback = DEFAULT_SLA_TARGETS[priority];
  return {
    typeId: type.id,
    typeKey: type.key,
    typeNameDe: type.name_de,
    typeNameEn: type.name_en,
    priority,
    firstResponseMinutes: stored ? Number(stored.first_response_minutes) : fallback.firstResponseMinutes,
    resolutionMinutes: stored ? Number(stored.resolution_minutes) : fallback.resolutionMinutes,
    isDefault: !stored,
    version: stored ? Number(stored.version) : 0,
  };
}

async function findTypeOrThrow(deps: AppDeps, organisationId: string, typeId: string) {
  const type = await requestRepo.findRequestType(deps.database.db, organisationId, typeId);
  if (!type) throw notFound('Request type');
  return type;
}

async function currentPolicy(deps: AppDeps, organisationId: string, typeId: string, priority: RequestPriority) {
  const type = await findTypeOrThrow(deps, organisationId, typeId);
  const stored = await repo.findSlaPolicy(deps.database.db, organisationId, typeId, priority);
  return presentPolicy(type, priority, stored);
}

/**
 * Sets the targets of a type and priority. If-Match carries the version last read: 0 for a default
 * (the policy is created), the row's version otherwise. Requests already filed keep their targets.
 */
export async function setSlaPolicy(
  deps: AppDeps,
  organisationId: string,
  typeId: string,
  priority: RequestPriority,
  expectedVersion: number,
  input: SlaPolicyBody,
): Promise<SlaPolicy> {
  await findTypeOrThrow(deps, organisationId, typeId);
  if (input.firstResponseMinutes > input.resolutionMinutes) {
    // The detail names the field, so that a form can show the message next to it.
    const message = 'The first response target cannot be longer than the resolution target.';
    throw new AppError(400, 'validation_failed', message, [{ path: 'resolutionMinutes', message }]);
  }
  const { db } = deps.database;
  const change = {
    first_response_minutes: input.firstResponseMinutes,
    resolution_minutes: input.resolutionMinutes,
    updated_at: nowIso(),
  };
  const done =
    expectedVersion === 0
      ? await repo.insertSlaPolicyIfMissing(db, {
          organisation_id: organisationId,
          request_type_id: typeId,
          priority,
          ...change,
        })
      : await repo.updateSlaPolicyIfVersion(db, organisationId, typeId, priority, expectedVersion, change);
  if (!done) throw staleVersion();
  return currentPolicy(deps, organisationId, typeId, priority);
}

/** Goes back to the default targets; with If-Match "0" when already at the default, nothing changes. */
export async function resetSlaPolicy(
  deps: AppDeps,
  organisationId: string,
  typeId: string,
  priority: RequestPriority,
  expectedVersion: number,
): Promise<SlaPolicy> {
  await findTypeOrThrow(deps, organisationId, typeId);
  const { db } = deps.database;
  if (expectedVersion === 0) {
    if (await repo.findSlaPolicy(db, organisationId, typeId, priority)) throw staleVersion();
  } else if (!(await repo.deleteSlaPolicyIfVersion(db, organisationId, typeId, priority, expectedVersion))) {
    throw staleVersion();
  }
  return currentPolicy(deps, organisationId, typeId, priority);
}
