/**
 * Stored files against their rows: an upload retried under its Idempotency-Key is stored once, and no
 * file outlives the row that points to it (explicit deletes, cascades, failed or interrupted uploads).
 * Real files in a data directory of their own, so that counting and sweeping meets no other test's files.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Attachment } from '../../../common/api/assets.js';
import { type Client, createOrganisation, createRequest, createUser, signedInClient } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { orphanedFilesJob } from '../jobs/orphaned-files.job.js';
import { storeFile } from './attachment-storage.js';
import { ORPHAN_GRACE_MS, saveUpload, sweepOrphanedFiles } from './attachments.service.js';
import { multipartFile, PDF_BYTES, PNG_BYTES } from './multipart.fixture.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-files-'));
const folder = path.join(dataDir, 'attachments');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function storedFiles(): Set<string> {
  return new Set(fs.existsSync(folder) ? fs.readdirSync(folder) : []);
}

function newFiles(before: Set<string>): string[] {
  return [...storedFiles()].filter((name) => !before.has(name));
}

const exists = (storedName: string) => fs.existsSync(path.join(folder, storedName));

/** Makes a file look as old as a file written `ms` ago. */
function age(storedName: string, ms: number) {
  const then = new Date(Date.now() - ms);
  fs.utimesSync(path.join(folder, storedName), then, then);
}

async function storedNameOf(ctx: TestContext, attachmentId: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('attachments')
    .where('id', '=', attachmentId)
    .select('stored_name')
    .executeTakeFirstOrThrow();
  return row.stored_name;
}

async function portal(ctx: TestContext) {
  const { app, database } = ctx;
  const organisation = await createOrganisation(database.db);
  const rep = await signedInClient(app, database.db, await createUser(database.db, organisation.id, { role: 'sales_rep' }));
  const marketer = await signedInClient(app, database.db, await createUser(database.db, organisation.id, { role: 'marketer' }));
  const request = await createRequest(database.db, organisation.id, { requesterId: rep.user.id });
  return { organisation, rep, marketer, request };
}

function upload(c: Client, url: string, fileName: string, content: Buffer | string, key?: string) {
  const body = multipartFile(fileName, content);
  return c.inject({
    method: 'POST',
    url,
    payload: body.payload,
    headers: { ...body.headers, ...(key ? { 'idempotency-key': key } : {}) },
  });
}

