/**
 * Password-reset requests are throttled per e-mail address (silently: the answer never tells whether an
 * account exists) and per client address (429).
 */
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { createOrganisation, createUser, uniqueEmail } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { THROTTLE } from './auth.service.js';

function randomAddress() {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

describeEachDialect('password reset throttling', (ctx) => {
  function requestReset(email: string, ip = randomAddress()) {
    const options: InjectOptions = {
      method: 'POST',
      url: '/api/auth/password-reset/request',
      remoteAddress: ip,
      payload: { email },
    };
    return ctx().app.inject(options);
  }

  async function mailsTo(email: string) {
    const rows = await ctx().database.db.selectFrom('mail_outbox').select('id').where('recipient', '=', email).execute();
    return rows.length;
  }

  it('sends no more mail to an address over its limit, yet answers exactly as usual', async () => {
    const { database } = ctx();
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const usual = await requestReset(user.email);
    expect(usual.statusCode).toBe(200);
    for (let i = 1; i < THROTTLE.resetRequestsPerEmail; i++) expect((await requestReset(user.email)).statusCode).toBe(200);
    expect(await mailsTo(user.email)).toBe(THROTTLE.resetRequestsPerEmail);

    // Each from a fresh client address: only the per-e-mail limit applies.
    const over = await requestReset(user.email);
    expect(over.statusCode).toBe(usual.statusCode);
    expect(over.headers['content-type']).toBe(usual.headers['content-type']);
    expect(over.body).toBe(usual.body);
    expect(await mailsTo(user.email)).toBe(THROTTLE.resetRequestsPerEmail);

    // An unknown address over the limit answers the same as a known one.
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i <= THROTTLE.resetRequestsPerEmail; i++) {
      const response = await requestReset(ghost);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(usual.body);
    }
  });

  it('refuses a client address over its limit with 429, for known and unknown e-mails alike', async () => {
    const { database } = ctx();
    const ip = randomAddress();
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    for (let i = 0; i < THROTTLE.resetRequestsPerAddress; i++) {
      expect((await requestReset(uniqueEmail('someone'), ip)).statusCode).toBe(200);
    }
    const known = await requestReset(user.email, ip);
    const unknown = await requestReset(uniqueEmail('ghost'), ip);
    expect(known.statusCode).toBe(429);
    expect(known.json()).toEqual({ error: { code: 'too_many_attempts', message: expect.any(String) } });
    expect(unknown.json()).toEqual(known.json());
    expect(await mailsTo(user.email)).toBe(0);

    // Another client address is not affected.
    expect((await requestReset(user.email)).statusCode).toBe(200);
    expect(await mailsTo(user.email)).toBe(1);
  });
});
