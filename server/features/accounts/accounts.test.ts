import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Client } from '../../test/factories.js';
import { createAccount, createOrganisation, createOrganisationWithRoles, createUser } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';

function importCsv(client: Client, csv: string, query = 'dryRun=true') {
  return client.inject({
    method: 'POST',
    url: `/api/accounts/import?${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
}

describeEachDialect('accounts', (ctx) => {
  it('lists accounts page by page with their owner, searching the name and filtering by tier and owner', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const owner = clients.sales_rep.user;
    await createAccount(database.db, organisation.id, { name: 'Bäckerei Berg', tier: 'A', ownerId: owner.id });
    await createAccount(database.db, organisation.id, { name: 'Autohaus Adler', tier: 'B' });
    await createAccount(database.db, organisation.id, { name: 'Chemie Crell', tier: 'A', annualPotential: 1_500_000 });
    await createAccount(database.db, (await createOrganisation(database.db)).id, { name: 'Autohaus Anderswo' });

    const page = await clients.sales_rep.inject({ method: 'GET', url: '/api/accounts?pageSize=2' });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.json().items.map((a: { name: string }) => a.name)).toEqual(['Autohaus Adler', 'Bäckerei Berg']);
    expect(page.json().items[1]).toMatchObject({ ownerId: owner.id, ownerName: owner.name, tier: 'A' });

    const search = await clients.sales_rep.inject({ method: 'GET', url: '/api/accounts?q=CHEMIE' });
    expect(search.json().items).toMatchObject([
      { name: 'Chemie Crell', annualPotential: 1_500_000, ownerId: null, ownerName: null },
    ]);
    const tierA = await clients.executive.inject({ method: 'GET', url: '/api/accounts?tier=A' });
    expect(tierA.json().total).toBe(2);
    const owned = await clients.executive.inject({ method: 'GET', url: `/api/accounts?ownerId=${owner.id}` });
    expect(owned.json().items.map((a: { name: string }) => a.name)).toEqual(['Bäckerei Berg']);
  });

  it('creates accounts for admins only, with unique names and owners of the same organisation', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const payload = { name: 'Acme GmbH', tier: 'A', annualPotential: 250_000, ownerId: clients.sales_lead.user.id };
    expect((await clients.sales_lead.inject({ method: 'POST', url: '/api/accounts', payload })).statusCode).toBe(403);

    const created = await clients.admin.inject({ method: 'POST', url: '/api/accounts', payload });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({ name: 'Acme GmbH', ownerName: clients.sales_lead.user.name, version: 1 });

    const duplicate = await clients.admin.inject({
      method: 'POST',
      url: '/api/accounts',
      payload: { ...payload, name: 'ACME gmbh' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('name_taken');

    const stranger = await createUser(database.db, (await createOrganisation(database.db)).id);
    const invalid = [
      { ...payload, name: 'Foreign Owner', ownerId: stranger.id },
      { ...payload, name: 'Bad Tier', tier: 'D' },
      { ...payload, name: 'Decimal', annualPotential: 10.5 },
      { ...payload, name: '' },
    ];
    for (const body of invalid) {
      const response = await clients.admin.inject({ method: 'POST', url: '/api/accounts', payload: body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    const all = await clients.admin.inject({ method: 'GET', url: '/api/accounts' });
    expect(all.json().total).toBe(1);
  });

  it('updates with If-Match only, changing just the fields sent', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const { id } = await createAccount(database.db, organisation.id, { name: 'Beta AG', ownerId: clients.sales_rep.user.id });
    await createAccount(database.db, organisation.id, { name: 'Gamma AG' });
    const url = `/api/accounts/${id}`;
    const read = await clients.sales_rep.inject({ method: 'GET', url });
    expect(read.headers.etag).toBe('"1"');

    expect((await clients.admin.inject({ method: 'PATCH', url, payload: { tier: 'A' } })).statusCode).toBe(428);
    const updated = await clients.admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { tier: 'A' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ tier: 'A', ownerId: clients.sales_rep.user.id, name: 'Beta AG', version: 2 });
    expect(updated.headers.etag).toBe('"2"');
    const stale = await clients.admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { tier: 'C' } });
    expect(stale.statusCode).toBe(412);
    const clash = await clients.admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"2"' },
      payload: { name: 'gamma ag' },
    });
    expect(clash.statusCode).toBe(409);
    const cleared = await clients.admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"2"' },
      payload: { ownerId: null },
    });
    expect(cleared.json()).toMatchObject({ ownerId: null, ownerName: null, tier: 'A' });
  });

  it('answers 404 for an account of another organisation', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const foreign = await createAccount(database.db, (await createOrganisation(database.db)).id);
    const url = `/api/accounts/${foreign.id}`;
    expect((await clients.admin.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect(
      (await clients.admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { tier: 'A' } })).statusCode,
    ).toBe(404);
    expect((await clients.admin.inject({ method: 'GET', url: `/api/accounts/${randomUUID()}` })).statusCode).toBe(404);
  });
});

describeEachDialect('accounts import', (ctx) => {
  it('dry run reports row problems and stores nothing', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const stranger = await createUser(database.db, (await createOrganisation(database.db)).id);
    const csv = [
      'name,owner_email,tier,annual_potential',
      `Alpha GmbH,${clients.sales_rep.user.email.toUpperCase()},A,250000`,
      'Beta GmbH,,D,1000',
      'Gamma GmbH,,B,"250,000"',
      'Delta GmbH,,B,1.5',
      `Epsilon GmbH,${stranger.email},C,100`,
      'ALPHA GMBH,,A,1',
      ',,A,1',
      'Zeta GmbH,,,',
    ].join('\n');
    const response = await importCsv(clients.admin, csv);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dryRun: true, rows: 8, created: 1, applied: false });
    expect(response.json().problems.map((p: { row: number; field: string; code: string }) => [p.row, p.field, p.code])).toEqual([
      [3, 'tier', 'invalid_tier'],
      [4, 'annual_potential', 'invalid_number'],
      [5, 'annual_potential', 'invalid_number'],
      [6, 'owner_email', 'unknown_owner'],
      [7, 'name', 'duplicate_in_file'],
      [8, 'name', 'required'],
      [9, 'tier', 'required'],
      [9, 'annual_potential', 'required'],
    ]);
    const stored = await database.db.selectFrom('accounts').select('id').where('organisation_id', '=', organisation.id).execute();
    expect(stored).toEqual([]);
  });

  it('gives each problem the column as written in the file and the value it refers to', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const csv = [
      'Name;Besitzer;Stufe;Jahrespotenzial',
      'Alpha GmbH;;A;1',
      'alpha gmbh;;B;2',
      'Beta GmbH;nobody@example.test;D;1,5',
      `${'x'.repeat(161)};;A;`,
    ].join('\n');
    const response = await importCsv(clients.admin, csv);
    expect(response.statusCode).toBe(200);
    expect(response.json().problems).toEqual([
      expect.objectContaining({
        row: 3,
        code: 'duplicate_in_file',
        params: { column: 'Name', value: 'alpha gmbh', firstRow: 2 },
      }),
      expect.objectContaining({ row: 4, code: 'invalid_tier', params: { column: 'Stufe', value: 'D' } }),
      expect.objectContaining({ row: 4, code: 'invalid_number', params: { column: 'Jahrespotenzial', value: '1,5' } }),
      expect.objectContaining({ row: 5, code: 'too_long', params: { column: 'Name', max: 160 } }),
      expect.objectContaining({ row: 5, code: 'required', params: { column: 'Jahrespotenzial' } }),
    ]);
    const owner = await importCsv(clients.admin, 'name,owner_email,tier,annual_potential\nGamma,nobody@example.test,A,1\n');
    expect(owner.json().problems).toEqual([
      expect.objectContaining({ code: 'unknown_owner', params: { column: 'owner_email', value: 'nobody@example.test' } }),
    ]);
  });

  it('applies all or nothing, updates accounts by name, and reads German Excel files', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const existing = await createAccount(database.db, organisation.id, { name: 'Bestand KG', tier: 'C', annualPotential: 5 });
    const owner = clients.sales_lead.user;
    const csv = [
      '\uFEFFName;Besitzer;Stufe;Jahrespotenzial',
      `Neu GmbH;${owner.email};a;250.000`,
      'bestand kg;;B;1.250.000 €',
      '"Semi; Colon AG";;C;0',
    ];
    const bad = [...csv, 'Kaputt AG;;B;12,5'].join('\r\n');
    const refused = await importCsv(clients.admin, bad, 'dryRun=false');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'import_invalid',
      details: { applied: false, problems: [{ row: 5, field: 'annual_potential', code: 'invalid_number' }] },
    });
    expect((await clients.admin.inject({ method: 'GET', url: '/api/accounts' })).json().total).toBe(1);

    const applied = await importCsv(clients.admin, csv.join('\r\n'), 'dryRun=false');
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, rows: 3, created: 2, updated: 1, unchanged: 0, problems: [] });
    const list = await clients.admin.inject({ method: 'GET', url: '/api/accounts' });
    const byName = (name: string) => list.json().items.find((a: { name: string }) => a.name === name);
    expect(list.json().total).toBe(3);
    expect(byName('bestand kg')).toMatchObject({ id: existing.id, tier: 'B', annualPotential: 1_250_000, version: 2 });
    expect(byName('Neu GmbH')).toMatchObject({ tier: 'A', annualPotential: 250_000, ownerId: owner.id });
    expect(byName('Semi; Colon AG')).toMatchObject({ tier: 'C', annualPotential: 0, ownerId: null });
    const audit = await database.db
      .selectFrom('audit_log')
      .select('details')
      .where('organisation_id', '=', organisation.id)
      .where('action', '=', 'accounts.imported')
      .execute();
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ rows: 3, created: 2, updated: 1 });
  });

  it('round-trips its own export, and exports for admins only', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    await createAccount(database.db, organisation.id, { name: '=SUM(A1)', ownerId: clients.marketer.user.id });
    await createAccount(database.db, organisation.id, { name: 'Komma, und "Zitat"', tier: 'A', annualPotential: 9_999_999_999 });
    const exported = await clients.admin.inject({ method: 'GET', url: '/api/accounts/export.csv' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = exported.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('name,owner_email,tier,annual_potential');
    expect(lines).toContain(`'=SUM(A1),${clients.marketer.user.email},B,100000`);
    const again = await importCsv(clients.admin, exported.body);
    expect(again.json()).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2, problems: [] });
    const semicolons = await clients.admin.inject({ method: 'GET', url: '/api/accounts/export.csv?separator=semicolon' });
    expect((await importCsv(clients.admin, semicolons.body)).json()).toMatchObject({ unchanged: 2, problems: [] });
    expect((await clients.sales_rep.inject({ method: 'GET', url: '/api/accounts/export.csv' })).statusCode).toBe(403);
    expect((await importCsv(clients.sales_lead, exported.body)).statusCode).toBe(403);
  });
});
