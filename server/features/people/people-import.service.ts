/**
 * The people CSV import. Every row is checked before anything is stored; a dry run only reports, an
 * apply stores everything in one transaction with multi-row statements, or nothing at all.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ImportProblem, ImportResult } from '../../../common/api/contracts.js';
import { ROLES, type Role, type TeamKind } from '../../../common/roles.js';
import { nowIso } from '../../db/database.js';
import type { NewUser } from '../../db/tables.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { MAX_IMPORT_ROWS, nameProblemColumns, parseImportDate, readImportTable } from '../../lib/csv.js';
import { type AuditRecord, insertAuditEntry } from '../audit/audit.repository.js';
import { createInvitations } from '../auth/auth.service.js';
import { type OutgoingMail, sendMails } from '../mail/mailer.js';
import * as repo from './people.repository.js';

type PeopleField = 'email' | 'name' | 'role' | 'team' | 'region' | 'start_date';

/** Accepted headers per field, normalised (lower case, spaces and hyphens as underscores); German ones too. */
const PEOPLE_COLUMNS: Record<PeopleField, readonly string[]> = {
  email: ['email', 'e_mail', 'mail'],
  name: ['name'],
  role: ['role', 'rolle'],
  team: ['team'],
  region: ['region'],
  start_date: ['start_date', 'startdate', 'startdatum', 'start_datum'],
};

const emailFormat = z.email();

/** A row without problems of its own; `undefined` team or start date means the column is absent: keep as is. */
interface CheckedRow {
  row: number;
  email: string;
  name: string;
  role: Role;
  teamName: string | null | undefined;
  region: string;
  startDate: string | null | undefined;
}

interface PlannedTeam {
  id: string;
  name: string;
  kind: TeamKind;
  region: string;
  /** The row that creates it, for new teams; 0 for teams that exist. */
  createdByRow: number;
}

export interface PeopleImportOptions {
  dryRun: boolean;
  invite: boolean;
  origin: string;
}

function problem(
  row: number,
  field: PeopleField | '',
  code: ImportProblem['code'],
  message: string,
  params: NonNullable<ImportProblem['params']> = {},
): ImportProblem {
  return { row, field, code, message, params };
}

function kindOfNewTeam(role: Role): TeamKind {
  if (role === 'marketer' || role === 'marketing_lead') return 'marketing';
  if (role === 'executive') return 'executive';
  return 'sales';
}

export function tooManyRows(rows: number) {
  return new AppError(
    413,
    'payload_too_large',
    `The file has ${rows} rows; at most ${MAX_IMPORT_ROWS} rows can be imported at once. Split it into smaller files.`,
  );
}

