/**
 * The per-address sign-in throttle, and which address it counts: the peer's, or with TRUST_PROXY the
 * client that a trusted reverse proxy names in X-Forwarded-For.
 */
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { createOrganisation, createUser, TEST_PASSWORD, uniqueEmail } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { THROTTLE } from './auth.service.js';

function randomOctet() {
  return Math.floor(Math.random() * 250) + 1;
}

/** Each test uses its own addresses, so that throttling in one test never touches another. */
function randomAddress(prefix = '10') {
  return `${prefix}.${randomOctet()}.${randomOctet()}.${randomOctet()}`;
}

function login(ctx: TestContext, email: string, password: string, options: Partial<InjectOptions> = {}) {
  return ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, ...options });
}

/** Enough failed sign-ins, each for another unknown e-mail so that no account lock interferes. */
async function failRepeatedly(ctx: TestContext, options: Partial<InjectOptions>) {
  for (let i = 0; i < THROTTLE.addressFailures; i++) {
    const response = await login(ctx, uniqueEmail('nobody'), 'wrong password', options);
    expect(response.statusCode).toBe(401);
  }
}

describeEachDialect('sign-in throttle per address', (ctx) => {
  it('refuses an address after many failures, even with the right password, while another address signs in', async () => {
    const { database } = ctx();
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const attacker = randomAddress();
    await failRepeatedly(ctx(), { remoteAddress: attacker });

    const refused = await login(ctx(), user.email, TEST_PASSWORD, { remoteAddress: attacker });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: { code: 'too_many_attempts', message: expect.any(String) } });
    expect(refused.headers['set-cookie']).toBeUndefined();

    const elsewhere = await login(ctx(), user.email, TEST_PASSWORD, { remoteAddress: randomAddress() });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: the peer address is throttled', async () => {
    const { database } = ctx();
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const peer = randomAddress();
    await failRepeatedly(ctx(), { remoteAddress: peer, headers: { 'x-forwarded-for': randomAddress('203') } });

    // A made-up forwarded address does not escape the throttle ...
    const spoofed = await login(ctx(), user.email, TEST_PASSWORD, {
      remoteAddress: peer,
      headers: { 'x-forwarded-for': randomAddress('198') },
    });
    expect(spoofed.statusCode).toBe(429);
    // ... and another peer is not affected.
    expect((await login(ctx(), user.email, TEST_PASSWORD, { remoteAddress: randomAddress() })).statusCode).toBe(200);
  });
});

/** The proxy's own range, as an operator would write it. */
const PROXY_RANGE_PREFIX = '172.20';

describeEachDialect(
  'sign-in throttle behind a trusted proxy',
  (ctx) => {
    it('throttles the client named in X-Forwarded-For, not the proxy', async () => {
      const { database } = ctx();
      const org = await createOrganisation(database.db);
      const user = await createUser(database.db, org.id);
      const proxy = `${PROXY_RANGE_PREFIX}.${randomOctet()}.${randomOctet()}`;
      const attacker = randomAddress('203');
      await failRepeatedly(ctx(), { remoteAddress: proxy, headers: { 'x-forwarded-for': attacker } });

      const refused = await login(ctx(), user.email, TEST_PASSWORD, {
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': attacker },
      });
      expect(refused.statusCode).toBe(429);
      // Another client behind the same proxy still signs in.
      const colleague = await login(ctx(), user.email, TEST_PASSWORD, {
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': randomAddress('198') },
      });
      expect(colleague.statusCode).toBe(200);
    });

    it('does not believe X-Forwarded-For from a peer outside the trusted range', async () => {
      const { database } = ctx();
      const org = await createOrganisation(database.db);
      const user = await createUser(database.db, org.id);
      const direct = randomAddress();
      await failRepeatedly(ctx(), { remoteAddress: direct, headers: { 'x-forwarded-for': randomAddress('203') } });
      const spoofed = await login(ctx(), user.email, TEST_PASSWORD, {
        remoteAddress: direct,
        headers: { 'x-forwarded-for': randomAddress('198') },
      });
      expect(spoofed.statusCode).toBe(429);
    });
  },
  { env: { TRUST_PROXY: `${PROXY_RANGE_PREFIX}.0.0/16` } },
);
