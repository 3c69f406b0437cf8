/**
 * A day-old idempotency key is forgotten: the purge deletes it and nothing younger, and the key then
 * starts a new create instead of replaying the old answer.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createOrganisationWithRoles } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { IDEMPOTENCY_KEY_LIFETIME_MS, purgeIdempotencyKeys } from './idempotency-purge.job.js';

describeEachDialect('idempotency key purge', (ctx) => {
  it('deletes keys older than a day, keeps younger ones, and a purged key creates afresh', async () => {
    const { app, database, deps } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const create = (key: string, name: string) =>
      clients.admin.inject({
        method: 'POST',
        url: '/api/teams',
        headers: { 'idempotency-key': key },
        payload: { name, kind: 'sales', region: 'Nord' },
      });
    const oldKey = `old-${randomUUID()}`;
    const youngKey = `young-${randomUUID()}`;
    expect((await create(oldKey, `Alt ${oldKey}`)).statusCode).toBe(201);
    expect((await create(youngKey, `Jung ${youngKey}`)).statusCode).toBe(201);

    const now = new Date();
    // The first key was written just over a day ago, the second just under.
    const setAge = (key: string, ageMs: number) =>
      database.db
        .updateTable('idempotency_keys')
        .set({ created_at: new Date(now.getTime() - ageMs).toISOString() })
        .where('organisation_id', '=', organisation.id)
        .where('key', '=', key)
        .execute();
    await setAge(oldKey, IDEMPOTENCY_KEY_LIFETIME_MS + 60_000);
    await setAge(youngKey, IDEMPOTENCY_KEY_LIFETIME_MS - 60_000);

    expect(await purgeIdempotencyKeys(deps, now)).toBeGreaterThanOrEqual(1);
    const left = await database.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('organisation_id', '=', organisation.id)
      .execute();
    expect(left.map((row) => row.key)).toEqual([youngKey]);

    // The forgotten key is free: the same request now creates (and a taken name says so) instead of replaying.
    const again = await create(oldKey, `Alt ${oldKey}`);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.statusCode).toBe(409);
    const replayed = await create(youngKey, `Jung ${youngKey}`);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });
});
