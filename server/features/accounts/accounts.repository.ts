import type { Kysely } from 'kysely';
import type { AccountTier } from '../../../common/roles.js';
import { containsInsensitive, nowIso } from '../../db/database.js';
import type { AccountsTable, Tables } from '../../db/tables.js';
import { chunksOf } from '../../lib/csv.js';

/** Rows per multi-row statement: 500 rows × 9 columns stays far below SQLite's 32,766 variables. */
const CHUNK = 500;

function accountsWithOwners(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('accounts')
    .leftJoin('users', 'users.id', 'accounts.owner_id')
    .where('accounts.organisation_id', '=', organisationId)
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.owner_id',
      'users.name as owner_name',
      'users.email as owner_email',
      'accounts.tier',
      'accounts.annual_potential',
      'accounts.version',
    ]);
}
export type AccountWithOwner = NonNullable<Awaited<ReturnType<typeof findAccountById>>>;

export interface AccountFilter {
  q?: string | undefined;
  tier?: AccountTier | undefined;
  ownerId?: string | undefined;
}

export async function listAccounts(
  db: Kysely<Tables>,
  organisationId: string,
  options: AccountFilter & { offset: number; limit: number },
) {
  let rowsQuery = accountsWithOwners(db, organisationId);
  let countQuery = db.selectFrom('accounts').where('accounts.organisation_id', '=', organisationId);
  if (options.tier) {
    rowsQuery = rowsQuery.where('accounts.tier', '=', options.tier);
    countQuery = countQuery.where('accounts.tier', '=', options.tier);
  }
  if (options.ownerId) {
    rowsQuery = rowsQuery.where('accounts.owner_id', '=', options.ownerId);
    countQuery = countQuery.where('accounts.owner_id', '=', options.ownerId);
  }
  if (options.q) {
    rowsQuery = rowsQuery.where(containsInsensitive('accounts.name', options.q));
    countQuery = countQuery.where(containsInsensitive('accounts.name', options.q));
  }
  const [rows, total] = await Promise.all([
    rowsQuery.orderBy('accounts.name').orderBy('accounts.id').offset(options.offset).limit(options.limit).execute(),
    countQuery.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Every account of the organisation, for the CSV export. */
export function listAllAccounts(db: Kysely<Tables>, organisationId: string) {
  return accountsWithOwners(db, organisationId).orderBy('accounts.name').orderBy('accounts.id').execute();
}

export function findAccountById(db: Kysely<Tables>, organisationId: string, accountId: string) {
  return accountsWithOwners(db, organisationId).where('accounts.id', '=', accountId).executeTakeFirst();
}

export function findAccountByName(db: Kysely<Tables>, organisationId: string, name: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function personBelongsToOrganisation(db: Kysely<Tables>, organisationId: string, personId: string) {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertAccount(db: Kysely<Tables>, row: Omit<AccountsTable, 'version'>) {
  await db.insertInto('accounts').values(row).execute();
}

/** Applies the change only if the row still has the version the editor saw; answers whether it did. */
export async function updateAccountIfVersion(
  db: Kysely<Tables>,
  organisationId: string,
  accountId: string,
  expectedVersion: number,
  change: Partial<Pick<AccountsTable, 'name' | 'owner_id' | 'tier' | 'annual_potential'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set((eb) => ({ ...change, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', accountId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------- import ----------

export function listAccountsForImport(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'name', 'owner_id', 'tier', 'annual_potential', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .execute();
}

/** People of the organisation with any of these e-mail addresses. */
export async function findPeopleOfOrganisationByEmails(db: Kysely<Tables>, organisationId: string, emails: readonly string[]) {
  const found: { id: string; email: string }[] = [];
  for (const part of chunksOf(emails, CHUNK)) {
    found.push(
      ...(await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('organisation_id', '=', organisationId)
        .where('email', 'in', part)
        .execute()),
    );
  }
  return found;
}

export async function insertAccounts(db: Kysely<Tables>, rows: Omit<AccountsTable, 'version'>[]) {
  for (const part of chunksOf(rows, CHUNK)) await db.insertInto('accounts').values(part).execute();
}

/**
 * Rewrites name, owner, tier and potential of existing accounts in multi-row statements: an upsert on
 * the primary key whose insert half never happens, because every id exists. Rows must be complete.
 */
export async function updateAccountsInBulk(db: Kysely<Tables>, organisationId: string, rows: Omit<AccountsTable, 'version'>[]) {
  for (const part of chunksOf(rows, CHUNK)) {
    await db
      .insertInto('accounts')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            owner_id: eb.ref('excluded.owner_id'),
            tier: eb.ref('excluded.tier'),
            annual_potential: eb.ref('excluded.annual_potential'),
            updated_at: eb.ref('excluded.updated_at'),
            version: eb('accounts.version', '+', 1),
          }))
          .where('accounts.organisation_id', '=', organisationId),
      )
      .execute();
  }
}
