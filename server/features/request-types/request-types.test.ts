import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../common/roles.js';
import {
  type Client,
  createOrganisation,
  createOrganisationWithRoles,
  createRequest,
  createUser,
  signedInClient,
} from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { deriveRequestTypeKey } from './request-types.service.js';

interface TypeBody {
  id: string;
  key: string;
  nameDe: string;
  nameEn: string;
  active: boolean;
  version: number;
}

const NON_ADMINS: Role[] = ['executive', 'marketing_lead', 'marketer', 'sales_lead', 'sales_rep'];

function create(client: Client, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return client.inject({ method: 'POST', url: '/api/request-types', payload, headers });
}

function patch(client: Client, id: string, ifMatch: string | null, payload: Record<string, unknown>) {
  return client.inject({
    method: 'PATCH',
    url: `/api/request-types/${id}`,
    payload,
    headers: ifMatch === null ? {} : { 'if-match': ifMatch },
  });
}

async function list(client: Client, includeInactive = false): Promise<TypeBody[]> {
  const response = await client.inject({
    method: 'GET',
    url: `/api/request-types${includeInactive ? '?includeInactive=true' : ''}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function fileWith(client: Client, typeId: string) {
  return client.inject({
    method: 'POST',
    url: '/api/requests',
    payload: { typeId, title: 'Booth graphics for the fair', priority: 'normal' },
  });
}

describe('deriveRequestTypeKey', () => {
  it('makes a readable key from the English name and numbers it past taken keys', () => {
    expect(deriveRequestTypeKey('Trade-fair booth', new Set())).toBe('trade_fair_booth');
    expect(deriveRequestTypeKey('  Café über Öl  ', new Set())).toBe('cafe_uber_ol');
    expect(deriveRequestTypeKey('Collateral', new Set(['collateral', 'collateral_2']))).toBe('collateral_3');
    expect(deriveRequestTypeKey('日本語', new Set())).toBe('type');
    expect(deriveRequestTypeKey('日本語', new Set(['type']))).toBe('type_2');
    const long = deriveRequestTypeKey(`${'a'.repeat(39)} b ${'c'.repeat(50)}`, new Set());
    expect(long).toBe('a'.repeat(39));
  });
});

describeEachDialect('request types', (ctx) => {
  it('lists the active types for everyone in a stable order; inactive ones only for those who see every request', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const forRep = await list(clients.sales_rep);
    expect(forRep).toHaveLength(8);
    expect(forRep.every((type) => type.active && type.version === 1)).toBe(true);
    expect(await list(clients.admin)).toEqual(forRep);

    const training = forRep.find((type) => type.key === 'training') as TypeBody;
    expect((await patch(clients.admin, training.id, '"1"', { active: false })).statusCode).toBe(200);
    const activeKeys = (await list(clients.sales_rep)).map((type) => type.key);
    expect(activeKeys).toEqual(forRep.map((type) => type.key).filter((key) => key !== 'training'));
    for (const role of ['admin', 'executive', 'marketing_lead', 'marketer'] as const) {
      const all = await list(clients[role], true);
      expect(all.map((type) => type.key)).toEqual(forRep.map((type) => type.key));
      expect(all.find((type) => type.key === 'training')?.active).toBe(false);
    }
    for (const role of ['sales_lead', 'sales_rep'] as const) {
      const refused = await clients[role].inject({ method: 'GET', url: '/api/request-types?includeInactive=true' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
  });

  it('creates a type with a derived key, idempotently, audited, and offers it for filing with default SLA targets', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const key = { 'idempotency-key': `type-${randomUUID()}` };
    const first = await create(clients.admin, { nameDe: '  Messestand  ', nameEn: 'Trade-fair booth ' }, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers.etag).toBe('"1"');
    const created = first.json() as TypeBody;
    expect(created).toMatchObject({ key: 'trade_fair_booth', nameDe: 'Messestand', nameEn: 'Trade-fair booth', active: true });

    const again = await create(clients.admin, { nameDe: '  Messestand  ', nameEn: 'Trade-fair booth ' }, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(created.id);
    const reused = await create(clients.admin, { nameDe: 'Etwas anderes', nameEn: 'Something else' }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('idempotency_key_reused');

    const offered = await list(clients.sales_rep);
    expect(offered).toHaveLength(9);
    expect(offered.at(-1)?.id).toBe(created.id);

    const policies = await clients.marketer.inject({ method: 'GET', url: '/api/sla-policies' });
    expect(policies.statusCode).toBe(200);
    const own = (policies.json() as { typeId: string; typeKey: string; isDefault: boolean; priority: string }[]).filter(
      (policy) => policy.typeId === created.id,
    );
    expect(own.map((policy) => policy.priority).sort()).toEqual(['high', 'low', 'normal', 'urgent']);
    expect(own.every((policy) => policy.isDefault && policy.typeKey === 'trade_fair_booth')).toBe(true);
    const tightened = await clients.admin.inject({
      method: 'PUT',
      url: `/api/sla-policies/${created.id}/normal`,
      payload: { firstResponseMinutes: 60, resolutionMinutes: 600 },
      headers: { 'if-match': '"0"' },
    });
    expect(tightened.statusCode, tightened.body).toBe(200);

    const filed = await fileWith(clients.sales_rep, created.id);
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().type).toMatchObject({ id: created.id, key: 'trade_fair_booth', nameDe: 'Messestand' });
    const stored = await database.db
      .selectFrom('requests')
      .where('id', '=', filed.json().id)
      .select(['first_response_target_minutes', 'resolution_target_minutes'])
      .executeTakeFirstOrThrow();
    expect([Number(stored.first_response_target_minutes), Number(stored.resolution_target_minutes)]).toEqual([60, 600]);

    const audit = await database.db
      .selectFrom('audit_log')
      .where('organisation_id', '=', organisation.id)
      .where('target_id', '=', created.id)
      .select(['action', 'actor_id', 'details'])
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'request_type.created', actor_id: clients.admin.user.id });
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({
      key: 'trade_fair_booth',
      nameDe: 'Messestand',
      nameEn: 'Trade-fair booth',
    });
  });

  it('lists an added type after the built-in ones even when they carry the same or a later time', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    expect(await list(clients.admin)).toHaveLength(8);
    // As if the built-in types had been seeded in this very millisecond, or by a clock running ahead.
    const ahead = new Date(Date.now() + 60_000).toISOString();
    await database.db
      .updateTable('request_types')
      .set({ created_at: ahead })
      .where('organisation_id', '=', organisation.id)
      .execute();
    const first = (await create(clients.admin, { nameDe: 'Abakus', nameEn: 'Abacus' })).json() as TypeBody;
    const second = (await create(clients.admin, { nameDe: 'Aal', nameEn: 'Aardvark' })).json() as TypeBody;
    // Both keys sort before every built-in one, so only the times keep them last, in the order added.
    expect((await list(clients.sales_rep)).slice(-2).map((type) => type.id)).toEqual([first.id, second.id]);
  });

  it('refuses taken names per language ignoring case, and names outside 1–80 characters, storing nothing', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    expect((await create(clients.admin, { nameDe: 'Über uns', nameEn: 'About us' })).statusCode).toBe(201);

    const taken = async (payload: Record<string, unknown>, field: string) => {
      const response = await create(clients.admin, payload);
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'name_taken', details: { field } });
    };
    await taken({ nameDe: 'ÜBER UNS', nameEn: 'Something new' }, 'nameDe');
    await taken({ nameDe: 'Etwas Neues', nameEn: ' about US ' }, 'nameEn');
    // The built-in types count too.
    await taken({ nameDe: 'Vertriebsmaterial', nameEn: 'Brochures' }, 'nameDe');
    await taken({ nameDe: 'Broschüren', nameEn: 'COLLATERAL' }, 'nameEn');
    // The same word in the other language is a different name.
    expect((await create(clients.admin, { nameDe: 'About us', nameEn: 'Über uns' })).statusCode).toBe(201);

    const invalid = async (payload: Record<string, unknown>) => {
      const response = await create(clients.admin, payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    };
    await invalid({ nameDe: '   ', nameEn: 'Blank German' });
    await invalid({ nameDe: 'Langer Name', nameEn: 'x'.repeat(81) });
    await invalid({ nameDe: 'Nur Deutsch' });
    await invalid({ nameDe: 42, nameEn: 'Number' });
    const longest = await create(clients.admin, { nameDe: 'ä'.repeat(80), nameEn: 'y'.repeat(80) });
    expect(longest.statusCode, longest.body).toBe(201);

    const names = (await list(clients.admin, true)).map((type) => type.nameEn);
    expect(names).toHaveLength(11);
    expect(names.filter((name) => name.toLowerCase() === 'about us')).toHaveLength(1);
    const audited = await database.db
      .selectFrom('audit_log')
      .where('organisation_id', '=', organisation.id)
      .where('action', '=', 'request_type.created')
      .select('id')
      .execute();
    expect(audited).toHaveLength(3);
  });

  it('lets only one of several concurrent creates with the same names through', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    await list(clients.admin);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        create(clients.admin, { nameDe: index % 2 ? 'Webinar' : 'WEBINAR', nameEn: index % 2 ? 'Webinar' : 'webinar' }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await list(clients.admin)).filter((type) => type.nameEn.toLowerCase() === 'webinar')).toHaveLength(1);
  });

  it('renames with If-Match (428, 412), deactivates and reactivates, keeping requests and refusing new ones', async () => {
    const { app, database } = ctx();
    const { organisation, clients } = await createOrganisationWithRoles(app, database.db);
    const created = (await create(clients.admin, { nameDe: 'Messestand', nameEn: 'Booth' })).json() as TypeBody;
    const other = (await create(clients.admin, { nameDe: 'Webinar', nameEn: 'Webinar' })).json() as TypeBody;

    expect((await patch(clients.admin, created.id, null, { nameEn: 'Trade-fair booth' })).statusCode).toBe(428);
    const renamed = await patch(clients.admin, created.id, '"1"', { nameDe: 'Messestand und Bühne', nameEn: 'Trade-fair booth' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    // The key stays what it was, so that reports and integrations keep their reference.
    expect(renamed.json()).toMatchObject({
      key: 'booth',
      nameDe: 'Messestand und Bühne',
      nameEn: 'Trade-fair booth',
      version: 2,
    });
    const stale = await patch(clients.admin, created.id, '"1"', { nameDe: 'Überholt' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('precondition_failed');
    const clash = await patch(clients.admin, created.id, '"2"', { nameEn: 'WEBINAR' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'name_taken', details: { field: 'nameEn' } });
    // Its own name in another case is no clash.
    const recased = await patch(clients.admin, created.id, '"2"', { nameEn: 'Trade-Fair Booth' });
    expect(recased.statusCode, recased.body).toBe(200);
    expect(recased.json().version).toBe(3);
    // Sending what is stored changes nothing.
    const same = await patch(clients.admin, created.id, '"3"', { nameEn: 'Trade-Fair Booth', active: true });
    expect(same.statusCode).toBe(200);
    expect(same.headers.etag).toBe('"3"');
    expect((await patch(clients.admin, other.id, '"1"', {})).statusCode).toBe(400);
    expect((await patch(clients.admin, other.id, '"1"', { nameDe: 'x'.repeat(81) })).statusCode).toBe(400);

    const rep = clients.sales_rep;
    const before = await fileWith(rep, created.id);
    expect(before.statusCode, before.body).toBe(201);

    const deactivated = await patch(clients.admin, created.id, '"3"', { active: false });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json()).toMatchObject({ active: false, version: 4 });
    expect((await list(rep)).some((type) => type.id === created.id)).toBe(false);
    const refused = await fileWith(rep, created.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('request_type_inactive');
    // The request filed before keeps its type, and the type keeps its SLA policies.
    const kept = await rep.inject({ method: 'GET', url: `/api/requests/${before.json().id}` });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().type).toMatchObject({ id: created.id, active: false, nameEn: 'Trade-Fair Booth' });
    const queue = await clients.marketer.inject({ method: 'GET', url: `/api/requests?typeId=${created.id}` });
    expect(queue.json().total).toBe(1);
    const policies = (await clients.admin.inject({ method: 'GET', url: '/api/sla-policies' })).json() as { typeId: string }[];
    expect(policies.filter((policy) => policy.typeId === created.id)).toHaveLength(4);

    const reactivated = await patch(clients.admin, created.id, '"4"', { active: true });
    expect(reactivated.statusCode).toBe(200);
    expect(reactivated.json()).toMatchObject({ active: true, version: 5 });
    expect((await fileWith(rep, created.id)).statusCode).toBe(201);

    const audit = await database.db
      .selectFrom('audit_log')
      .where('organisation_id', '=', organisation.id)
      .where('target_id', '=', created.id)
      .select(['action', 'details', 'created_at'])
      .orderBy('created_at')
      .execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual(
      [
        'request_type.created',
        'request_type.deactivated',
        'request_type.reactivated',
        'request_type.updated',
        'request_type.updated',
      ].sort(),
    );
    const firstRename = audit.find((entry) => entry.action === 'request_type.updated' && entry.details.includes('Bühne'));
    expect(JSON.parse(firstRename?.details ?? '{}')).toEqual({
      key: 'booth',
      nameDe: { from: 'Messestand', to: 'Messestand und Bühne' },
      nameEn: { from: 'Booth', to: 'Trade-fair booth' },
    });
  });

  it('never deactivates the last active type', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const types = await list(clients.admin);
    const [last, ...rest] = types as [TypeBody, ...TypeBody[]];
    for (const type of rest) expect((await patch(clients.admin, type.id, '"1"', { active: false })).statusCode).toBe(200);
    const refused = await patch(clients.admin, last.id, '"1"', { active: false, nameEn: 'Renamed too' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('last_active_request_type');
    // Nothing of the refused change was stored.
    expect(await list(clients.sales_rep)).toEqual([last]);
    // With another type active again, it may go.
    expect((await patch(clients.admin, (rest[0] as TypeBody).id, '"2"', { active: true })).statusCode).toBe(200);
    expect((await patch(clients.admin, last.id, '"1"', { active: false })).statusCode).toBe(200);
    expect((await list(clients.sales_rep)).map((type) => type.id)).toEqual([(rest[0] as TypeBody).id]);
  });

  it('refuses every role but admin, and never reaches another organisation', async () => {
    const { app, database } = ctx();
    const { clients } = await createOrganisationWithRoles(app, database.db);
    const type = (await list(clients.admin))[0] as TypeBody;
    for (const role of NON_ADMINS) {
      const created = await create(clients[role], { nameDe: `Neu ${role}`, nameEn: `New ${role}` });
      expect(created.statusCode, `${role} create`).toBe(403);
      const changed = await patch(clients[role], type.id, '"1"', { nameEn: `Changed by ${role}` });
      expect(changed.statusCode, `${role} update`).toBe(403);
    }
    expect((await list(clients.admin)).some((t) => t.nameEn.startsWith('New ') || t.nameEn.startsWith('Changed'))).toBe(false);

    const strangerOrg = await createOrganisation(database.db);
    const stranger = await signedInClient(app, database.db, await createUser(database.db, strangerOrg.id, { role: 'admin' }));
    const foreign = await patch(stranger, type.id, '"1"', { active: false });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('not_found');
    expect((await patch(clients.admin, randomUUID(), '"1"', { active: false })).statusCode).toBe(404);
    // Names are unique per organisation, not across them.
    const own = await create(stranger, { nameDe: 'Messestand', nameEn: 'Booth' });
    expect(own.statusCode).toBe(201);
    expect((await create(clients.admin, { nameDe: 'Messestand', nameEn: 'Booth' })).statusCode).toBe(201);
    expect((await list(stranger, true)).some((t) => t.id === type.id)).toBe(false);
    const strangerRep = await signedInClient(app, database.db, await createUser(database.db, strangerOrg.id));
    const crossFiling = await fileWith(strangerRep, type.id);
    expect(crossFiling.statusCode).toBe(400);
    const filedHere = await createRequest(database.db, strangerOrg.id, { requesterId: strangerRep.user.id });
    expect(filedHere.typeId).not.toBe(type.id);
  });
});
