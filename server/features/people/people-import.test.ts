import { expect, it } from 'vitest';
import type { Client } from '../../test/factories.js';
import { createOrganisation, createOrganisationWithRoles, createTeam, createUser, uniqueEmail } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';

function importCsv(client: Client, csv: string, query = 'dryRun=true') {
  return client.inject({
    method: 'POST',
    url: `/api/people/import?${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
}

/** A prefix that makes a test's e-mail addresses unique across runs sharing one database. */
function tag() {
  return uniqueEmail('x').slice(2, 14);
}

describeEachDialect('people import', (ctx) => {
  it('dry run reports each row problem with its spreadsheet row number and stores nothing', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const other = await createOrganisation(database.db);
    const foreigner = await createUser(database.db, other.id);
    const t = tag();
    const csv = [
      'email,name,role,team,region,start_date',
      `ok-${t}@example.test,Olga Okay,sales_rep,Nord ${t},Nord,2025-01-15`,
      `not-an-address,Bad Mail,sales_rep,,,`,
      `,No Mail,sales_rep,,,`,
      `role-${t}@example.test,Rolf Role,king,,,`,
      `date-${t}@example.test,Doris Date,marketer,,,31.02.2025`,
      `OK-${t}@example.test,Olga Again,sales_rep,,,`,
      `${foreigner.email},For Eigner,sales_rep,,,`,
      `region-${t}@example.test,Regina Region,sales_rep,Nord ${t},Süd,`,
      `long-${t}@example.test,${'x'.repeat(121)},sales_rep,,,`,
      `noname-${t}@example.test,,sales_rep,,,`,
    ].join('\n');
    const response = await importCsv(clients.admin, csv);
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({ dryRun: true, rows: 10, created: 1, updated: 0, unchanged: 0, applied: false });
    expect(result.problems.map((p: { row: number; field: string; code: string }) => [p.row, p.field, p.code])).toEqual([
      [3, 'email', 'invalid_email'],
      [4, 'email', 'required'],
      [5, 'role', 'invalid_role'],
      [6, 'start_date', 'invalid_date'],
      [7, 'email', 'duplicate_in_file'],
      [8, 'email', 'email_in_other_organisation'],
      [9, 'region', 'region_mismatch'],
      [10, 'name', 'too_long'],
      [11, 'name', 'required'],
    ]);
    expect(result.problems[4].message).toMatch(/Row 2/);
    const stored = await database.db.selectFrom('users').select('id').where('organisation_id', '=', organisation.id).execute();
    expect(stored).toHaveLength(6);
    const teams = await database.db.selectFrom('teams').select('id').where('organisation_id', '=', organisation.id).execute();
    expect(teams).toHaveLength(1);
  });

  it('applies all or nothing: a file with one bad row answers 422 and stores nothing; the fixed file is stored whole', async () => {
    const { app, database } = ctx();
    const { organisation, team, clients } = await createOrganisationWithRoles(app, database.db);
    const t = tag();
    const good = [
      'email,name,role,team,region,start_date',
      `a-${t}@example.test,Anna Apply,sales_rep,${team.name},${team.region},2025-01-01`,
      `b-${t}@example.test,Bert Brand,marketer,Brand ${t},Zentrale,`,
      `c-${t}@example.test,Cleo Chef,executive,Board ${t},,`,
      `d-${t}@example.test,Dirk Neu,sales_lead,West ${t},West,`,
    ];
    const bad = [...good, `e-${t}@example.test,Emil Error,sales_rep,,,2025-13-01`].join('\n');
    const refused = await importCsv(clients.admin, bad, 'dryRun=false');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('import_invalid');
    expect(refused.json().error.details).toMatchObject({ dryRun: false, applied: false, rows: 5, created: 4 });
    expect(refused.json().error.details.problems).toEqual([
      {
        row: 6,
        field: 'start_date',
        code: 'invalid_date',
        message: expect.any(String),
        params: { column: 'start_date', value: expect.any(String) },
      },
    ]);
    const none = await database.db.selectFrom('users').select('id').where('email', 'like', `%-${t}@example.test`).execute();
    expect(none).toEqual([]);
    expect(await database.db.selectFrom('teams').select('id').where('name', 'like', `% ${t}`).execute()).toEqual([]);

    const applied = await importCsv(clients.admin, good.join('\n'), 'dryRun=false');
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ dryRun: false, applied: true, rows: 4, created: 4, updated: 0, problems: [] });
    const people = await clients.admin.inject({ method: 'GET', url: `/api/people?q=${t}&pageSize=10` });
    expect(
      people
        .json()
        .items.map((p: { name: string; role: string; teamName: string; region: string; status: string }) => [
          p.name,
          p.role,
          p.teamName,
          p.region,
          p.status,
        ]),
    ).toEqual([
      ['Anna Apply', 'sales_rep', team.name, team.region, 'invited'],
      ['Bert Brand', 'marketer', `Brand ${t}`, 'Zentrale', 'invited'],
      ['Cleo Chef', 'executive', `Board ${t}`, '', 'invited'],
      ['Dirk Neu', 'sales_lead', `West ${t}`, 'West', 'invited'],
    ]);
    const teams = await database.db
      .selectFrom('teams')
      .select(['name', 'kind'])
      .where('organisation_id', '=', organisation.id)
      .where('name', 'like', `% ${t}`)
      .orderBy('name')
      .execute();
    expect(teams).toEqual([
      { name: `Board ${t}`, kind: 'executive' },
      { name: `Brand ${t}`, kind: 'marketing' },
      { name: `West ${t}`, kind: 'sales' },
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('organisation_id', '=', organisation.id)
      .where('action', '=', 'people.imported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ rows: 4, created: 4, updated: 0, teamsCreated: 3 });
    expect(
      await database.db.selectFrom('mail_outbox').select('id').where('recipient', 'like', `%-${t}@example.test`).execute(),
    ).toEqual([]);
  });

  it('reads German Excel files: BOM, semicolons, German headers and dates, quoted cells', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const t = tag();
    const csv = [
      '\uFEFFE-Mail;Name;Rolle;Team;Region;Startdatum',
      `jo-${t}@example.test;"Müller, Jörg";sales_rep;Süd ${t};Bayern;1.4.2025`,
      '',
      `ul-${t}@example.test;Ulrike Weiß;Marketing_Lead;;;`,
    ].join('\r\n');
    const dry = await importCsv(clients.admin, csv);
    expect(dry.json()).toMatchObject({ rows: 2, created: 2, problems: [] });
    const applied = await importCsv(clients.admin, csv, 'dryRun=false');
    expect(applied.statusCode).toBe(200);
    const people = await clients.admin.inject({ method: 'GET', url: `/api/people?q=${t}` });
    expect(people.json().items).toMatchObject([
      { name: 'Müller, Jörg', role: 'sales_rep', teamName: `Süd ${t}`, region: 'Bayern', startDate: '2025-04-01' },
      { name: 'Ulrike Weiß', role: 'marketing_lead', teamId: null, startDate: null },
    ]);

    const wrongRow = ['e-mail;name;rolle', `x-${t}@example.test;X;sales_rep`, '', `y-${t}@example.test;Y;pilot`].join('\n');
    const problems = (await importCsv(clients.admin, wrongRow)).json().problems;
    expect(problems).toMatchObject([{ row: 4, field: 'role', code: 'invalid_role' }]);
  });

  it('gives each problem the details a translation names: the column as written, the value, the earlier row', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const other = await createOrganisation(database.db);
    const foreigner = await createUser(database.db, other.id);
    const t = tag();
    const csv = [
      'E-Mail;Name;Rolle;Team;Region;Startdatum',
      `a-${t}@example.test;Anna;sales_rep;Nord ${t};Nord;`,
      `A-${t}@example.test;Anna again;sales_rep;;;`,
      `b-${t}@example.test;Bernd;king;;;`,
      `c-${t}@example.test;Clara;sales_rep;Nord ${t};Süd;`,
      `d-${t}@example.test;Dora;sales_rep;;;31.02.2025`,
      `${foreigner.email};Fremd;sales_rep;;;`,
      `no-mail;${'x'.repeat(121)};sales_rep;;;`,
      `e-${t}@example.test;;marketer;;;`,
    ].join('\n');
    const response = await importCsv(clients.admin, csv);
    expect(response.statusCode).toBe(200);
    const email = `a-${t}@example.test`;
    expect(response.json().problems).toEqual([
      expect.objectContaining({ row: 3, code: 'duplicate_in_file', params: { column: 'E-Mail', value: email, firstRow: 2 } }),
      expect.objectContaining({
        row: 4,
        code: 'invalid_role',
        params: { column: 'Rolle', value: 'king', accepted: 'admin, executive, marketing_lead, marketer, sales_lead, sales_rep' },
      }),
      expect.objectContaining({
        row: 5,
        code: 'region_mismatch',
        params: { column: 'Region', team: `Nord ${t}`, region: 'Süd', teamRegion: 'Nord', firstRow: 2 },
      }),
      expect.objectContaining({ row: 6, code: 'invalid_date', params: { column: 'Startdatum', value: '31.02.2025' } }),
      expect.objectContaining({
        row: 7,
        code: 'email_in_other_organisation',
        params: { column: 'E-Mail', value: foreigner.email },
      }),
      expect.objectContaining({ row: 8, code: 'invalid_email', params: { column: 'E-Mail', value: 'no-mail' } }),
      expect.objectContaining({ row: 8, code: 'too_long', params: { column: 'Name', max: 120 } }),
      expect.objectContaining({ row: 9, code: 'required', params: { column: 'Name' } }),
    ]);

    const missing = await importCsv(clients.admin, 'E-Mail,Name\na@example.test,A\n');
    expect(missing.json().problems).toEqual([
      expect.objectContaining({ code: 'missing_column', params: { column: 'role', accepted: 'role, rolle' } }),
    ]);
    const broken = await importCsv(clients.admin, 'email,name,role\n"a@example.test,A,sales_rep\n');
    expect(broken.json().problems[0].params).toEqual({ line: expect.any(Number) });

    // A team that exists already: the region it is in, no row of the file.
    const team = await createTeam(database.db, clients.admin.user.organisationId, { name: `West ${t}`, region: 'West' });
    const existing = await importCsv(
      clients.admin,
      `email,name,role,team,region\nf-${t}@example.test,F,sales_rep,${team.name},Ost\n`,
    );
    expect(existing.json().problems[0].params).toEqual({
      column: 'region',
      team: team.name,
      region: 'Ost',
      teamRegion: 'West',
      firstRow: 0,
    });
  });

  it('reports missing columns and broken files instead of guessing', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const missing = await importCsv(clients.admin, 'email,name\na@example.test,A\n');
    expect(missing.json().problems).toMatchObject([{ row: 1, field: 'role', code: 'missing_column' }]);
    const broken = await importCsv(clients.admin, 'email,name,role\n"a@example.test,A,sales_rep\n');
    expect(broken.json().problems).toMatchObject([{ code: 'malformed_csv' }]);
    const empty = await importCsv(clients.admin, '\n');
    expect(empty.json().problems).toMatchObject([{ code: 'empty_file' }]);
    expect((await importCsv(clients.marketing_lead, 'email,name,role\n')).statusCode).toBe(403);
  });

  it('updates people of the organisation by e-mail, audits role changes, and keeps the last admin', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const rep = await createUser(database.db, organisation.id, { role: 'sales_rep', name: 'Rita Rep' });
    const same = await createUser(database.db, organisation.id, { role: 'marketer', name: 'Sam Same' });
    const csv = [
      'email,name,role',
      `${rep.email},Rita Rep-Lead,sales_lead`,
      `${same.email},Sam Same,marketer`,
      `${clients.admin.user.email},${clients.admin.user.name},marketer`,
    ].join('\n');
    const dry = (await importCsv(clients.admin, csv)).json();
    expect(dry).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(dry.problems).toMatchObject([{ row: 4, field: 'role', code: 'last_admin' }]);

    const withoutAdmin = csv.split('\n').slice(0, 3).join('\n');
    const applied = await importCsv(clients.admin, withoutAdmin, 'dryRun=false');
    expect(applied.json()).toMatchObject({ applied: true, created: 0, updated: 1, unchanged: 1 });
    const updated = await clients.admin.inject({ method: 'GET', url: `/api/people/${rep.id}` });
    expect(updated.json()).toMatchObject({ name: 'Rita Rep-Lead', role: 'sales_lead', status: 'active', version: 2 });
    const audit = await database.db
      .selectFrom('audit_log')
      .select('details')
      .where('organisation_id', '=', organisation.id)
      .where('action', '=', 'person.role_changed')
      .where('target_id', '=', rep.id)
      .execute();
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ from: 'sales_rep', to: 'sales_lead' });
  });

  it('invites every newly created person when asked: one token and one outbox mail each', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const existing = await createUser(database.db, organisation.id, { role: 'sales_rep' });
    const t = tag();
    const csv = [
      'email,name,role',
      `i1-${t}@example.test,Ida Eins,sales_rep`,
      `i2-${t}@example.test,Ida Zwei,marketer`,
      `${existing.email},Existing Person,sales_rep`,
    ].join('\n');
    const applied = await importCsv(clients.admin, csv, 'dryRun=false&invite=true');
    expect(applied.json()).toMatchObject({ applied: true, created: 2, updated: 1 });
    const mails = await database.db
      .selectFrom('mail_outbox')
      .select(['recipient', 'subject', 'body_text', 'status'])
      .where('organisation_id', '=', organisation.id)
      .orderBy('recipient')
      .execute();
    expect(mails.map((m) => m.recipient)).toEqual([`i1-${t}@example.test`, `i2-${t}@example.test`]);
    expect(mails[0]?.subject).toContain(organisation.name);
    expect(mails[0]?.body_text).toMatch(/\/invite\/[\w-]{20,}/);
    const tokens = await database.db
      .selectFrom('auth_tokens')
      .innerJoin('users', 'users.id', 'auth_tokens.user_id')
      .select(['users.email', 'auth_tokens.purpose', 'auth_tokens.used_at'])
      .where('auth_tokens.organisation_id', '=', organisation.id)
      .execute();
    expect(tokens).toHaveLength(2);
    expect(tokens.every((token) => token.purpose === 'invitation' && token.used_at === null)).toBe(true);

    // The mailed link works: the invitation page knows the person.
    const link = /\/invite\/([\w-]+)/.exec(mails[0]?.body_text ?? '')?.[1] ?? '';
    const info = await app.inject({ method: 'GET', url: `/api/auth/invitations/${link}` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ email: `i1-${t}@example.test`, organisationName: organisation.name });
  });

  it('round-trips its own export: re-importing it changes nothing, an edited copy updates', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const team = await createTeam(database.db, organisation.id, { name: 'Öst, "Team"', region: 'Ost' });
    await createUser(database.db, organisation.id, { name: '-Minus Mann', teamId: team.id });
    await createUser(database.db, organisation.id, { name: 'Semi;Colon', role: 'marketer' });

    for (const separator of ['comma', 'semicolon']) {
      const exported = await clients.admin.inject({ method: 'GET', url: `/api/people/export.csv?separator=${separator}` });
      const again = await importCsv(clients.admin, exported.body);
      expect(again.json()).toMatchObject({ rows: 8, created: 0, updated: 0, unchanged: 8, problems: [] });
    }

    const exported = await clients.admin.inject({ method: 'GET', url: '/api/people/export.csv' });
    const edited = exported.body.replace("'-Minus Mann", 'Plus Mann');
    const applied = await importCsv(clients.admin, edited, 'dryRun=false');
    expect(applied.json()).toMatchObject({ applied: true, updated: 1, unchanged: 7 });
    const renamed = await clients.admin.inject({ method: 'GET', url: '/api/people?q=Plus%20Mann' });
    expect(renamed.json().items).toMatchObject([{ teamName: 'Öst, "Team"', region: 'Ost' }]);
  });

  it('refuses a file with more than 50,000 rows with a clear 413', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const lines = ['email,name,role'];
    for (let i = 0; i <= 50_000; i++) lines.push(`p${i}@big.test,P ${i},sales_rep`);
    const response = await importCsv(clients.admin, lines.join('\n'));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toMatch(/50001 rows; at most 50000/);
  });

  for (const invite of [false, true]) {
    it(`imports 10,000 people in one go${invite ? ', inviting each' : ''}`, { timeout: 180_000 }, async () => {
      const { app, database, dialect } = ctx();
      const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
      const t = tag();
      const roles = ['sales_rep', 'sales_rep', 'sales_rep', 'sales_lead', 'marketer'];
      const lines = ['email,name,role,team,region,start_date'];
      for (let i = 0; i < 10_000; i++) {
        const region = ['Nord', 'Süd', 'West', 'Ost'][i % 4];
        lines.push(
          `p${i}-${t}@bulk.test,Person ${i},${roles[i % roles.length]},Team ${i % 40} ${t},${region},2024-${String((i % 12) + 1).padStart(2, '0')}-01`,
        );
      }
      const started = performance.now();
      const response = await importCsv(clients.admin, lines.join('\n'), `dryRun=false&invite=${invite}`);
      const elapsed = Math.round(performance.now() - started);
      console.log(`[${dialect}] 10,000-row people import${invite ? ' with invitations' : ''}: ${elapsed} ms`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ applied: true, rows: 10_000, created: 10_000, problems: [] });
      const count = await database.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organisation_id', '=', organisation.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(10_006);
      const mails = await database.db
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organisation_id', '=', organisation.id)
        .executeTakeFirstOrThrow();
      expect(Number(mails.n)).toBe(invite ? 10_000 : 0);
    });
  }
});
