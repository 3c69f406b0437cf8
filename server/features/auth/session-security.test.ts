/**
 * Session lifetime and the session cookie's attributes. Time is moved by faking Date only (timers stay
 * real, so database drivers are unaffected); nothing sleeps.
 */
import type { InjectOptions } from 'fastify';
import { afterEach, expect, it, vi } from 'vitest';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { describeEachDialect, type TestContext } from '../../test/harness.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './auth.service.js';

const MINUTE = 60 * 1000;

function randomAddress() {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

async function signIn(ctx: TestContext) {
  const org = await createOrganisation(ctx.database.db);
  const user = await createUser(ctx.database.db, org.id);
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: randomAddress(),
    payload: { email: user.email, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  const setCookie = response.headers['set-cookie'];
  return { setCookie: String(Array.isArray(setCookie) ? setCookie[0] : setCookie) };
}

function readSession(ctx: TestContext, cookie: string) {
  const options: InjectOptions = { method: 'GET', url: '/api/auth/session', headers: { cookie } };
  return ctx.app.inject(options);
}

/** Starts the fake clock at a fixed moment; returns a function that moves it forward. */
function freezeClock() {
  vi.useFakeTimers({ toFake: ['Date'] });
  let now = Date.parse('2026-03-02T08:00:00.000Z');
  vi.setSystemTime(now);
  return (ms: number) => {
    now += ms;
    vi.setSystemTime(now);
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describeEachDialect('session lifetime', (ctx) => {
  it('ends a session after 60 minutes without a request', async () => {
    const advance = freezeClock();
    const { setCookie } = await signIn(ctx());
    const cookie = setCookie.split(';')[0] ?? '';
    advance(SESSION_IDLE_MS - MINUTE);
    expect((await readSession(ctx(), cookie)).statusCode).toBe(200);
    advance(SESSION_IDLE_MS);
    const idle = await readSession(ctx(), cookie);
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('unauthenticated');
    // Ended for good: going back in time does not revive it.
    advance(-SESSION_IDLE_MS);
    expect((await readSession(ctx(), cookie)).statusCode).toBe(401);
  });

  it('ends a session 12 hours after sign-in even when it is used all the time', async () => {
    const advance = freezeClock();
    const { setCookie } = await signIn(ctx());
    const cookie = setCookie.split(';')[0] ?? '';
    const step = 50 * MINUTE;
    let elapsed = 0;
    while (elapsed + step < SESSION_ABSOLUTE_MS) {
      advance(step);
      elapsed += step;
      expect((await readSession(ctx(), cookie)).statusCode, `after ${elapsed / MINUTE} minutes`).toBe(200);
    }
    // Well within the idle limit since the last request, but 12 hours after sign-in.
    advance(SESSION_ABSOLUTE_MS - elapsed);
    expect(SESSION_ABSOLUTE_MS - elapsed).toBeLessThan(SESSION_IDLE_MS);
    const expired = await readSession(ctx(), cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('unauthenticated');
  });
});

describeEachDialect(
  'session cookie behind https',
  (ctx) => {
    it('is __Host-prefixed, Secure, HttpOnly, SameSite=Lax and for Path=/ without a Domain', async () => {
      const { setCookie } = await signIn(ctx());
      const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
      expect(pair).toMatch(/^__Host-tandem_session=[A-Za-z0-9_-]{20,}$/);
      expect(attributes).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']));
      expect(attributes.some((attribute) => /^Domain=/i.test(attribute))).toBe(false);
      // The prefixed cookie is the one that signs in.
      expect((await readSession(ctx(), pair)).statusCode).toBe(200);
      expect((await readSession(ctx(), pair.replace('__Host-', ''))).statusCode).toBe(401);
    });
  },
  { env: { PUBLIC_URL: 'https://tandem.example.test' } },
);