/** Checks each row on its own: required fields, formats, lengths, duplicates within the file. */
function checkRows(records: ReturnType<typeof readImportTable<PeopleField>>['records'], problems: ImportProblem[]) {
  const checked: CheckedRow[] = [];
  const rowOfEmail = new Map<string, number>();
  for (const { row, values } of records) {
    const before = problems.length;
    const email = (values.email ?? '').toLowerCase();
    if (!email) problems.push(problem(row, 'email', 'required', 'The e-mail address is missing.'));
    else if (email.length > 254)
      problems.push(problem(row, 'email', 'too_long', 'The e-mail address is longer than 254 characters.', { max: 254 }));
    else if (!emailFormat.safeParse(email).success) {
      problems.push(problem(row, 'email', 'invalid_email', `"${email}" is not an e-mail address.`, { value: email }));
    } else if (rowOfEmail.has(email)) {
      problems.push(
        problem(row, 'email', 'duplicate_in_file', `Row ${rowOfEmail.get(email)} already has the e-mail address ${email}.`, {
          value: email,
          firstRow: rowOfEmail.get(email) as number,
        }),
      );
    } else rowOfEmail.set(email, row);

    const name = values.name ?? '';
    if (!name) problems.push(problem(row, 'name', 'required', 'The name is missing.'));
    else if (name.length > 120)
      problems.push(problem(row, 'name', 'too_long', 'The name is longer than 120 characters.', { max: 120 }));

    const roleText = (values.role ?? '').toLowerCase().replace(/[\s-]+/g, '_');
    const role = ROLES.find((candidate) => candidate === roleText);
    if (!roleText) problems.push(problem(row, 'role', 'required', 'The role is missing.'));
    else if (!role) {
      problems.push(
        problem(row, 'role', 'invalid_role', `"${values.role}" is not a role. Use one of: ${ROLES.join(', ')}.`, {
          value: values.role ?? '',
          accepted: ROLES.join(', '),
        }),
      );
    }

    const teamName = values.team === undefined ? undefined : values.team || null;
    if (teamName && teamName.length > 80)
      problems.push(problem(row, 'team', 'too_long', 'The team name is longer than 80 characters.', { max: 80 }));
    const region = values.region ?? '';
    if (region.length > 80)
      problems.push(problem(row, 'region', 'too_long', 'The region is longer than 80 characters.', { max: 80 }));

    let startDate: string | null | undefined;
    if (values.start_date !== undefined) {
      startDate = values.start_date ? parseImportDate(values.start_date) : null;
      if (values.start_date && !startDate) {
        problems.push(
          problem(row, 'start_date', 'invalid_date', `"${values.start_date}" is not a date. Write 2025-03-31 or 31.03.2025.`, {
            value: values.start_date,
          }),
        );
      }
    }

    if (problems.length === before && role) checked.push({ row, email, name, role, teamName, region, startDate });
  }
  return checked;
}

