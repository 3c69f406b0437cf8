import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.js';

export async function countOrganisations(db: Kysely<Tables>): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertOrganisation(db: Kysely<Tables>, row: Tables['organisations']) {
  await db.insertInto('organisations').values(row).execute();
}
