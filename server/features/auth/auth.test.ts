import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { createOrganisation, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { describeEachDialect } from '../../test/harness.js';
import { THROTTLE } from './auth.service.js';

/** Each test signs in from its own address, so that address throttling in one test never touches another. */
function randomAddress() {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

function cookieFrom(setCookie: string | string[] | undefined) {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return header?.split(';')[0] ?? '';
}

describeEachDialect('auth', (ctx) => {
  it('signs in with e-mail and password, sets an HttpOnly SameSite=Lax cookie, and reads the session', async () => {
    const { database } = ctx();
    const ip = randomAddress();
    const app = { inject: (o: InjectOptions) => ctx().app.inject({ remoteAddress: ip, ...o }) };
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id, { role: 'marketer' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/tandem_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const body = login.json();
    expect(body.user).toMatchObject({ id: user.id, role: 'marketer', organisationId: org.id });
    const session = await app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: cookieFrom(login.headers['set-cookie']) },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json().user.email).toBe(user.email);
  });

  it('answers 401 with a code on a wrong password and an unknown address, alike', async () => {
    const { database } = ctx();
    const ip = randomAddress();
    const app = { inject: (o: InjectOptions) => ctx().app.inject({ remoteAddress: ip, ...o }) };
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'nope' } });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.test', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });

  it('rejects malformed JSON and invalid fields with 400', async () => {
    const ip = randomAddress();
    const app = { inject: (o: InjectOptions) => ctx().app.inject({ remoteAddress: ip, ...o }) };
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'not-an-address', password: 'x' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('validation_failed');
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    const { database } = ctx();
    const ip = randomAddress();
    const app = { inject: (o: InjectOptions) => ctx().app.inject({ remoteAddress: ip, ...o }) };
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    for (let i = 0; i < THROTTLE.accountFailures; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: `wrong-${i}` },
      });
      expect(r.statusCode).toBe(401);
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('too_many_attempts');
  });

  it('refuses a deactivated person and ends their sessions at once', async () => {
    const { database } = ctx();
    const ip = randomAddress();
    const app = { inject: (o: InjectOptions) => ctx().app.inject({ remoteAddress: ip, ...o }) };
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const cookie = cookieFrom(login.headers['set-cookie']);
    await database.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', user.id).execute();
    const after = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(401);
  });

  it('requires the CSRF token for writes made with the session cookie', async () => {
    const { database } = ctx();
    const ip = randomAddress();
    const app = { inject: (o: InjectOptions) => ctx().app.inject({ remoteAddress: ip, ...o }) };
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const cookie = cookieFrom(login.headers['set-cookie']);
    const csrfToken = login.json().csrfToken as string;
    const without = await app.inject({ method: 'PATCH', url: '/api/profile', headers: { cookie }, payload: { locale: 'en' } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const withToken = await app.inject({
      method: 'PATCH',
      url: '/api/profile',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { locale: 'en' },
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json().user.locale).toBe('en');
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('rotates the session id at sign-in and ends it at sign-out', async () => {
    const { database } = ctx();
    const ip = randomAddress();
    const app = { inject: (o: InjectOptions) => ctx().app.inject({ remoteAddress: ip, ...o }) };
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const first = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const firstCookie = cookieFrom(first.headers['set-cookie']);
    const second = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: firstCookie, 'x-csrf-token': first.json().csrfToken },
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const secondCookie = cookieFrom(second.headers['set-cookie']);
    expect(secondCookie).not.toBe(firstCookie);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: firstCookie } })).statusCode).toBe(
      401,
    );
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: secondCookie, 'x-csrf-token': second.json().csrfToken },
    });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: secondCookie } })).statusCode).toBe(
      401,
    );
  });

  it('stores argon2id hashes with at least 19 MiB and two passes', async () => {
    const { database } = ctx();
    const org = await createOrganisation(database.db);
    const user = await createUser(database.db, org.id);
    const row = await database.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
