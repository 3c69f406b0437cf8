import { expect, it } from 'vitest';
import {
  createOrganisation,
  createOrganisationWithRoles,
  createTeam,
  createUser,
  signedInClient,
  uniqueEmail,
} from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';

describeEachDialect('people', (ctx) => {
  it('lists people page by page, ordered by name, searching name and e-mail regardless of case', async () => {
    const { app, database } = ctx();
    const { organisation, team, clients } = await createOrganisationWithRoles(app, database.db);
    for (const name of ['Zoe Ziegler', 'Anna Adler', 'Bernd Becker']) {
      await createUser(database.db, organisation.id, { name, teamId: team.id });
    }
    await createUser(database.db, organisation.id, { name: 'Carla Christ', email: uniqueEmail('SPECIAL-carla') });

    const first = await clients.marketer.inject({ method: 'GET', url: '/api/people?pageSize=2' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ total: 10, page: 1, pageSize: 2 });
    expect(first.json().items.map((p: { name: string }) => p.name)).toEqual(['Anna Adler', 'Bernd Becker']);

    const byName = await clients.admin.inject({ method: 'GET', url: '/api/people?q=ZIEG' });
    expect(byName.json().items.map((p: { name: string }) => p.name)).toEqual(['Zoe Ziegler']);
    expect(byName.json().items[0]).toMatchObject({ teamId: team.id, teamName: team.name, region: team.region, status: 'active' });
    const byEmail = await clients.admin.inject({ method: 'GET', url: '/api/people?q=special-CARLA' });
    expect(byEmail.json().items.map((p: { name: string }) => p.name)).toEqual(['Carla Christ']);
    const percent = await clients.admin.inject({ method: 'GET', url: '/api/people?q=%25' });
    expect(percent.json().total).toBe(0);

    const reps = await clients.admin.inject({ method: 'GET', url: `/api/people?role=sales_rep&teamId=${team.id}` });
    expect(reps.json().total).toBe(4);
    const deactivated = await clients.admin.inject({ method: 'GET', url: '/api/people?status=deactivated' });
    expect(deactivated.json().total).toBe(0);
    expect((await clients.admin.inject({ method: 'GET', url: '/api/people?pageSize=201' })).statusCode).toBe(400);
    expect((await clients.sales_rep.inject({ method: 'GET', url: '/api/people' })).statusCode).toBe(403);
  });

  it('creates an invited person with an invitation mail, and refuses a taken e-mail with 409', async () => {
    const { app, database } = ctx();
    const { organisation, team, clients } = await createOrganisationWithRoles(app, database.db);
    const email = uniqueEmail('new');
    const created = await clients.admin.inject({
      method: 'POST',
      url: '/api/people',
      payload: { email: email.toUpperCase(), name: 'Nina Neu', role: 'sales_rep', teamId: team.id, startDate: '2025-04-01' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      email,
      name: 'Nina Neu',
      role: 'sales_rep',
      teamId: team.id,
      teamName: team.name,
      startDate: '2025-04-01',
      status: 'invited',
      locale: 'de',
    });
    const mails = await database.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', email).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body_text).toMatch(/\/invite\/[\w-]{20,}/);
    expect(mails[0]?.subject).toContain(organisation.name);
    const tokens = await database.db.selectFrom('auth_tokens').selectAll().where('user_id', '=', created.json().id).execute();
    expect(tokens).toHaveLength(1);

    const duplicate = await clients.admin.inject({
      method: 'POST',
      url: '/api/people',
      payload: { email, name: 'Someone Else', role: 'marketer' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('email_taken');

    const silent = await clients.admin.inject({
      method: 'POST',
      url: '/api/people',
      payload: { email: uniqueEmail('silent'), name: 'Stefan Still', role: 'marketer', sendInvitation: false },
    });
    expect(silent.statusCode).toBe(201);
    expect(
      await database.db.selectFrom('mail_outbox').select('id').where('recipient', '=', silent.json().email).execute(),
    ).toEqual([]);
    expect(
      (await clients.marketer.inject({ method: 'POST', url: '/api/people', payload: { email: uniqueEmail() } })).statusCode,
    ).toBe(403);
  });

  it('answers 400 for invalid fields and for a team of another organisation, storing nothing', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const other = await createOrganisation(database.db);
    const foreignTeam = await createTeam(database.db, other.id);
    const attempts = [
      { email: 'not-an-address', name: 'X', role: 'sales_rep' },
      { email: uniqueEmail(), name: '', role: 'sales_rep' },
      { email: uniqueEmail(), name: 'X', role: 'king' },
      { email: uniqueEmail(), name: 'X', role: 'sales_rep', startDate: '31.12.2025' },
      { email: uniqueEmail(), name: 'X', role: 'sales_rep', teamId: foreignTeam.id },
    ];
    for (const payload of attempts) {
      const response = await clients.admin.inject({ method: 'POST', url: '/api/people', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      const stored = await database.db.selectFrom('users').select('id').where('email', '=', payload.email).execute();
      expect(stored).toEqual([]);
    }
  });

  it('updates with If-Match only: 428 without it, 412 when stale, and audits a role change', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const person = await createUser(database.db, organisation.id, { role: 'sales_rep' });
    const url = `/api/people/${person.id}`;
    const read = await clients.marketing_lead.inject({ method: 'GET', url });
    expect(read.statusCode).toBe(200);
    const etag = read.headers.etag as string;

    const without = await clients.admin.inject({ method: 'PATCH', url, payload: { role: 'sales_lead' } });
    expect(without.statusCode).toBe(428);
    expect(without.json().error.code).toBe('precondition_required');

    const updated = await clients.admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': etag },
      payload: { role: 'sales_lead', name: 'Renamed Rep', startDate: '2024-02-29' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ role: 'sales_lead', name: 'Renamed Rep', startDate: '2024-02-29' });
    expect(updated.headers.etag).not.toBe(etag);

    const stale = await clients.admin.inject({ method: 'PATCH', url, headers: { 'if-match': etag }, payload: { name: 'Lost' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('precondition_failed');

    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('organisation_id', '=', organisation.id)
      .where('action', '=', 'person.role_changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: clients.admin.user.id, target_id: person.id });
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({ from: 'sales_rep', to: 'sales_lead' });

    const nameOnly = await clients.admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': updated.headers.etag as string },
      payload: { locale: 'en' },
    });
    expect(nameOnly.json()).toMatchObject({ locale: 'en', role: 'sales_lead', name: 'Renamed Rep' });
  });

  it('deactivation ends the person’s sessions at once; reactivation restores them as active', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const rep = clients.sales_rep;
    expect((await rep.inject({ method: 'GET', url: '/api/accounts' })).statusCode).toBe(200);

    const deactivated = await clients.admin.inject({ method: 'POST', url: `/api/people/${rep.user.id}/deactivate` });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().status).toBe('deactivated');
    const sessions = await database.db.selectFrom('sessions').select('id').where('user_id', '=', rep.user.id).execute();
    expect(sessions).toEqual([]);
    expect((await rep.inject({ method: 'GET', url: '/api/accounts' })).statusCode).toBe(401);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('organisation_id', '=', organisation.id)
      .where('target_id', '=', rep.user.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('person.deactivated');

    const invite = await clients.admin.inject({ method: 'POST', url: `/api/people/${rep.user.id}/invite` });
    expect(invite.statusCode).toBe(409);

    const reactivated = await clients.admin.inject({ method: 'POST', url: `/api/people/${rep.user.id}/reactivate` });
    expect(reactivated.statusCode).toBe(200);
    expect(reactivated.json().status).toBe('active');
    expect((await clients.admin.inject({ method: 'POST', url: `/api/people/${rep.user.id}/invite` })).statusCode).toBe(409);
  });

  it('reactivates someone who never set a password as invited, and resends their invitation', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const created = await clients.admin.inject({
      method: 'POST',
      url: '/api/people',
      payload: { email: uniqueEmail('pending'), name: 'Paula Pending', role: 'marketer', sendInvitation: false },
    });
    const id = created.json().id as string;
    await clients.admin.inject({ method: 'POST', url: `/api/people/${id}/deactivate` });
    const reactivated = await clients.admin.inject({ method: 'POST', url: `/api/people/${id}/reactivate` });
    expect(reactivated.json().status).toBe('invited');

    const invited = await clients.admin.inject({ method: 'POST', url: `/api/people/${id}/invite` });
    expect(invited.statusCode).toBe(200);
    const mails = await database.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('recipient', '=', created.json().email)
      .execute();
    expect(mails).toHaveLength(1);
  });

  it('keeps the last active admin: no self-demotion or self-deactivation, but fine once another admin exists', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const admin = clients.admin;
    const url = `/api/people/${admin.user.id}`;
    const read = await admin.inject({ method: 'GET', url });
    const demote = await admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': read.headers.etag as string },
      payload: { role: 'marketer' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('conflict');
    expect(demote.json().error.message).toMatch(/last active admin/);
    const deactivate = await admin.inject({ method: 'POST', url: `${url}/deactivate` });
    expect(deactivate.statusCode).toBe(409);
    expect((await admin.inject({ method: 'GET', url })).json()).toMatchObject({ role: 'admin', status: 'active' });

    await createUser(database.db, organisation.id, { role: 'admin' });
    const demoted = await admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': read.headers.etag as string },
      payload: { role: 'marketer' },
    });
    expect(demoted.statusCode).toBe(200);
    expect(demoted.json().role).toBe('marketer');
  });

  it('keeps one admin when two admins deactivate each other at the same moment', async () => {
    const { app, database } = ctx();
    // Repeated, because without the lock the two checks interleave only some of the time.
    for (let round = 0; round < 5; round++) {
      const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
      const other = await createUser(database.db, organisation.id, { role: 'admin' });
      const otherClient = await signedInClient(app, database.db, other);
      const [first, second] = await Promise.all([
        clients.admin.inject({ method: 'POST', url: `/api/people/${other.id}/deactivate` }),
        otherClient.inject({ method: 'POST', url: `/api/people/${clients.admin.user.id}/deactivate` }),
      ]);
      // One wins; the other is refused as the last admin (or finds its own session ended: 401).
      expect([first.statusCode, second.statusCode].filter((status) => status === 200)).toHaveLength(1);
      const admins = await database.db
        .selectFrom('users')
        .select('id')
        .where('organisation_id', '=', organisation.id)
        .where('role', '=', 'admin')
        .where('status', '=', 'active')
        .execute();
      expect(admins).toHaveLength(1);
    }
  });

  it('answers 404 for a person of another organisation, on every route', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const other = await createOrganisation(database.db);
    const stranger = await createUser(database.db, other.id, { role: 'sales_rep' });
    const url = `/api/people/${stranger.id}`;
    expect((await clients.admin.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect(
      (await clients.admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { name: 'X' } })).statusCode,
    ).toBe(404);
    for (const action of ['deactivate', 'reactivate', 'invite']) {
      expect((await clients.admin.inject({ method: 'POST', url: `${url}/${action}` })).statusCode).toBe(404);
    }
    const strangerClient = await signedInClient(app, database.db, stranger);
    expect((await strangerClient.inject({ method: 'GET', url: '/api/accounts' })).statusCode).toBe(200);
    const list = await clients.admin.inject({ method: 'GET', url: `/api/people?q=${encodeURIComponent(stranger.email)}` });
    expect(list.json().total).toBe(0);
  });

  it('exports everyone as CSV for admins only', async () => {
    const { app, database } = ctx();
    const { organisation, team, clients } = await createOrganisationWithRoles(app, database.db);
    await createUser(database.db, organisation.id, { name: '=HYPERLINK("x")', teamId: team.id });
    const response = await clients.admin.inject({ method: 'GET', url: '/api/people/export.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="people-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('email,name,role,team,region,start_date,status');
    expect(lines).toHaveLength(8);
    // Formula injection: the cell starts with an apostrophe, so spreadsheets show it as text.
    expect(response.body).toContain(`"'=HYPERLINK(""x"")"`);
    const semicolons = await clients.admin.inject({ method: 'GET', url: '/api/people/export.csv?separator=semicolon' });
    expect(semicolons.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('email;name;role;team;region;start_date;status');
    expect((await clients.marketing_lead.inject({ method: 'GET', url: '/api/people/export.csv' })).statusCode).toBe(403);
  });
});
