/**
 * The accounts CSV import. Every row is checked before anything is stored; a dry run only reports, an
 * apply stores everything in one transaction with multi-row statements, or nothing at all.
 */
import { randomUUID } from 'node:crypto';
import type { ImportProblem, ImportResult } from '../../../common/api/contracts.js';
import { ACCOUNT_TIERS, type AccountTier } from '../../../common/roles.js';
import { nowIso } from '../../db/database.js';
import type { AccountsTable } from '../../db/tables.js';
import type { Actor, AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { MAX_IMPORT_ROWS, nameProblemColumns, parseWholeEuros, readImportTable } from '../../lib/csv.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import { tooManyRows } from '../people/people-import.service.js';
import * as repo from './accounts.repository.js';

type AccountField = 'name' | 'owner_email' | 'tier' | 'annual_potential';

/** Accepted headers per field, normalised (lower case, spaces and hyphens as underscores); German ones too. */
const ACCOUNT_COLUMNS: Record<AccountField, readonly string[]> = {
  name: ['name'],
  owner_email: ['owner_email', 'owner', 'besitzer', 'besitzer_email', 'besitzer_e_mail'],
  tier: ['tier', 'stufe'],
  annual_potential: ['annual_potential', 'jahrespotenzial', 'potential'],
};

const MAX_POTENTIAL = 10_000_000_000;

interface CheckedRow {
  row: number;
  name: string;
  /** undefined: the column is absent, keep the owner; null: no owner. */
  ownerEmail: string | null | undefined;
  tier: AccountTier;
  annualPotential: number;
}

function problem(
  row: number,
  field: AccountField | '',
  code: ImportProblem['code'],
  message: string,
  params: NonNullable<ImportProblem['params']> = {},
): ImportProblem {
  return { row, field, code, message, params };
}

function checkRows(records: ReturnType<typeof readImportTable<AccountField>>['records'], problems: ImportProblem[]) {
  const checked: CheckedRow[] = [];
  const rowOfName = new Map<string, number>();
  for (const { row, values } of records) {
    const before = problems.length;
    const name = values.name ?? '';
    if (!name) problems.push(problem(row, 'name', 'required', 'The account name is missing.'));
    else if (name.length > 160)
      problems.push(problem(row, 'name', 'too_long', 'The account name is longer than 160 characters.', { max: 160 }));
    else if (rowOfName.has(name.toLowerCase())) {
      problems.push(
        problem(row, 'name', 'duplicate_in_file', `Row ${rowOfName.get(name.toLowerCase())} already has the account "${name}".`, {
          value: name,
          firstRow: rowOfName.get(name.toLowerCase()) as number,
        }),
      );
    } else rowOfName.set(name.toLowerCase(), row);

    const ownerEmail = values.owner_email === undefined ? undefined : values.owner_email.toLowerCase() || null;

    const tier = ACCOUNT_TIERS.find((candidate) => candidate === (values.tier ?? '').toUpperCase());
    if (!values.tier) problems.push(problem(row, 'tier', 'required', 'The tier is missing.'));
    else if (!tier) {
      problems.push(
        problem(row, 'tier', 'invalid_tier', `"${values.tier}" is not a tier. Use A, B or C.`, { value: values.tier }),
      );
    }

    const potentialText = values.annual_potential ?? '';
    const annualPotential = potentialText ? parseWholeEuros(potentialText) : null;
    if (!potentialText) problems.push(problem(row, 'annual_potential', 'required', 'The annual potential is missing.'));
    else if (annualPotential === null || annualPotential > MAX_POTENTIAL) {
      problems.push(
        problem(
          row,
          'annual_potential',
          'invalid_number',
          `"${potentialText}" is not an amount of whole euros. Write 250000 or 250.000, without decimals or commas.`,
          { value: potentialText },
        ),
      );
    }

    if (problems.length === before && tier && annualPotential !== null) {
      checked.push({ row, name, ownerEmail, tier, annualPotential });
    }
  }
  return checked;
}

export async function importAccounts(
  deps: AppDeps,
  actor: Actor,
  csv: string,
  options: { dryRun: boolean },
): Promise<ImportResult> {
  const { db } = deps.database;
  const table = readImportTable(csv, ACCOUNT_COLUMNS, ['name', 'tier', 'annual_potential']);
  if (table.records.length > MAX_IMPORT_ROWS) throw tooManyRows(table.records.length);
  const problems = [...table.problems];
  const checked = checkRows(table.records, problems);

  const ownerEmails = [...new Set(checked.flatMap((row) => (row.ownerEmail ? [row.ownerEmail] : [])))];
  const owners = new Map(
    (await repo.findPeopleOfOrganisationByEmails(db, actor.organisationId, ownerEmails)).map((p) => [p.email, p.id]),
  );
  const existing = new Map(
    (await repo.listAccountsForImport(db, actor.organisationId)).map((account) => [account.name.toLowerCase(), account]),
  );
  const now = nowIso();
  const creates: Omit<AccountsTable, 'version'>[] = [];
  const updates: Omit<AccountsTable, 'version'>[] = [];
  let unchanged = 0;

  for (const row of checked) {
    let ownerId: string | null | undefined = row.ownerEmail === undefined ? undefined : null;
    if (row.ownerEmail) {
      ownerId = owners.get(row.ownerEmail);
      if (!ownerId) {
        problems.push(
          problem(
            row.row,
            'owner_email',
            'unknown_owner',
            `Nobody in this organisation has the e-mail address ${row.ownerEmail}.`,
            { value: row.ownerEmail },
          ),
        );
        continue;
      }
    }
    const found = existing.get(row.name.toLowerCase());
    if (!found) {
      creates.push({
        id: randomUUID(),
        organisation_id: actor.organisationId,
        name: row.name,
        owner_id: ownerId ?? null,
        tier: row.tier,
        annual_potential: row.annualPotential,
        created_at: now,
        updated_at: now,
      });
      continue;
    }
    const next = {
      name: row.name,
      owner_id: ownerId === undefined ? found.owner_id : ownerId,
      tier: row.tier,
      annual_potential: row.annualPotential,
    };
    if (
      next.name === found.name &&
      next.owner_id === found.owner_id &&
      next.tier === found.tier &&
      next.annual_potential === Number(found.annual_potential)
    ) {
      unchanged += 1;
      continue;
    }
    updates.push({ ...found, organisation_id: actor.organisationId, ...next, updated_at: now });
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

  await db.transaction().execute(async (trx) => {
    await repo.insertAccounts(trx, creates);
    await repo.updateAccountsInBulk(trx, actor.organisationId, updates);
    await insertAuditEntry(trx, {
      organisationId: actor.organisationId,
      actorId: actor.userId,
      action: 'accounts.imported',
      targetType: 'organisation',
      targetId: actor.organisationId,
      details: { rows: result.rows, created: result.created, updated: result.updated, unchanged },
      ip: actor.ip,
    });
  });
  return { ...result, applied: true };
}
