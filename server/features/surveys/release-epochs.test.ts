import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { nowIso } from '../../db/database.js';
import { createOrganisation } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import {
  advanceReleaseEpoch,
  loadEpochDays,
  loadEpochUnits,
  loadPinnedSets,
  loadSetsOfEpoch,
  ReleaseEpochMovedOn,
  recordReleasedSets,
  retryWhileEpochMovesOn,
} from './release-epochs.js';

const K = 3;

async function createCycle(c: TestContext) {
  const organisation = await createOrganisation(c.database.db);
  const id = randomUUID();
  await c.database.db
    .insertInto('survey_cycles')
    .values({
      id,
      organisation_id: organisation.id,
      form: 'pulse',
      title: '',
      pulse_index: 0,
      with_mirror: 1,
      audience_team_ids: '[]',
      opens_on: '2026-01-01',
      closes_on: '2026-01-31',
      status: 'open',
      min_group_size: K,
      min_comment_group_size: K,
      breakdown_attributes: '["team"]',
      created_by: null,
      created_at: nowIso(),
    })
    .execute();
  return { id, organisationId: organisation.id, min_group_size: K };
}

async function answer(
  c: TestContext,
  cycle: { id: string; organisationId: string },
  team: string,
  form: 'sales' | 'mirror' = 'sales',
) {
  const id = randomUUID();
  await c.database.db
    .insertInto('survey_responses')
    .values({
      id,
      cycle_id: cycle.id,
      organisation_id: cycle.organisationId,
      form,
      team_id: team,
      region: 'Nord',
      tenure_band: '*',
      role: '*',
      client_key_hash: id,
      release_epoch: null,
    })
    .execute();
}

