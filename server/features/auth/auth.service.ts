/**
 * Sign-in, sessions, throttling, password reset and invitations.
 */
import type { Kysely } from 'kysely';
import type { Locale } from '../../../common/roles.js';
import { nowIso } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/passwords.js';
import { generateToken, hashToken } from '../../lib/tokens.js';
import { insertAuditEntry } from '../audit/audit.repository.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { invitationMail, passwordResetMail } from '../mail/templates.js';
import * as repo from './auth.repository.js';

export const SESSION_IDLE_MS = 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Writing last_seen_at on every request would turn every read into a write. */
const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;
const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const RESET_TTL_MS = 60 * 60 * 1000;

export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  accountFailures: 5,
  addressFailures: 50,
  /** Reset requests per e-mail address and window; beyond, the answer stays the same but no mail goes out. */
  resetRequestsPerEmail: 3,
  /** Reset requests per client address and window; beyond, 429. */
  resetRequestsPerAddress: 20,
} as const;

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'E-mail address or password is wrong.');
const tooManyAttempts = () =>
  new AppError(429, 'too_many_attempts', 'Too many failed sign-ins. Wait 15 minutes or reset your password.');
const tooManyResetRequests = () =>
  new AppError(429, 'too_many_attempts', 'Too many password reset requests from this address. Wait 15 minutes and try again.');

export interface SignedIn {
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  userId: string;
}

function addMs(iso: string, ms: number) {
  return new Date(Date.parse(iso) + ms).toISOString();
}

async function isLocked(db: Kysely<Tables>, key: string, now: string) {
  const row = await repo.findThrottle(db, key);
  return Boolean(row?.locked_until && row.locked_until > now);
}

/** Counts one attempt under `key`; the `limit`-th attempt within the window locks the key for THROTTLE.lockMs. */
async function countAttempt(db: Kysely<Tables>, key: string, limit: number, now: string) {
  const row = await repo.findThrottle(db, key);
  const windowOpen = row && addMs(row.window_started_at, THROTTLE.windowMs) > now;
  const failures = windowOpen ? row.failures + 1 : 1;
  await repo.saveThrottle(db, {
    key,
    failures,
    window_started_at: windowOpen ? row.window_started_at : now,
    locked_until: failures >= limit ? addMs(now, THROTTLE.lockMs) : null,
  });
}

export async function createSession(db: Kysely<Tables>, userId: string, organisationId: string): Promise<SignedIn> {
  const sessionToken = generateToken();
  const csrfToken = generateToken();
  const now = nowIso();
  await repo.insertSession(db, {
    id: hashToken(sessionToken),
    userId,
    organisationId,
    csrfToken,
    now,
    expiresAt: addMs(now, SESSION_ABSOLUTE_MS),
  });
  return { sessionToken, csrfToken, userId };
}

export async function signIn(deps: AppDeps, input: { email: string; password: string; ip: string }): Promise<SignedIn> {
  const { db } = deps.database;
  const now = nowIso();
  const accountKey = `account:${input.email}`;
  const addressKey = `address:${input.ip}`;
  if ((await isLocked(db, accountKey, now)) || (await isLocked(db, addressKey, now))) throw tooManyAttempts();

  const user = await repo.findUserByEmail(db, input.email);
  const passwordOk = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);

  if (!user || !passwordOk || user.status !== 'active') {
    await countAttempt(db, accountKey, THROTTLE.accountFailures, now);
    await countAttempt(db, addressKey, THROTTLE.addressFailures, now);
    if (user) {
      await insertAuditEntry(db, {
        organisationId: user.organisation_id,
        actorId: user.id,
        action: 'auth.sign_in_failed',
        targetType: 'user',
        targetId: user.id,
        details: { reason: !passwordOk ? 'wrong_password' : `status_${user.status}` },
        ip: input.ip,
      });
    }
    throw invalidCredentials();
  }

  await repo.clearThrottle(db, accountKey);
  const signedIn = await createSession(db, user.id, user.organisation_id);
  await insertAuditEntry(db, {
    organisationId: user.organisation_id,
    actorId: user.id,
    action: 'auth.sign_in',
    targetType: 'user',
    targetId: user.id,
    ip: input.ip,
  });
  return signedIn;
}

