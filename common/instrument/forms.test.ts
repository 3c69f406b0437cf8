import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_ORDER,
  blockOf,
  blocksOf,
  itemsOfForm,
  MIRROR_FORM_ITEMS,
  orderForRespondent,
  PULSE_ITEM_COUNT,
  pulseCycleIndexOfMonth,
  pulseItemsFor,
  TRUST_CHECK_ITEMS,
} from './forms.js';
import { DRIVER_IDS, ITEMS, type Item, statementsOf } from './items.js';

const cycleIndex = fc.integer({ min: 0, max: 1_000_000_000 });
const seed = fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 });
const ids = (items: readonly Item[]) => items.map((item) => item.id);

describe('forms', () => {
  it('trust check: all 24 statements, INPS, OPEN1 and OPEN2', () => {
    const statements = ITEMS.filter((item) => item.kind === 'likert' && item.audience === 'sales');
    expect(statements).toHaveLength(24);
    expect(ids(TRUST_CHECK_ITEMS)).toEqual([...ids(statements), 'INPS', 'OPEN1', 'OPEN2']);
  });

  it('mirror: all 24 _M statements and nothing else', () => {
    expect(MIRROR_FORM_ITEMS).toHaveLength(24);
    expect(MIRROR_FORM_ITEMS.every((item) => item.id.endsWith('_M') && item.kind === 'likert')).toBe(true);
  });

  it('itemsOfForm picks the form', () => {
    expect(itemsOfForm('trust_check', 0)).toBe(TRUST_CHECK_ITEMS);
    expect(itemsOfForm('mirror', 0)).toBe(MIRROR_FORM_ITEMS);
    expect(ids(itemsOfForm('pulse', 7))).toEqual(ids(pulseItemsFor(7)));
  });
});

describe('pulse rotation', () => {
  it('always has 12 items: TRUST1, TRUST2, one statement per driver in block order, INPS, one open question', () => {
    fc.assert(
      fc.property(cycleIndex, (cycle) => {
        const items = pulseItemsFor(cycle);
        expect(items).toHaveLength(PULSE_ITEM_COUNT);
        expect(items[0]?.id).toBe('TRUST1');
        expect(items[1]?.id).toBe('TRUST2');
        expect(items.slice(2, 10).map((item) => item.construct)).toEqual([...DRIVER_IDS]);
        expect(items[10]?.id).toBe('INPS');
        expect(items[11]?.id).toBe(cycle % 2 === 0 ? 'OPEN1' : 'OPEN2');
      }),
    );
  });

  it('asks every driver statement at least once in any 3 consecutive pulses', () => {
    const driverStatementIds = DRIVER_IDS.flatMap((driver) => ids(statementsOf(driver, 'sales')));
    expect(driverStatementIds).toHaveLength(21);
    fc.assert(
      fc.property(cycleIndex, (cycle) => {
        const asked = new Set([0, 1, 2].flatMap((offset) => ids(pulseItemsFor(cycle + offset))));
        for (const id of driverStatementIds) expect(asked).toContain(id);
        // Both open questions come round within any 2 pulses.
        expect(new Set([...ids(pulseItemsFor(cycle)), ...ids(pulseItemsFor(cycle + 1))])).toContain('OPEN2');
      }),
    );
  });

  it('starts at the first statement of each driver', () => {
    expect(ids(pulseItemsFor(0))).toEqual([
      'TRUST1',
      'TRUST2',
      'AMB1',
      'INV1',
      'FAIR1',
      'ENB1',
      'BUF1',
      'PRX1',
      'CMP1',
      'INT1',
      'INPS',
      'OPEN1',
    ]);
    // Cycle 2: 3-statement drivers ask their third, 2-statement drivers their first again (2 mod 2 = 0).
    expect(ids(pulseItemsFor(2)).slice(2, 10)).toEqual(['AMB3', 'INV3', 'FAIR1', 'ENB3', 'BUF3', 'PRX3', 'CMP1', 'INT1']);
  });

  it('rejects cycle indices that are not non-negative integers', () => {
    expect(() => pulseItemsFor(-1)).toThrow(RangeError);
    expect(() => pulseItemsFor(1.5)).toThrow(RangeError);
    expect(() => pulseItemsFor(Number.NaN)).toThrow(RangeError);
  });

  it('derives consecutive cycle indices from consecutive months, across the year end', () => {
    expect(pulseCycleIndexOfMonth('2025-01')).toBe(2025 * 12);
    expect(pulseCycleIndexOfMonth('2024-12')).toBe(pulseCycleIndexOfMonth('2025-01') - 1);
    expect(pulseCycleIndexOfMonth('2025-03') - pulseCycleIndexOfMonth('2024-11')).toBe(4);
    for (const bad of ['2025-13', '2025-00', '2025-1', '25-01', '2025-01-01', '']) {
      expect(() => pulseCycleIndexOfMonth(bad)).toThrow(RangeError);
    }
  });
});

describe('blocks and order', () => {
  const anyForm = fc.oneof(
    fc.constant(TRUST_CHECK_ITEMS),
    fc.constant(MIRROR_FORM_ITEMS),
    cycleIndex.map((cycle) => pulseItemsFor(cycle)),
  );

  it('groups the trust check into 9 construct blocks, then INPS, then the open questions', () => {
    const blocks = blocksOf(TRUST_CHECK_ITEMS);
    expect(blocks.map((block) => block.block)).toEqual([...BLOCK_ORDER]);
    expect(ids(blocks.at(-1)!.items)).toEqual(['OPEN1', 'OPEN2']);
    expect(blocksOf(MIRROR_FORM_ITEMS).map((block) => block.block)).toEqual(BLOCK_ORDER.slice(0, 9));
  });

  it('keeps the blocks in the fixed order and permutes only within a block', () => {
    fc.assert(
      fc.property(anyForm, seed, (items, respondentSeed) => {
        const ordered = orderForRespondent(items, respondentSeed);
        const rank = ordered.map((item) => BLOCK_ORDER.indexOf(blockOf(item)));
        expect(rank).toEqual([...rank].sort((a, b) => a - b));
        const original = blocksOf(items);
        const shuffled = blocksOf(ordered);
        expect(shuffled.map((block) => block.block)).toEqual(original.map((block) => block.block));
        shuffled.forEach((block, index) => {
          expect([...ids(block.items)].sort()).toEqual([...ids(original[index]!.items)].sort());
        });
        // Only statements move: the iNPS and the open questions keep their order.
        expect(ids(ordered.filter((item) => item.kind !== 'likert'))).toEqual(
          ids(items.filter((item) => item.kind !== 'likert')),
        );
      }),
    );
  });

  it('gives the same order for the same seed', () => {
    fc.assert(
      fc.property(anyForm, seed, (items, respondentSeed) => {
        expect(ids(orderForRespondent(items, respondentSeed))).toEqual(ids(orderForRespondent(items, respondentSeed)));
      }),
    );
  });

  it('actually shuffles: across seeds, each AMB statement comes first in its block', () => {
    const firstInBlock = new Map<string, number>();
    for (let respondentSeed = 0; respondentSeed < 300; respondentSeed++) {
      const amb = orderForRespondent(TRUST_CHECK_ITEMS, respondentSeed).filter((item) => item.construct === 'AMB');
      firstInBlock.set(amb[0]!.id, (firstInBlock.get(amb[0]!.id) ?? 0) + 1);
    }
    // Each of the 3 statements should lead about 100 times; 60 is far below any plausible fluctuation.
    for (const id of ['AMB1', 'AMB2', 'AMB3']) expect(firstInBlock.get(id)).toBeGreaterThan(60);
  });
});