describeEachDialect('release epochs storage', (ctx) => {
  it('opens an epoch only when at least k answers are pending', async () => {
    const c = ctx();
    const cycle = await createCycle(c);
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(0);
    await answer(c, cycle, 'a');
    await answer(c, cycle, 'a');
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(0);
    expect(await loadEpochUnits(c.database.db, cycle.id, 'sales')).toEqual([]);
    await answer(c, cycle, 'b');
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(1);
    // Read again without new answers: the same epoch.
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(1);
    await answer(c, cycle, 'a');
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(1);
    // The mirror form has epochs of its own.
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'mirror')).toBe(0);
    const days = await loadEpochDays(c.database.db, cycle.id, 'sales');
    expect([...days.keys()]).toEqual([1]);
    expect(days.get(1)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('closing counts any pending answer in one more epoch', async () => {
    const c = ctx();
    const cycle = await createCycle(c);
    for (const team of ['a', 'a', 'b']) await answer(c, cycle, team);
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(1);
    await answer(c, cycle, 'b');
    const closed = await c.database.db
      .transaction()
      .execute((trx) => advanceReleaseEpoch(trx, cycle, 'sales', { closing: true }));
    expect(closed).toBe(2);
    // Nothing pending: closing again opens nothing.
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales', { closing: true })).toBe(2);
    const units = await loadEpochUnits(c.database.db, cycle.id, 'sales');
    const sorted = [...units].sort((x, y) => x.epoch - y.epoch || x.atom.team.localeCompare(y.atom.team));
    expect(sorted).toEqual([
      { atom: { region: 'Nord', team: 'a', tenureBand: '*', role: '*' }, epoch: 1, respondents: 2 },
      { atom: { region: 'Nord', team: 'b', tenureBand: '*', role: '*' }, epoch: 1, respondents: 1 },
      { atom: { region: 'Nord', team: 'b', tenureBand: '*', role: '*' }, epoch: 2, respondents: 1 },
    ]);
    expect([...(await loadEpochDays(c.database.db, cycle.id, 'sales')).keys()].sort()).toEqual([1, 2]);
  });

  it('two concurrent reads open one epoch for the same answers', async () => {
    const c = ctx();
    const cycle = await createCycle(c);
    for (let i = 0; i < K; i++) await answer(c, cycle, 'a');
    // On PostgreSQL each transaction runs on its own connection of the pool; the cycle row lock orders them.
    const epochs = await Promise.all([
      advanceReleaseEpoch(c.database.db, cycle, 'sales'),
      advanceReleaseEpoch(c.database.db, cycle, 'sales'),
      advanceReleaseEpoch(c.database.db, cycle, 'sales'),
    ]);
    expect(epochs).toEqual([1, 1, 1]);
    expect([...(await loadEpochDays(c.database.db, cycle.id, 'sales')).keys()]).toEqual([1]);
    expect(await loadEpochUnits(c.database.db, cycle.id, 'sales')).toEqual([
      { atom: { region: 'Nord', team: 'a', tenureBand: '*', role: '*' }, epoch: 1, respondents: K },
    ]);
  });

  it('refuses to record sets of an epoch once a later one is open, and a read retried plans the latest', async () => {
    const c = ctx();
    const cycle = await createCycle(c);
    for (const team of ['a', 'a', 'b']) await answer(c, cycle, team);
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(1);
    // A read planned epoch 1; before it records, another read opens epoch 2.
    for (const team of ['a', 'b', 'b']) await answer(c, cycle, team);
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(2);
    await expect(
      recordReleasedSets(c.database.db, cycle.id, 'sales', 'scores', [{ groupKey: 'org', epoch: 1 }]),
    ).rejects.toBeInstanceOf(ReleaseEpochMovedOn);
    // Epoch 2 is planned with what was recorded before it opened: nothing of epoch 1 slipped in.
    expect(await loadPinnedSets(c.database.db, cycle.id, 'sales', 'scores', 2)).toEqual([]);
    let attempts = 0;
    const planned = await retryWhileEpochMovesOn(async () => {
      attempts += 1;
      const epoch = attempts === 1 ? 1 : await advanceReleaseEpoch(c.database.db, cycle, 'sales');
      await recordReleasedSets(c.database.db, cycle.id, 'sales', 'scores', [{ groupKey: 'org', epoch }]);
      return epoch;
    });
    expect({ attempts, planned }).toEqual({ attempts: 2, planned: 2 });
    expect(await loadPinnedSets(c.database.db, cycle.id, 'sales', 'scores', 3)).toEqual([{ groupKey: 'org', epoch: 2 }]);
    await expect(
      recordReleasedSets(c.database.db, cycle.id, 'sales', 'scores', [
        { groupKey: 'org', epoch: 2 },
        { groupKey: 'team=a', epoch: 1 },
      ]),
    ).rejects.toBeInstanceOf(RangeError);
  });

  it('released sets round-trip, pinned only before the epoch planned, per measure', async () => {
    const c = ctx();
    const cycle = await createCycle(c);
    for (const team of ['a', 'a', 'b']) await answer(c, cycle, team);
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(1);
    await recordReleasedSets(c.database.db, cycle.id, 'sales', 'scores', [
      { groupKey: 'org', epoch: 1 },
      { groupKey: 'team=a', epoch: 1 },
    ]);
    // Recording again is harmless (two reads of the same epoch record the same sets).
    await recordReleasedSets(c.database.db, cycle.id, 'sales', 'scores', [{ groupKey: 'org', epoch: 1 }]);
    for (const team of ['a', 'b', 'b']) await answer(c, cycle, team);
    expect(await advanceReleaseEpoch(c.database.db, cycle, 'sales')).toBe(2);
    await recordReleasedSets(c.database.db, cycle.id, 'sales', 'scores', [{ groupKey: 'org', epoch: 2 }]);
    await recordReleasedSets(c.database.db, cycle.id, 'sales', 'comments', [{ groupKey: 'org', epoch: 2 }]);
    await recordReleasedSets(c.database.db, cycle.id, 'sales', 'scores', []);
    expect(await loadPinnedSets(c.database.db, cycle.id, 'sales', 'scores', 3)).toEqual([
      { groupKey: 'org', epoch: 1 },
      { groupKey: 'org', epoch: 2 },
      { groupKey: 'team=a', epoch: 1 },
    ]);
    expect(await loadPinnedSets(c.database.db, cycle.id, 'sales', 'scores', 2)).toEqual([
      { groupKey: 'org', epoch: 1 },
      { groupKey: 'team=a', epoch: 1 },
    ]);
    expect(await loadPinnedSets(c.database.db, cycle.id, 'sales', 'comments', 2)).toEqual([]);
    expect(await loadPinnedSets(c.database.db, cycle.id, 'mirror', 'scores', 3)).toEqual([]);
    const atTwo = await loadSetsOfEpoch(c.database.db, cycle.id, 'sales', 2);
    expect(atTwo.sort((a, b) => a.measure.localeCompare(b.measure))).toEqual([
      { measure: 'comments', groupKey: 'org' },
      { measure: 'scores', groupKey: 'org' },
    ]);
  });
});