export type ResolvedSession = repo.SessionWithUser;

/** Finds the live session behind a cookie value, ending it when it has timed out or its user is gone. */
export async function resolveSession(db: Kysely<Tables>, sessionToken: string): Promise<ResolvedSession | null> {
  const sessionId = hashToken(sessionToken);
  const session = await repo.findSessionWithUser(db, sessionId);
  if (!session) return null;
  const now = nowIso();
  const idleExpired = addMs(session.last_seen_at, SESSION_IDLE_MS) <= now;
  if (session.expires_at <= now || idleExpired || session.status !== 'active') {
    await repo.deleteSession(db, sessionId);
    return null;
  }
  if (addMs(session.last_seen_at, SESSION_TOUCH_INTERVAL_MS) <= now) await repo.touchSession(db, sessionId, now);
  return session;
}

export async function signOut(db: Kysely<Tables>, sessionToken: string) {
  await repo.deleteSession(db, hashToken(sessionToken));
}

function link(deps: AppDeps, origin: string, path: string) {
  return `${deps.config.publicUrl ?? origin}${path}`;
}

/** Creates an invitation token and mails it. Earlier open invitations of the person stop working. */
export async function sendInvitation(
  deps: AppDeps,
  db: Kysely<Tables>,
  user: { id: string; organisationId: string; email: string; name: string; locale: Locale },
  organisationName: string,
  origin: string,
): Promise<void> {
  const token = generateToken();
  const now = nowIso();
  await repo.invalidateOpenTokens(db, user.id, 'invitation', now);
  await repo.insertAuthToken(db, {
    id: hashToken(token),
    user_id: user.id,
    organisation_id: user.organisationId,
    purpose: 'invitation',
    created_at: now,
    expires_at: addMs(now, INVITATION_TTL_MS),
    used_at: null,
  });
  const mail = invitationMail(user.locale, {
    name: user.name,
    organisation: organisationName,
    link: link(deps, origin, `/invite/${token}`),
  });
  await deps.mailer.send(db, { organisationId: user.organisationId, to: user.email, ...mail });
}

/**
 * Invitations for many new people at once (an import): the tokens are written with `db`, inside the
 * caller's transaction, in multi-row statements; the mails are returned so that the caller sends them
 * (`sendMails`) only once that transaction has committed — a rolled-back import must mail nobody.
 */
export async function createInvitations(
  deps: AppDeps,
  db: Kysely<Tables>,
  users: { id: string; organisationId: string; email: string; name: string; locale: Locale }[],
  organisationName: string,
  origin: string,
): Promise<OutgoingMail[]> {
  const now = nowIso();
  const expiresAt = addMs(now, INVITATION_TTL_MS);
  const mails: OutgoingMail[] = [];
  const tokens = users.map((user) => {
    const token = generateToken();
    const mail = invitationMail(user.locale, {
      name: user.name,
      organisation: organisationName,
      link: link(deps, origin, `/invite/${token}`),
    });
    mails.push({ organisationId: user.organisationId, to: user.email, ...mail });
    return {
      id: hashToken(token),
      user_id: user.id,
      organisation_id: user.organisationId,
      purpose: 'invitation' as const,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    };
  });
  await repo.insertAuthTokens(db, tokens);
  return mails;
}

/**
 * Always answers the same way, so that the form cannot be used to find out who has an account: also
 * when an e-mail address has had too many requests, which then only sends no more mail. Too many
 * requests from one client address are refused (429), which says nothing about any account.
 */
