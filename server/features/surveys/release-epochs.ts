/**
 * Storage of release epochs (decision 0013, server/lib/anonymity/epochs.ts): which epoch each response was
 * first counted in, the day of each epoch, and every set a plan of the cycle released. Services plan each
 * read with `planEpochRelease` on what these functions load, and record what they release before they
 * return any figure computed from it.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Tables } from '../../db/tables.js';
import type { EpochSet, EpochUnit } from '../../lib/anonymity/index.js';

/**
 * The plan a released set belongs to: 'scores' (the cycle plan), 'comments', 'trust', 'inps',
 * `driver:${id}`, `statement:${id}`, `alpha:${construct}`, 'key-drivers'. Each plan pins its own sets.
 */
export type ReleaseMeasure = string;
export type ReleasedSet = EpochSet;
export type SurveyForm = 'sales' | 'mirror';

/** The day an epoch is opened on, as the cycles' opening and closing days are kept. */
const today = () => new Date().toISOString().slice(0, 10);

async function latestEpoch(db: Kysely<Tables>, cycleId: string, form: SurveyForm): Promise<number> {
  const row = await db
    .selectFrom('survey_release_epochs')
    .select((eb) => eb.fn.max('epoch').as('latest'))
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

async function countPending(db: Kysely<Tables>, cycleId: string, form: SurveyForm): Promise<number> {
  const row = await db
    .selectFrom('survey_responses')
    .select((eb) => eb.fn.countAll().as('pending'))
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('release_epoch', 'is', null)
    .executeTakeFirst();
  return Number(row?.pending ?? 0);
}

/**
 * Stamps the form's pending responses with the next epoch when at least k (the cycle's min_group_size) are
 * pending, or, when closing, when any are. One transaction; the cycle row is locked (PostgreSQL FOR UPDATE;
 * SQLite serialises writes) so two reads never open two epochs for the same answers. Returns the latest
 * epoch (0 = nothing counted yet). Waiting for k pending answers keeps every epoch's new respondents at k
 * or more wherever they all fall in one group, and keeps an epoch from dating a single answer.
 * `db` may be a transaction (closing runs inside the transaction that closes the cycle).
 */
export async function advanceReleaseEpoch(
  db: Kysely<Tables>,
  cycle: { id: string; min_group_size: number },
  form: SurveyForm,
  options: { closing?: boolean } = {},
): Promise<number> {
  const threshold = options.closing ? 1 : Math.max(1, cycle.min_group_size);
  // Most reads find too few pending answers: they need no write transaction.
  if (!db.isTransaction && (await countPending(db, cycle.id, form)) < threshold) return latestEpoch(db, cycle.id, form);

  const advance = async (trx: Kysely<Tables>) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`select id from survey_cycles where id = ${cycle.id} for update`.execute(trx);
    }
    const latest = await latestEpoch(trx, cycle.id, form);
    if ((await countPending(trx, cycle.id, form)) < threshold) return latest;
    const next = latest + 1;
    await trx.insertInto('survey_release_epochs').values({ cycle_id: cycle.id, form, epoch: next, day: today() }).execute();
    await trx
      .updateTable('survey_responses')
      .set({ release_epoch: next })
      .where('cycle_id', '=', cycle.id)
      .where('form', '=', form)
      .where('release_epoch', 'is', null)
      .execute();
    return next;
  };
  return db.isTransaction ? advance(db) : db.transaction().execute(advance);
}

/** Respondents per atom × epoch of the counted responses (release_epoch not null). */
export async function loadEpochUnits(db: Kysely<Tables>, cycleId: string, form: SurveyForm): Promise<EpochUnit[]> {
  const rows = await db
    .selectFrom('survey_responses')
    .select((eb) => ['region', 'team_id', 'tenure_band', 'role', 'release_epoch', eb.fn.countAll().as('respondents')])
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('release_epoch', 'is not', null)
    .groupBy(['region', 'team_id', 'tenure_band', 'role', 'release_epoch'])
    .execute();
  return rows.map((row) => ({
    atom: { region: row.region, team: row.team_id, tenureBand: row.tenure_band, role: row.role },
    epoch: Number(row.release_epoch),
    respondents: Number(row.respondents),
  }));
}