export async function importPeople(
  deps: AppDeps,
  actor: Actor,
  csv: string,
  options: PeopleImportOptions,
): Promise<ImportResult> {
  const { db } = deps.database;
  const table = readImportTable(csv, PEOPLE_COLUMNS, ['email', 'name', 'role']);
  if (table.records.length > MAX_IMPORT_ROWS) throw tooManyRows(table.records.length);
  const problems = [...table.problems];
  const checked = checkRows(table.records, problems);

  const existing = new Map(
    (
      await repo.findPeopleByEmails(
        db,
        checked.map((r) => r.email),
      )
    ).map((p) => [p.email, p]),
  );
  const teams = new Map<string, PlannedTeam>(
    (await repo.listTeamsOfOrganisation(db, actor.organisationId)).map((t) => [t.name.toLowerCase(), { ...t, createdByRow: 0 }]),
  );
  const newTeams: PlannedTeam[] = [];
  let activeAdmins = await repo.countActiveAdmins(db, actor.organisationId);
  const demotedAdmins = new Set<string>();
  const now = nowIso();
  const locale = await repo.findOrganisationLocale(db, actor.organisationId);
  const creates: NewUser[] = [];
  const updates: NewUser[] = [];
  const roleChanges: AuditRecord[] = [];
  let unchanged = 0;

  for (const row of checked) {
    const found = existing.get(row.email);
    if (found && found.organisation_id !== actor.organisationId) {
      problems.push(
        problem(row.row, 'email', 'email_in_other_organisation', `${row.email} already belongs to another organisation.`, {
          value: row.email,
        }),
      );
      continue;
    }

    let teamId: string | null | undefined = row.teamName === undefined ? undefined : null;
    if (row.teamName) {
      let team = teams.get(row.teamName.toLowerCase());
      if (!team) {
        team = { id: randomUUID(), name: row.teamName, kind: kindOfNewTeam(row.role), region: row.region, createdByRow: row.row };
        teams.set(row.teamName.toLowerCase(), team);
        newTeams.push(team);
      } else if (row.region && team.region && row.region.toLowerCase() !== team.region.toLowerCase()) {
        const where = team.createdByRow
          ? `row ${team.createdByRow} creates it in region "${team.region}"`
          : `it is in region "${team.region}"`;
        problems.push(
          problem(row.row, 'region', 'region_mismatch', `Team "${team.name}" does not match region "${row.region}": ${where}.`, {
            team: team.name,
            region: row.region,
            teamRegion: team.region,
            // 0: the team exists already; otherwise the row of this file that creates it.
            firstRow: team.createdByRow,
          }),
        );
        continue;
      } else if (row.region && !team.region && team.createdByRow) {
        team.region = row.region;
      }
      teamId = team.id;
    }

    if (!found) {
      creates.push({
        id: randomUUID(),
        organisation_id: actor.organisationId,
        email: row.email,
        name: row.name,
        role: row.role,
        team_id: teamId ?? null,
        start_date: row.startDate ?? null,
        locale,
        status: 'invited',
        password_hash: null,
        created_at: now,
        updated_at: now,
      });
      continue;
    }

    const next = {
      name: row.name,
      role: row.role,
      team_id: teamId === undefined ? found.team_id : teamId,
      start_date: row.startDate === undefined ? found.start_date : row.startDate,
    };
    if (
      next.name === found.name &&
      next.role === found.role &&
      next.team_id === found.team_id &&
      next.start_date === found.start_date
    ) {
      unchanged += 1;
      continue;
    }
    if (found.role === 'admin' && next.role !== 'admin' && found.status === 'active') {
      if (activeAdmins <= 1) {
        problems.push(
          problem(row.row, 'role', 'last_admin', `${row.email} is the last active admin; the organisation must keep one.`, {
            value: row.email,
          }),
        );
        continue;
      }
      activeAdmins -= 1;
      demotedAdmins.add(found.id);
    }
    updates.push({ ...found, ...next, updated_at: now });
    if (next.role !== found.role) {
      roleChanges.push({
        organisationId: actor.organisationId,
        actorId: actor.userId,
        action: 'person.role_changed',
        targetType: 'user',
        targetId: found.id,
        details: { from: found.role, to: next.role, via: 'import' },
        ip: actor.ip,
      });
    }
  }

  problems.sort((a, b) => a.row - b.row);
  nameProblemColumns(problems, table.headers);
  const result: ImportResult = {
    dryRun: options.dryRun,
    rows: table.records.length,
    created: creates.length,
    updated: updates.length,
    unchanged,
    problems,
    applied: false,
  };
  if (options.dryRun) return result;
  if (problems.length > 0) {
    throw new AppError(
      422,
      'import_invalid',
      `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported. Fix them and try again.`,
      result,
    );
  }

  let mails: OutgoingMail[] = [];
  await db.transaction().execute(async (trx) => {
    // The dry count above ran outside the transaction; a concurrent change may have removed an admin since.
    if (demotedAdmins.size > 0) {
      const admins = await repo.lockActiveAdminIds(trx, deps.database.dialect, actor.organisationId);
      if (!admins.some((id) => !demotedAdmins.has(id))) {
        throw new AppError(
          409,
          'conflict',
          'The import would leave the organisation without an active admin. Keep one admin in the file, or make someone else an admin first.',
        );
      }
    }
    await repo.insertTeams(
      trx,
      newTeams.map((team) => ({
        id: team.id,
        organisation_id: actor.organisationId,
        name: team.name,
        kind: team.kind,
        region: team.region,
        created_at: now,
      })),
    );
    await repo.insertPeople(trx, creates);
    await repo.updatePeopleInBulk(trx, actor.organisationId, updates);
    await repo.insertAuditEntries(trx, roleChanges);
    if (options.invite) {
      mails = await createInvitations(
        deps,
        trx,
        creates.map((person) => ({
          id: person.id,
          organisationId: actor.organisationId,
          email: person.email,
          name: person.name,
          locale: person.locale,
        })),
        actor.organisationName,
        options.origin,
      );
    }
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'people.imported',
      targetType: 'organisation',
      targetId: actor.organisationId,
      details: {
        rows: result.rows,
        created: result.created,
        updated: result.updated,
        unchanged,
        teamsCreated: newTeams.length,
        invited: options.invite ? creates.length : 0,
      },
      ip: actor.ip,
    });
  });
  // Only after the commit: a rolled-back import must not have mailed anyone a link.
  await sendMails(deps.mailer, deps.database.db, mails);
  return { ...result, applied: true };
}
