import { hash, verify } from '@node-rs/argon2';

/** OWASP / ASVS minimum for argon2id: 19 MiB memory, 2 iterations, 1 lane. argon2id is the library default. */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this keeps the response time of unknown e-mail addresses equal to known ones. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('tandem-no-such-user-password');
  return dummyHash;
}
