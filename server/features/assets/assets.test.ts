import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { AssetDetail, AssetSummary, Suggestions } from '../../../common/api/assets.js';
import type { Page } from '../../../common/api/contracts.js';
import type { Role } from '../../../common/roles.js';
import type { Tables } from '../../db/tables.js';
import { type Client, createOrganisation, createRequest, createTeam, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { multipartFile, PDF_BYTES } from '../attachments/multipart.fixture.js';

/** Two sales teams (a second rep in team A), a lead per team, and marketing. */
async function portal(app: FastifyInstance, db: Kysely<Tables>) {
  const organisation = await createOrganisation(db);
  const teamA = await createTeam(db, organisation.id);
  const teamB = await createTeam(db, organisation.id);
  const client = async (role: Role, teamId: string | null = null) =>
    signedInClient(app, db, await createUser(db, organisation.id, { role, teamId }));
  const clients = {
    repA: await client('sales_rep', teamA.id),
    repA2: await client('sales_rep', teamA.id),
    repB: await client('sales_rep', teamB.id),
    leadA: await client('sales_lead', teamA.id),
    marketer: await client('marketer'),
    executive: await client('executive'),
  };
  return { organisation, teamA, teamB, clients };
}

type Portal = Awaited<ReturnType<typeof portal>>;

async function publish(c: Client, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return c.inject({
    method: 'POST',
    url: '/api/assets',
    headers,
    payload: { kind: 'link', url: 'https://intranet.example.test/asset', language: 'de', ...body },
  });
}

async function publishOk(c: Client, body: Record<string, unknown>): Promise<AssetDetail> {
  const response = await publish(c, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function search(c: Client, query: string): Promise<Page<AssetSummary>> {
  const response = await c.inject({ method: 'GET', url: `/api/assets?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const titles = (page: { items: { title: string }[] }) => page.items.map((i) => i.title).sort();

async function suggest(c: Client, text: string): Promise<Suggestions> {
  const response = await c.inject({ method: 'GET', url: `/api/suggestions?text=${encodeURIComponent(text)}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function seedLibrary(p: Portal) {
  const m = p.clients.marketer;
  await publishOk(m, {
    title: 'Preisliste Antriebstechnik 2026',
    description: 'Listenpreise für alle Getriebemotoren, gültig ab Januar.',
    tags: ['preise', 'getriebe'],
    language: 'de',
  });
  await publishOk(m, {
    title: 'Präsentation Übersicht Servoantriebe',
    description: 'Folien für Erstgespräche mit Maschinenbauern.',
    tags: ['präsentation'],
    language: 'de',
  });
  await publishOk(m, {
    title: 'Battery storage datasheet',
    description: 'Technical data for the energy storage line, English edition.',
    tags: ['datasheet', 'energy'],
    language: 'en',
  });
  await publishOk(m, {
    title: 'Competitor pricing comparison',
    description: 'How our list prices compare with the two main competitors.',
    tags: ['preise', 'competition'],
    language: 'en',
  });
}

describeEachDialect('asset library', (ctx) => {
  it('searches German and English words, by prefix while typing, case-insensitively, all words required', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    await seedLibrary(p);
    const rep = p.clients.repA;

    // A German compound is found by its first part, and by the whole word.
    // The tag "preise" of the English comparison matches too.
    expect(titles(await search(rep, 'q=preis'))).toEqual(['Competitor pricing comparison', 'Preisliste Antriebstechnik 2026']);
    expect(titles(await search(rep, 'q=Preisliste'))).toEqual(['Preisliste Antriebstechnik 2026']);
    // Umlauts, upper case, and a word of the description.
    expect(titles(await search(rep, `q=${encodeURIComponent('ÜBERSICHT')}`))).toEqual(['Präsentation Übersicht Servoantriebe']);
    expect(titles(await search(rep, `q=${encodeURIComponent('präs')}`))).toEqual(['Präsentation Übersicht Servoantriebe']);
    expect(titles(await search(rep, 'q=maschinenbau'))).toEqual(['Präsentation Übersicht Servoantriebe']);
    // English, typed half-way; a tag is searchable too.
    expect(titles(await search(rep, 'q=batt'))).toEqual(['Battery storage datasheet']);
    expect(titles(await search(rep, 'q=compet'))).toEqual(['Competitor pricing comparison']);
    expect(titles(await search(rep, 'q=energy'))).toEqual(['Battery storage datasheet']);
    // Every word must occur: "list pric" matches only the English comparison's description.
    expect(titles(await search(rep, 'q=list%20pric'))).toEqual(['Competitor pricing comparison']);
    expect((await search(rep, 'q=preisliste%20battery')).total).toBe(0);
    // Punctuation and FTS syntax in the box are just separators, never an error.
    expect((await search(rep, `q=${encodeURIComponent('"batt* OR (NEAR')}`)).total).toBe(0);
    expect(titles(await search(rep, `q=${encodeURIComponent('batt"')}`))).toEqual(['Battery storage datasheet']);
  });

  it('ranks the title above the description', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    const m = p.clients.marketer;
    await publishOk(m, { title: 'Webinar recording', description: 'Mentions the gearbox once.', language: 'en' });
    await publishOk(m, { title: 'Gearbox reference story', description: 'A customer story.', language: 'en' });
    const page = await search(p.clients.repA, 'q=gearbox');
    expect(page.items.map((i) => i.title)).toEqual(['Gearbox reference story', 'Webinar recording']);
  });

  it('suggests by the distinctive word first: a word many assets share does not push it out', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    const m = p.clients.marketer;
    for (const customer of [
      'Arnold Anlagenbau',
      'Scholz Klebstoffwerke',
      'Hansen Metallbau',
      'Kraus Energietechnik',
      'Brandt Labor',
      'Lange Gießerei',
    ]) {
      await publishOk(m, {
        title: `Referenzbericht ${customer}: Getriebemotor im Einsatz`,
        description: 'Zwei Seiten Referenz mit Zitat und Fotos.',
        tags: ['referenz', 'getriebe'],
      });
    }
    await publishOk(m, {
      title: 'Fallstudie Quellental Maschinenbau',
      description: 'Zwei Seiten für die Messe.',
      tags: ['messe'],
    });
    const response = await p.clients.repA.inject({
      method: 'GET',
      url: `/api/suggestions?limit=3&text=${encodeURIComponent('Quellental Referenz')}`,
    });
    expect(response.statusCode).toBe(200);
    const suggested = (response.json() as Suggestions).assets.map((a) => a.title);
    expect(suggested).toHaveLength(3);
    expect(suggested[0]).toBe('Fallstudie Quellental Maschinenbau');
  });

  it('filters by tag and language, pages through the newest first, and lists tags by use', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    await seedLibrary(p);
    const rep = p.clients.repB;
    expect(titles(await search(rep, 'tag=preise'))).toEqual(['Competitor pricing comparison', 'Preisliste Antriebstechnik 2026']);
    expect(titles(await search(rep, 'tag=preise&language=de'))).toEqual(['Preisliste Antriebstechnik 2026']);
    expect(titles(await search(rep, 'language=en&q=data'))).toEqual(['Battery storage datasheet']);

    const first = await search(rep, 'pageSize=3&page=1');
    const second = await search(rep, 'pageSize=3&page=2');
    expect(first.total).toBe(4);
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(1);
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(4);

    const tags = (await rep.inject({ method: 'GET', url: '/api/asset-tags' })).json();
    expect(tags[0]).toEqual({ tag: 'preise', count: 2 });
    expect(tags).toHaveLength(6);
    expect((await rep.inject({ method: 'GET', url: '/api/assets?language=fr' })).statusCode).toBe(400);
  });

  it('publishes from a delivered request only, by marketing only, and replays an idempotent retry', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    const db = ctx().database.db;
    const open = await createRequest(db, p.organisation.id, { requesterId: p.clients.repA.user.id, teamId: p.teamA.id });
    const delivered = await createRequest(db, p.organisation.id, {
      requesterId: p.clients.repA.user.id,
      teamId: p.teamA.id,
      status: 'delivered',
      title: 'Battle card Acme',
    });
    const m = p.clients.marketer;

    const early = await publish(m, { requestId: open.id, title: 'Too early' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('conflict');
    expect((await publish(p.clients.repA, { requestId: delivered.id, title: 'By sales' })).statusCode).toBe(403);
    expect((await publish(m, { title: 'No address', url: undefined })).statusCode).toBe(400);
    expect((await publish(m, { title: 'Not http', url: 'javascript:alert(1)' })).statusCode).toBe(400);
    expect((await publish(m, { title: 'Bad tag', tags: ['two words'] })).statusCode).toBe(400);
    expect((await publish(m, { title: 'Bad language', language: 'fr' })).statusCode).toBe(400);

    const headers = { 'idempotency-key': 'publish-battle-card-1' };
    const first = await publish(m, { requestId: delivered.id, title: 'Battle card Acme', tags: ['Acme', 'acme'] }, headers);
    const retry = await publish(m, { requestId: delivered.id, title: 'Battle card Acme', tags: ['Acme', 'acme'] }, headers);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    expect(first.json()).toMatchObject({
      tags: ['acme'],
      kind: 'link',
      request: { id: delivered.id, title: 'Battle card Acme' },
    });
    expect((await search(m, 'q=acme')).total).toBe(1);

    // The requester sees where it came from; a rep of another team sees the asset but not the request.
    const asset = first.json() as AssetDetail;
    const forRequester = (await p.clients.repA.inject({ method: 'GET', url: `/api/assets/${asset.id}` })).json();
    const forOtherTeam = (await p.clients.repB.inject({ method: 'GET', url: `/api/assets/${asset.id}` })).json();
    expect(forRequester.request?.id).toBe(delivered.id);
    expect(forOtherTeam.title).toBe('Battle card Acme');
    expect(forOtherTeam.request).toBeNull();
    // Executives and admins do not use the library.
    expect((await p.clients.executive.inject({ method: 'GET', url: `/api/assets/${asset.id}` })).statusCode).toBe(403);
  });

  it('counts reuse once per person and asset, however often and however it is reused', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    const asset = await publishOk(p.clients.marketer, { title: 'Reference customer list' });
    const reuse = (c: Client, via: string) =>
      c.inject({ method: 'POST', url: `/api/assets/${asset.id}/reuses`, payload: { via } });

    const concurrent = await Promise.all([
      reuse(p.clients.repA, 'used'),
      reuse(p.clients.repA, 'opened'),
      reuse(p.clients.repA, 'used'),
    ]);
    for (const response of concurrent) expect(response.statusCode).toBe(200);
    expect((await reuse(p.clients.repA, 'suggestion')).json()).toEqual({ reuseCount: 1, reusedByMe: true });
    expect((await reuse(p.clients.repB, 'opened')).json()).toEqual({ reuseCount: 2, reusedByMe: true });
    expect((await reuse(p.clients.repB, 'used')).json()).toEqual({ reuseCount: 2, reusedByMe: true });

    const forLead = (await p.clients.leadA.inject({ method: 'GET', url: `/api/assets/${asset.id}` })).json();
    expect(forLead).toMatchObject({ reuseCount: 2, reusedByMe: false });
    const rows = await ctx()
      .database.db.selectFrom('asset_reuses')
      .where('asset_id', '=', asset.id)
      .select(['user_id', 'via'])
      .orderBy('user_id')
      .execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([p.clients.repA.user.id, p.clients.repB.user.id].sort());
    expect((await reuse(p.clients.repA, 'borrowed')).statusCode).toBe(400);
  });

  it('suggests earlier requests the rep may see and matching assets while a request is typed', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    const db = ctx().database.db;
    const org = p.organisation.id;
    const own = await createRequest(db, org, {
      requesterId: p.clients.repA.user.id,
      teamId: p.teamA.id,
      title: 'Messebanner Hannover Messe',
    });
    const teammate = await createRequest(db, org, {
      requesterId: p.clients.repA2.user.id,
      teamId: p.teamA.id,
      title: 'Banner für die Hannover Messe, Halle 9',
    });
    const otherTeam = await createRequest(db, org, {
      requesterId: p.clients.repB.user.id,
      teamId: p.teamB.id,
      title: 'Hannover Messe Standbanner',
    });
    await createRequest(db, org, { requesterId: p.clients.repA.user.id, teamId: p.teamA.id, title: 'Lead list Bavaria' });
    const asset = await publishOk(p.clients.marketer, {
      title: 'Messestand Hannover: Banner-Vorlagen',
      description: 'Druckdaten für Roll-ups und Banner.',
      tags: ['messe'],
    });
    const typed = 'Ich brauche ein Banner für die Hannover Messe';

    const forRep = await suggest(p.clients.repA, typed);
    expect(forRep.requests.map((r) => r.id)).toEqual([own.id]);
    expect(forRep.assets.map((a) => a.id)).toEqual([asset.id]);

    const forLead = await suggest(p.clients.leadA, typed);
    expect(forLead.requests.map((r) => r.id).sort()).toEqual([own.id, teammate.id].sort());

    const forOtherRep = await suggest(p.clients.repB, typed);
    expect(forOtherRep.requests.map((r) => r.id)).toEqual([otherTeam.id]);

    // Half a word already finds something; stop words alone find nothing.
    expect((await suggest(p.clients.repA, 'Messeb')).requests.map((r) => r.id)).toEqual([own.id]);
    expect(await suggest(p.clients.repA, 'ich und die für')).toEqual({ requests: [], assets: [] });
    expect(await suggest(p.clients.repA, '')).toEqual({ requests: [], assets: [] });
    // Marketing does not file requests, so it gets no suggestions.
    expect((await p.clients.marketer.inject({ method: 'GET', url: '/api/suggestions?text=banner' })).statusCode).toBe(403);
  });

  it('keeps the search in step with a request that is renamed or deleted', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    const db = ctx().database.db;
    const filed = await createRequest(db, p.organisation.id, {
      requesterId: p.clients.repA.user.id,
      title: 'Datenblatt Getriebe',
    });
    expect((await suggest(p.clients.repA, 'Datenblatt')).requests).toHaveLength(1);
    await db.updateTable('requests').set({ title: 'Referenzbericht Kunde' }).where('id', '=', filed.id).execute();
    expect((await suggest(p.clients.repA, 'Datenblatt')).requests).toHaveLength(0);
    expect((await suggest(p.clients.repA, 'Referenzbericht')).requests).toHaveLength(1);
    await db.deleteFrom('request_watchers').where('request_id', '=', filed.id).execute();
    await db.deleteFrom('request_events').where('request_id', '=', filed.id).execute();
    await db.deleteFrom('requests').where('id', '=', filed.id).execute();
    expect((await suggest(p.clients.repA, 'Referenzbericht')).requests).toHaveLength(0);
  });

  it('publishes files and serves them to the library only, never across organisations', async () => {
    const p = await portal(ctx().app, ctx().database.db);
    const m = p.clients.marketer;
    const uploaded = await m.inject({ method: 'POST', url: '/api/asset-files', ...multipartFile('Referenz.pdf', PDF_BYTES) });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const attachmentId = uploaded.json().id as string;
    // Before publishing, the file is the uploader's alone.
    expect((await p.clients.repA.inject({ method: 'GET', url: `/api/attachments/${attachmentId}` })).statusCode).toBe(404);
    expect((await m.inject({ method: 'GET', url: `/api/attachments/${attachmentId}` })).statusCode).toBe(200);

    const asset = await publishOk(m, { kind: 'file', url: undefined, attachmentId, title: 'Referenzbericht Müller GmbH' });
    expect(asset.file).toEqual({ fileName: 'Referenz.pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.length });
    const download = await p.clients.repB.inject({ method: 'GET', url: `/api/assets/${asset.id}/file` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF_BYTES)).toBe(true);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="Referenz.pdf"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    // Published files are not deleted from under the library.
    const deleted = await m.inject({ method: 'DELETE', url: `/api/attachments/${attachmentId}` });
    expect(deleted.statusCode).toBe(409);
    // Someone else's upload cannot be published.
    const other = await signedInClient(
      ctx().app,
      ctx().database.db,
      await createUser(ctx().database.db, p.organisation.id, { role: 'marketer' }),
    );
    expect((await publish(other, { kind: 'file', url: undefined, attachmentId, title: 'Borrowed file' })).statusCode).toBe(400);

    const stranger = await signedInClient(
      ctx().app,
      ctx().database.db,
      await createUser(ctx().database.db, (await createOrganisation(ctx().database.db)).id, { role: 'marketer' }),
    );
    for (const url of [`/api/assets/${asset.id}`, `/api/assets/${asset.id}/file`, `/api/attachments/${attachmentId}`]) {
      expect((await stranger.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    expect((await stranger.inject({ method: 'POST', url: `/api/assets/${asset.id}/reuses`, payload: {} })).statusCode).toBe(404);
    expect((await search(stranger, 'q=referenzbericht')).total).toBe(0);
    expect((await publish(stranger, { kind: 'file', url: undefined, attachmentId, title: 'Stolen file' })).statusCode).toBe(400);
  });
});
