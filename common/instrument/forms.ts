/**
 * The three survey forms built from the item bank, the monthly pulse rotation and the per-respondent
 * statement order. Everything here is pure, so the server (validation, scoring) and the answering page
 * (rendering) agree on which items a form has.
 */
import { CONSTRUCT_IDS, type ConstructId, DRIVER_IDS, findItem, ITEMS, type Item, type ItemId, statementsOf } from './items.js';

export const FORM_KINDS = ['trust_check', 'pulse', 'mirror'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** All 24 sales statements, the iNPS and both open questions. */
export const TRUST_CHECK_ITEMS: readonly Item[] = Object.freeze(ITEMS.filter((item) => item.audience === 'sales'));

/** All 24 `_M` statements, answered by marketers with each trust check. */
export const MIRROR_FORM_ITEMS: readonly Item[] = Object.freeze(ITEMS.filter((item) => item.audience === 'marketing'));

/** TRUST1, TRUST2, one statement per driver (8), the iNPS and one open question. */
export const PULSE_ITEM_COUNT = 12;

/**
 * The pulse for the given cycle. Each driver asks statement number `cycleIndex mod (its statement
 * count)`; with 2 or 3 statements per driver, any 3 consecutive pulses (a quarter of monthly pulses)
 * ask every statement at least once. The open question alternates OPEN1 (even) and OPEN2 (odd).
 * TRUST1 and TRUST2 are always asked because the trust index must be comparable month to month.
 */
export function pulseItemsFor(cycleIndex: number): readonly Item[] {
  if (!Number.isSafeInteger(cycleIndex) || cycleIndex < 0) {
    throw new RangeError(`cycleIndex must be a non-negative integer, got ${cycleIndex}`);
  }
  const driverStatements = DRIVER_IDS.map((driver) => {
    const statements = statementsOf(driver, 'sales');
    return statements[cycleIndex % statements.length]!;
  });
  return [
    itemById('TRUST1'),
    itemById('TRUST2'),
    ...driverStatements,
    itemById('INPS'),
    itemById(cycleIndex % 2 === 0 ? 'OPEN1' : 'OPEN2'),
  ];
}

/**
 * The cycle index of a monthly pulse from its month ("YYYY-MM"): months since January of year 0. An
 * absolute count, so consecutive months are consecutive indices across year ends and across
 * organisations, and no start date needs storing.
 */
export function pulseCycleIndexOfMonth(month: string): number {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new RangeError(`month must look like YYYY-MM, got ${JSON.stringify(month)}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

/** The items of a form; `pulseCycleIndex` only matters for the pulse. */
export function itemsOfForm(kind: FormKind, pulseCycleIndex: number): readonly Item[] {
  switch (kind) {
    case 'trust_check':
      return TRUST_CHECK_ITEMS;
    case 'mirror':
      return MIRROR_FORM_ITEMS;
    case 'pulse':
      return pulseItemsFor(pulseCycleIndex);
  }
}

// ---------- blocks and order ----------

/** A screen of the form: one construct's statements, or the iNPS, or the open questions. */
export type BlockId = ConstructId | 'INPS' | 'OPEN';
export const BLOCK_ORDER: readonly BlockId[] = Object.freeze([...CONSTRUCT_IDS, 'INPS', 'OPEN']);

export interface Block<T extends Item = Item> {
  readonly block: BlockId;
  readonly items: readonly T[];
}

export function blockOf(item: Item): BlockId {
  if (item.kind === 'likert') return item.construct;
  return item.kind === 'nps' ? 'INPS' : 'OPEN';
}

/** The form's items grouped into blocks in the fixed block order; items keep their given order within a block. */
export function blocksOf<T extends Item>(items: readonly T[]): Block<T>[] {
  return BLOCK_ORDER.map((block) => ({ block, items: items.filter((item) => blockOf(item) === block) })).filter(
    (group) => group.items.length > 0,
  );
}

/**
 * The order one respondent sees: blocks in the fixed order, statements shuffled within each block by
 * a seeded shuffle so that order effects average out across respondents while a reload (same seed)
 * shows the same order. The iNPS and the open questions keep their order: only statements are shuffled.
 * The seed is used as an unsigned 32-bit integer.
 */
export function orderForRespondent<T extends Item>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed >>> 0);
  return blocksOf(items).flatMap(({ items: blockItems }) =>
    blockItems[0]?.kind === 'likert' ? shuffle(blockItems, random) : [...blockItems],
  );
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** Mulberry32: a tiny, well-mixed 32-bit generator; cryptographic quality is not needed for an order. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function itemById(id: ItemId): Item {
  return findItem(id)!;
}
