import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createOrganisationWithRoles } from '../test/factories.js';
import { describeEachDialect } from '../test/harness.js';

describeEachDialect('idempotent creates', (ctx) => {
  it('answers a retried create with the first result and creates nothing twice', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const key = `create-team-${randomUUID()}`;
    const request = {
      method: 'POST' as const,
      url: '/api/teams',
      headers: { 'idempotency-key': key },
      payload: { name: 'Vertrieb Nordost', kind: 'sales', region: 'Nordost' },
    };
    const first = await clients.admin.inject(request);
    const retry = await clients.admin.inject(request);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const list = await clients.admin.inject({ method: 'GET', url: '/api/teams?q=Nordost' });
    expect(list.json().total).toBe(1);
  });

  it('refuses the same key for a different request, and frees a key whose create failed', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const key = `create-account-${randomUUID()}`;
    const create = (name: string, annualPotential: number) =>
      clients.admin.inject({
        method: 'POST',
        url: '/api/accounts',
        headers: { 'idempotency-key': key },
        payload: { name, tier: 'A', annualPotential },
      });
    const invalid = await create('Hofmann Fördertechnik GmbH', -5);
    expect(invalid.statusCode).toBe(400);
    const created = await create('Hofmann Fördertechnik GmbH', 750_000);
    expect(created.statusCode).toBe(201);
    const other = await create('Keller Automotive AG', 750_000);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
  });

  it('keeps keys per person: another admin with the same key creates their own', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const key = `shared-${randomUUID()}`;
    const response = await clients.admin.inject({
      method: 'POST',
      url: '/api/people',
      headers: { 'idempotency-key': key },
      payload: {
        email: `p-${randomUUID().slice(0, 8)}@example.test`,
        name: 'Petra Klein',
        role: 'sales_rep',
        sendInvitation: false,
      },
    });
    expect(response.statusCode).toBe(201);
    const malformed = await clients.admin.inject({
      method: 'POST',
      url: '/api/teams',
      headers: { 'idempotency-key': 'short' },
      payload: { name: 'X', kind: 'sales' },
    });
    expect(malformed.statusCode).toBe(400);
  });
});
