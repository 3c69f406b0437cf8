/**
 * Customer accounts of an organisation: names are unique per organisation (ignoring case), and an
 * owner is always a person of the same organisation.
 */
import { randomUUID } from 'node:crypto';
import type { Account, AccountCreateBody, AccountUpdateBody, Page } from '../../../common/api/contracts.js';
import { nowIso } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../http/errors.js';
import { staleVersion } from '../../http/etag.js';
import { type CsvSeparator, writeCsv } from '../../lib/csv.js';
import * as repo from './accounts.repository.js';

export function presentAccount(row: repo.AccountWithOwner): Account {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    tier: row.tier,
    annualPotential: Number(row.annual_potential),
    version: row.version,
  };
}

const nameTaken = () => new AppError(409, 'name_taken', 'An account with this name already exists.');
const unknownOwner = () => new AppError(400, 'validation_failed', 'The owner is not a person of this organisation.');

export async function listAccounts(
  deps: AppDeps,
  organisationId: string,
  query: repo.AccountFilter & { page: number; pageSize: number },
): Promise<Page<Account>> {
  const { rows, total } = await repo.listAccounts(deps.database.db, organisationId, {
    q: query.q,
    tier: query.tier,
    ownerId: query.ownerId,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return { items: rows.map(presentAccount), total, page: query.page, pageSize: query.pageSize };
}

export async function getAccount(deps: AppDeps, organisationId: string, accountId: string): Promise<Account> {
  const row = await repo.findAccountById(deps.database.db, organisationId, accountId);
  if (!row) throw notFound('Account');
  return presentAccount(row);
}

export async function createAccount(deps: AppDeps, organisationId: string, input: AccountCreateBody): Promise<Account> {
  const { db } = deps.database;
  if (input.ownerId && !(await repo.personBelongsToOrganisation(db, organisationId, input.ownerId))) throw unknownOwner();
  if (await repo.findAccountByName(db, organisationId, input.name)) throw nameTaken();
  const id = randomUUID();
  const now = nowIso();
  try {
    await repo.insertAccount(db, {
      id,
      organisation_id: organisationId,
      name: input.name,
      owner_id: input.ownerId,
      tier: input.tier,
      annual_potential: input.annualPotential,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    // Two people adding the same name at once: the unique index decides, and the loser gets a clear 409.
    if (await repo.findAccountByName(db, organisationId, input.name)) throw nameTaken();
    throw error;
  }
  return getAccount(deps, organisationId, id);
}

export async function updateAccount(
  deps: AppDeps,
  organisationId: string,
  accountId: string,
  expectedVersion: number,
  change: AccountUpdateBody,
): Promise<Account> {
  const { db } = deps.database;
  const current = await repo.findAccountById(db, organisationId, accountId);
  if (!current) throw notFound('Account');
  if (change.ownerId && !(await repo.personBelongsToOrganisation(db, organisationId, change.ownerId))) throw unknownOwner();
  if (change.name !== undefined && change.name.toLowerCase() !== current.name.toLowerCase()) {
    if (await repo.findAccountByName(db, organisationId, change.name)) throw nameTaken();
  }
  const updated = await repo.updateAccountIfVersion(db, organisationId, accountId, expectedVersion, {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.ownerId !== undefined ? { owner_id: change.ownerId } : {}),
    ...(change.tier !== undefined ? { tier: change.tier } : {}),
    ...(change.annualPotential !== undefined ? { annual_potential: change.annualPotential } : {}),
  });
  if (!updated) throw staleVersion();
  return getAccount(deps, organisationId, accountId);
}

export const ACCOUNTS_CSV_HEADER = ['name', 'owner_email', 'tier', 'annual_potential'];

export async function exportAccountsCsv(deps: AppDeps, organisationId: string, separator: CsvSeparator): Promise<string> {
  const rows = await repo.listAllAccounts(deps.database.db, organisationId);
  return writeCsv(
    ACCOUNTS_CSV_HEADER,
    rows.map((row) => [row.name, row.owner_email, row.tier, Number(row.annual_potential)]),
    separator,
  );
}