describeEachDialect(
  'attachment uploads with an Idempotency-Key',
  (ctx) => {
    it('answers a retried upload with the first result and stores the file once', async () => {
      const { rep, request } = await portal(ctx());
      const url = `/api/requests/${request.id}/attachments`;
      const key = `upload-${randomUUID()}`;
      const before = storedFiles();
      const first = await upload(rep, url, 'Angebot.pdf', PDF_BYTES, key);
      const retry = await upload(rep, url, 'Angebot.pdf', PDF_BYTES, key);
      expect(first.statusCode, first.body).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toEqual(first.json());
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const rows = await ctx()
        .database.db.selectFrom('attachments')
        .where('request_id', '=', request.id)
        .select('stored_name')
        .execute();
      expect(rows).toHaveLength(1);
      expect(newFiles(before)).toEqual([rows[0]?.stored_name]);

      // Without a key every upload is its own.
      expect((await upload(rep, url, 'Angebot.pdf', PDF_BYTES)).statusCode).toBe(201);
      expect(newFiles(before)).toHaveLength(2);
    });

    it('refuses another file, another name or another request under a used key, storing nothing', async () => {
      const { rep, request, organisation } = await portal(ctx());
      const other = await createRequest(ctx().database.db, organisation.id, { requesterId: rep.user.id });
      const url = `/api/requests/${request.id}/attachments`;
      const key = `upload-${randomUUID()}`;
      expect((await upload(rep, url, 'Angebot.pdf', PDF_BYTES, key)).statusCode).toBe(201);
      const before = storedFiles();
      const changedPdf = Buffer.concat([PDF_BYTES, Buffer.from('% second version\n')]);
      for (const [label, response] of [
        ['other content', await upload(rep, url, 'Angebot.pdf', changedPdf, key)],
        ['other name', await upload(rep, url, 'Angebot v2.pdf', PDF_BYTES, key)],
        ['other type', await upload(rep, url, 'Logo.png', PNG_BYTES, key)],
        ['other request', await upload(rep, `/api/requests/${other.id}/attachments`, 'Angebot.pdf', PDF_BYTES, key)],
      ] as const) {
        expect(response.statusCode, label).toBe(422);
        expect(response.json().error.code, label).toBe('idempotency_key_reused');
      }
      expect(newFiles(before)).toEqual([]);
      const count = await ctx()
        .database.db.selectFrom('attachments')
        .where('request_id', 'in', [request.id, other.id])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);

      const malformed = await upload(rep, url, 'Angebot.pdf', PDF_BYTES, 'short');
      expect(malformed.statusCode).toBe(400);
      expect(newFiles(before)).toEqual([]);
    });

    it('frees the key of a refused upload for the corrected file, and keeps keys per person', async () => {
      const { rep, marketer, request } = await portal(ctx());
      const url = `/api/requests/${request.id}/attachments`;
      const key = `upload-${randomUUID()}`;
      const wrong = await upload(rep, url, 'Angebot.pdf', '<html></html>', key);
      expect(wrong.statusCode).toBe(415);
      const corrected = await upload(rep, url, 'Angebot.pdf', PDF_BYTES, key);
      expect(corrected.statusCode).toBe(201);
      expect(corrected.headers['idempotent-replayed']).toBeUndefined();

      // The same key from someone else is that person's own upload.
      const byMarketer = await upload(marketer, url, 'Angebot.pdf', PDF_BYTES, key);
      expect(byMarketer.statusCode).toBe(201);
      expect((byMarketer.json() as Attachment).id).not.toBe((corrected.json() as Attachment).id);
    });

    it('replays a retried library upload too', async () => {
      const { marketer } = await portal(ctx());
      const key = `library-${randomUUID()}`;
      const before = storedFiles();
      const first = await upload(marketer, '/api/asset-files', 'Datenblatt.pdf', PDF_BYTES, key);
      const retry = await upload(marketer, '/api/asset-files', 'Datenblatt.pdf', PDF_BYTES, key);
      expect(first.statusCode, first.body).toBe(201);
      expect(retry.json()).toEqual(first.json());
      expect(newFiles(before)).toHaveLength(1);
      const changed = await upload(marketer, '/api/asset-files', 'Datenblatt.pdf', PNG_BYTES, key);
      expect(changed.statusCode).toBe(422);
    });
  },
  { env: { DATA_DIR: dataDir } },
);