/** Sets of one measure released at epochs before `epoch`: the pinned list for planning `epoch`. */
export async function loadPinnedSets(
  db: Kysely<Tables>,
  cycleId: string,
  form: SurveyForm,
  measure: ReleaseMeasure,
  epoch: number,
): Promise<ReleasedSet[]> {
  const rows = await db
    .selectFrom('survey_released_sets')
    .select(['group_key', 'epoch'])
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('measure', '=', measure)
    .where('epoch', '<', epoch)
    .orderBy('group_key')
    .orderBy('epoch')
    .execute();
  return rows.map((row) => ({ groupKey: row.group_key, epoch: Number(row.epoch) }));
}

/**
 * Raised when a read wants to record sets of an epoch after a later epoch was opened. The later epoch was
 * planned with the sets recorded before it opened pinned; a set recorded now would be shown without having
 * been checked together with it. The read starts again on the latest epoch (`retryWhileEpochMovesOn`).
 */
export class ReleaseEpochMovedOn extends Error {
  constructor() {
    super('a later release epoch was opened while this read planned');
  }
}

/**
 * Records released sets (insert-or-ignore). Call BEFORE returning any figure computed from them. The sets
 * belong to one epoch, which must still be the latest: checked under the same lock that opening an epoch
 * takes, so that once epoch e + 1 is open the sets of earlier epochs are fixed, and every read planning
 * e + 1 pins the same ones (and so plans the same sets).
 */
export async function recordReleasedSets(
  db: Kysely<Tables>,
  cycleId: string,
  form: SurveyForm,
  measure: ReleaseMeasure,
  sets: readonly ReleasedSet[],
): Promise<void> {
  if (sets.length === 0) return;
  const epoch = sets[0]?.epoch as number;
  if (sets.some((set) => set.epoch !== epoch)) throw new RangeError('released sets are recorded one epoch at a time');
  await db.transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`select id from survey_cycles where id = ${cycleId} for update`.execute(trx);
    }
    if ((await latestEpoch(trx, cycleId, form)) !== epoch) throw new ReleaseEpochMovedOn();
    // Batches keep each statement well under the parameter limits of both databases.
    for (let start = 0; start < sets.length; start += 500) {
      await trx
        .insertInto('survey_released_sets')
        .values(
          sets
            .slice(start, start + 500)
            .map((set) => ({ cycle_id: cycleId, form, measure, group_key: set.groupKey, epoch: set.epoch })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

/**
 * Runs a read again while another read opens a later epoch under it. Sets it recorded before failing stay:
 * they were recorded before the later epoch opened, so every plan of that epoch pins them.
 */
export async function retryWhileEpochMovesOn<T>(read: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof ReleaseEpochMovedOn) || attempt >= attempts) throw error;
    }
  }
}

/** The sets every plan of the form recorded at one epoch: lets a read skip writing what is stored already. */
export async function loadSetsOfEpoch(
  db: Kysely<Tables>,
  cycleId: string,
  form: SurveyForm,
  epoch: number,
): Promise<{ measure: ReleaseMeasure; groupKey: string }[]> {
  const rows = await db
    .selectFrom('survey_released_sets')
    .select(['measure', 'group_key'])
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .where('epoch', '=', epoch)
    .execute();
  return rows.map((row) => ({ measure: row.measure, groupKey: row.group_key }));
}

/** Day of each epoch, for "includes answers up to <day>". */
export async function loadEpochDays(db: Kysely<Tables>, cycleId: string, form: SurveyForm): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('survey_release_epochs')
    .select(['epoch', 'day'])
    .where('cycle_id', '=', cycleId)
    .where('form', '=', form)
    .execute();
  return new Map(rows.map((row) => [Number(row.epoch), row.day]));
}
