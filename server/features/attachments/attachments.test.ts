import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, type Attachment } from '../../../common/api/assets.js';
import type { Role } from '../../../common/roles.js';
import type { Tables } from '../../db/tables.js';
import { type Client, createOrganisation, createRequest, createTeam, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { DOCX_BYTES, multipartFile, PDF_BYTES, PNG_BYTES } from './multipart.fixture.js';

async function portal(app: FastifyInstance, db: Kysely<Tables>) {
  const organisation = await createOrganisation(db);
  const teamA = await createTeam(db, organisation.id);
  const teamB = await createTeam(db, organisation.id);
  const client = async (role: Role, teamId: string | null = null) =>
    signedInClient(app, db, await createUser(db, organisation.id, { role, teamId }));
  const clients = {
    repA: await client('sales_rep', teamA.id),
    repB: await client('sales_rep', teamB.id),
    leadA: await client('sales_lead', teamA.id),
    marketer: await client('marketer'),
    admin: await client('admin'),
  };
  const request = await createRequest(db, organisation.id, { requesterId: clients.repA.user.id, teamId: teamA.id });
  return { organisation, clients, request };
}

function upload(c: Client, requestId: string, fileName: string, content: Buffer | string) {
  return c.inject({ method: 'POST', url: `/api/requests/${requestId}/attachments`, ...multipartFile(fileName, content) });
}

async function listOf(c: Client, requestId: string): Promise<Attachment[]> {
  const response = await c.inject({ method: 'GET', url: `/api/requests/${requestId}/attachments` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describeEachDialect('request attachments', (ctx) => {
  it('stores an upload under a random name and serves it as a download to those who see the request', async () => {
    const { clients, request } = await portal(ctx().app, ctx().database.db);
    const created = await upload(clients.repA, request.id, 'Angebot Müller.pdf', PDF_BYTES);
    expect(created.statusCode, created.body).toBe(201);
    const attachment = created.json() as Attachment;
    expect(attachment).toMatchObject({
      requestId: request.id,
      fileName: 'Angebot Müller.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF_BYTES.length,
      uploader: { id: clients.repA.user.id },
      deletable: true,
    });

    const row = await ctx()
      .database.db.selectFrom('attachments')
      .where('id', '=', attachment.id)
      .select('stored_name')
      .executeTakeFirstOrThrow();
    expect(row.stored_name).toMatch(/^[0-9a-f]{48}$/);
    const stored = path.join(ctx().config.dataDir, 'attachments', row.stored_name);
    expect(fs.readFileSync(stored).equals(PDF_BYTES)).toBe(true);

    for (const c of [clients.repA, clients.leadA, clients.marketer, clients.admin]) {
      const download = await c.inject({ method: 'GET', url: `/api/attachments/${attachment.id}` });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(PDF_BYTES)).toBe(true);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="Angebot M_ller.pdf"; filename*=UTF-8''${encodeURIComponent('Angebot Müller.pdf')}`,
      );
      expect(download.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await listOf(clients.marketer, request.id)).map((a) => a.id)).toEqual([attachment.id]);
    expect((await listOf(clients.leadA, request.id))[0]?.deletable).toBe(false);
  });

  it('refuses files over 10 MB with 413 and types off the allow-list with 415, storing nothing', async () => {
    const { clients, request } = await portal(ctx().app, ctx().database.db);
    const tooLarge = await upload(
      clients.repA,
      request.id,
      'big.pdf',
      Buffer.concat([PDF_BYTES, Buffer.alloc(ATTACHMENT_MAX_BYTES)]),
    );
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error).toMatchObject({ code: 'payload_too_large', details: { maxBytes: ATTACHMENT_MAX_BYTES } });

    const refused: [string, Buffer | string, string][] = [
      ['tool.exe', Buffer.from('MZ\x90\x00'), 'extension_not_allowed'],
      ['page.html', '<html><script>alert(1)</script></html>', 'extension_not_allowed'],
      ['no-extension', PDF_BYTES, 'extension_not_allowed'],
      ['invoice.pdf', '<html><script>alert(1)</script></html>', 'content_mismatch'],
      ['photo.png', PDF_BYTES, 'content_mismatch'],
      ['photo.jpg', PNG_BYTES, 'content_mismatch'],
      ['slides.pptx', DOCX_BYTES, 'content_mismatch'],
      ['notes.txt', Buffer.from([0x48, 0x00, 0x49]), 'content_mismatch'],
      ['table.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00]), 'content_mismatch'],
      ['empty.pdf', Buffer.alloc(0), 'content_mismatch'],
    ];
    for (const [name, content, reason] of refused) {
      const response = await upload(clients.repA, request.id, name, content);
      expect(response.statusCode, name).toBe(415);
      expect(response.json().error, name).toMatchObject({ code: 'unsupported_media_type', details: { reason } });
    }
    const notMultipart = await clients.repA.inject({
      method: 'POST',
      url: `/api/requests/${request.id}/attachments`,
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
    expect(await listOf(clients.repA, request.id)).toEqual([]);

    const justUnder = Buffer.concat([PDF_BYTES, Buffer.alloc(ATTACHMENT_MAX_BYTES - PDF_BYTES.length)]);
    expect((await upload(clients.repA, request.id, 'exactly-10-mb.pdf', justUnder)).statusCode).toBe(201);
    for (const [name, content, type] of [
      ['logo.PNG', PNG_BYTES, 'image/png'],
      ['brief.docx', DOCX_BYTES, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['Kunden;Umsätze.csv', 'Kunde;Umsatz\r\nMüller;12\n', 'text/csv; charset=utf-8'],
      ['notiz.txt', '\ufeffGrüße\tund Dank\n', 'text/plain; charset=utf-8'],
      ['excel-export.csv', Buffer.from('Kunde;Umsatz\r\nMüller;12\r\n', 'latin1'), 'text/csv; charset=windows-1252'],
    ] as const) {
      const response = await upload(clients.repA, request.id, name, content);
      expect(response.statusCode, name).toBe(201);
      expect(response.json().contentType, name).toBe(type);
    }
  });

  it('keeps files from other teams and organisations, and lets only the uploader or marketing delete', async () => {
    const { clients, request } = await portal(ctx().app, ctx().database.db);
    const attachment = (await upload(clients.repA, request.id, 'offer.pdf', PDF_BYTES)).json() as Attachment;
    const stranger = await signedInClient(
      ctx().app,
      ctx().database.db,
      await createUser(ctx().database.db, (await createOrganisation(ctx().database.db)).id, { role: 'marketer' }),
    );
    for (const c of [clients.repB, stranger]) {
      expect((await c.inject({ method: 'GET', url: `/api/attachments/${attachment.id}` })).statusCode).toBe(404);
      expect((await c.inject({ method: 'GET', url: `/api/requests/${request.id}/attachments` })).statusCode).toBe(404);
      expect((await upload(c, request.id, 'x.pdf', PDF_BYTES)).statusCode).toBe(404);
      expect((await c.inject({ method: 'DELETE', url: `/api/attachments/${attachment.id}` })).statusCode).toBe(404);
    }
    // The team lead sees the request but did not upload the file.
    expect((await clients.leadA.inject({ method: 'DELETE', url: `/api/attachments/${attachment.id}` })).statusCode).toBe(403);

    const byUploader = await clients.repA.inject({ method: 'DELETE', url: `/api/attachments/${attachment.id}` });
    expect(byUploader.statusCode).toBe(204);
    expect((await clients.repA.inject({ method: 'GET', url: `/api/attachments/${attachment.id}` })).statusCode).toBe(404);

    const second = (await upload(clients.leadA, request.id, 'second.pdf', PDF_BYTES)).json() as Attachment;
    const row = await ctx()
      .database.db.selectFrom('attachments')
      .where('id', '=', second.id)
      .select('stored_name')
      .executeTakeFirstOrThrow();
    expect((await clients.marketer.inject({ method: 'DELETE', url: `/api/attachments/${second.id}` })).statusCode).toBe(204);
    expect(fs.existsSync(path.join(ctx().config.dataDir, 'attachments', row.stored_name))).toBe(false);
    expect(await listOf(clients.repA, request.id)).toEqual([]);
  });
});