export async function requestPasswordReset(deps: AppDeps, email: string, origin: string, ip: string): Promise<void> {
  const { db } = deps.database;
  const now = nowIso();
  const addressKey = `reset-address:${ip}`;
  const emailKey = `reset-email:${email}`;
  if (await isLocked(db, addressKey, now)) throw tooManyResetRequests();
  await countAttempt(db, addressKey, THROTTLE.resetRequestsPerAddress, now);
  if (await isLocked(db, emailKey, now)) return;
  await countAttempt(db, emailKey, THROTTLE.resetRequestsPerEmail, now);

  const user = await repo.findUserByEmail(db, email);
  if (user?.status !== 'active') return;
  const token = generateToken();
  await repo.invalidateOpenTokens(db, user.id, 'password_reset', now);
  await repo.insertAuthToken(db, {
    id: hashToken(token),
    user_id: user.id,
    organisation_id: user.organisation_id,
    purpose: 'password_reset',
    created_at: now,
    expires_at: addMs(now, RESET_TTL_MS),
    used_at: null,
  });
  const mail = passwordResetMail(user.locale, { name: user.name, link: link(deps, origin, `/reset/${token}`) });
  await deps.mailer.send(db, { organisationId: user.organisation_id, to: user.email, ...mail });
}

const tokenInvalid = () => new AppError(400, 'token_invalid', 'This link is invalid, used or expired. Ask for a new one.');

async function findUsableToken(db: Kysely<Tables>, token: string, purpose: 'invitation' | 'password_reset') {
  const row = await repo.findAuthToken(db, hashToken(token), purpose);
  if (!row || row.used_at || row.expires_at <= nowIso() || row.status === 'deactivated') throw tokenInvalid();
  return row;
}

export async function confirmPasswordReset(deps: AppDeps, token: string, password: string, ip: string) {
  const { db } = deps.database;
  const row = await findUsableToken(db, token, 'password_reset');
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.markAuthTokenUsed(trx, row.id, nowIso()))) throw tokenInvalid();
    await repo.setPassword(trx, row.user_id, passwordHash, nowIso(), false);
    // A reset means the old password may be known to someone else: end every session.
    await repo.deleteSessionsOfUser(trx, row.user_id);
    await repo.clearThrottle(trx, `account:${row.email}`);
    await insertAuditEntry(trx, {
      organisationId: row.organisation_id,
      actorId: row.user_id,
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: row.user_id,
      ip,
    });
  });
}

export async function describeInvitation(deps: AppDeps, token: string) {
  const row = await findUsableToken(deps.database.db, token, 'invitation');
  return { email: row.email, name: row.name, organisationName: row.organisation_name, locale: row.locale };
}

export async function acceptInvitation(deps: AppDeps, token: string, password: string, ip: string): Promise<SignedIn> {
  const { db } = deps.database;
  const row = await findUsableToken(db, token, 'invitation');
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.markAuthTokenUsed(trx, row.id, nowIso()))) throw tokenInvalid();
    await repo.setPassword(trx, row.user_id, passwordHash, nowIso(), true);
    await insertAuditEntry(trx, {
      organisationId: row.organisation_id,
      actorId: row.user_id,
      action: 'auth.invitation_accepted',
      targetType: 'user',
      targetId: row.user_id,
      ip,
    });
    return createSession(trx, row.user_id, row.organisation_id);
  });
}

export async function changePassword(
  deps: AppDeps,
  input: {
    userId: string;
    organisationId: string;
    sessionToken: string;
    currentPassword: string;
    newPassword: string;
    ip: string;
  },
): Promise<SignedIn> {
  const { db } = deps.database;
  const user = await db.selectFrom('users').selectAll().where('id', '=', input.userId).executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError(400, 'invalid_credentials', 'The current password is wrong.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await repo.setPassword(trx, user.id, passwordHash, nowIso(), false);
    await repo.deleteSessionsOfUser(trx, user.id);
    await insertAuditEntry(trx, {
      organisationId: input.organisationId,
      actorId: user.id,
      action: 'auth.password_changed',
      targetType: 'user',
      targetId: user.id,
      ip: input.ip,
    });
    // Rotation: the session that changed the password is replaced by a fresh one.
    return createSession(trx, user.id, input.organisationId);
  });
}