describeEachDialect(
  'stored files without a row',
  (ctx) => {
    it('removes the file as soon as its attachment is deleted', async () => {
      const { rep, request } = await portal(ctx());
      const created = (await upload(rep, `/api/requests/${request.id}/attachments`, 'a.pdf', PDF_BYTES)).json() as Attachment;
      const storedName = await storedNameOf(ctx(), created.id);
      expect(exists(storedName)).toBe(true);
      expect((await rep.inject({ method: 'DELETE', url: `/api/attachments/${created.id}` })).statusCode).toBe(204);
      expect(exists(storedName)).toBe(false);
    });

    it('removes the file again when recording the upload fails', async () => {
      const { rep } = await portal(ctx());
      const before = storedFiles();
      const viewer = { userId: rep.user.id, organisationId: rep.user.organisationId, role: rep.user.role, teamId: null };
      // A request that does not exist (deleted in between): the insert fails on its foreign key.
      await expect(
        saveUpload(ctx().deps, viewer, randomUUID(), { fileName: 'Angebot.pdf', content: PDF_BYTES }),
      ).rejects.toThrow();
      expect(newFiles(before)).toEqual([]);
    });

    it('sweeps files whose rows went with their request or organisation, or were never written, once they are old enough', async () => {
      const { db } = ctx().database;
      const kept = await portal(ctx());
      const gone = await portal(ctx());
      const closedDown = await portal(ctx());
      const uploadTo = async (p: Awaited<ReturnType<typeof portal>>, name: string) => {
        const response = await upload(p.rep, `/api/requests/${p.request.id}/attachments`, name, PDF_BYTES);
        expect(response.statusCode, response.body).toBe(201);
        return storedNameOf(ctx(), (response.json() as Attachment).id);
      };
      const keptFile = await uploadTo(kept, 'bleibt.pdf');
      const libraryUpload = await upload(kept.marketer, '/api/asset-files', 'bibliothek.pdf', PDF_BYTES);
      const libraryFile = await storedNameOf(ctx(), (libraryUpload.json() as Attachment).id);
      const ofDeletedRequest = await uploadTo(gone, 'anfrage-geloescht.pdf');
      const ofDeletedOrganisation = await uploadTo(closedDown, 'organisation-geloescht.pdf');
      // What a process leaves that stops between writing a file and recording it.
      const neverRecorded = await storeFile(dataDir, PDF_BYTES);
      const notOurs = path.join(folder, 'LIESMICH.txt');
      fs.writeFileSync(notOurs, 'Sicherung vom Montag');

      await db.deleteFrom('requests').where('id', '=', gone.request.id).execute();
      await db.deleteFrom('organisations').where('id', '=', closedDown.organisation.id).execute();
      const left = await db
        .selectFrom('attachments')
        .where('stored_name', 'in', [ofDeletedRequest, ofDeletedOrganisation])
        .select('id')
        .execute();
      expect(left).toEqual([]);
      const orphans = [ofDeletedRequest, ofDeletedOrganisation, neverRecorded];
      // The cascade removed the rows, not the files.
      expect(orphans.every(exists)).toBe(true);

      // Young orphans may be uploads in flight: left alone.
      await sweepOrphanedFiles(ctx().deps, new Date());
      expect(orphans.every(exists)).toBe(true);

      for (const name of [...orphans, keptFile, libraryFile]) age(name, ORPHAN_GRACE_MS + 60_000);
      const then = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
      fs.utimesSync(notOurs, then, then);
      const fresh = await storeFile(dataDir, PDF_BYTES);

      const removed = await sweepOrphanedFiles(ctx().deps, new Date());
      expect(removed).toBeGreaterThanOrEqual(orphans.length);
      expect(orphans.filter(exists)).toEqual([]);
      expect(exists(keptFile)).toBe(true);
      expect(exists(libraryFile)).toBe(true);
      expect(exists(fresh)).toBe(true);
      expect(fs.existsSync(notOurs)).toBe(true);
      fs.rmSync(notOurs);

      const list = await kept.rep.inject({ method: 'GET', url: `/api/requests/${kept.request.id}/attachments` });
      const download = await kept.rep.inject({ method: 'GET', url: `/api/attachments/${list.json()[0].id}` });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(PDF_BYTES)).toBe(true);
    });

    it('runs the sweep as a leased job', async () => {
      const orphan = await storeFile(dataDir, PDF_BYTES);
      age(orphan, ORPHAN_GRACE_MS + 60_000);
      const errors: unknown[] = [];
      const job = orphanedFilesJob(ctx().deps);
      expect(job.intervalMs).toBeLessThan(ORPHAN_GRACE_MS);
      // Its own lease name: the leases of the shared test database outlive a run of this file.
      const runner = createJobRunner(ctx().database.db, [{ ...job, name: `${job.name}-${randomUUID()}` }], {
        logger: { info: () => {}, error: (details) => errors.push(details) },
      });
      await runner.tick();
      await runner.stop();
      expect(errors).toEqual([]);
      expect(exists(orphan)).toBe(false);
    });
  },
  { env: { DATA_DIR: dataDir } },
);
