import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

/** The one line a wrong value stops the start with. */
function refusal(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

describe('configuration', () => {
  it('has sensible defaults: port 3000, all interfaces, SQLite under ./data, no trusted proxy', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      logLevel: 'info',
      trustProxy: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('stops with one line naming the wrong variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT: /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres:\/\//);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });

  it('accepts PORT only as decimal digits from 1 to 65535', () => {
    for (const wrong of [' ', '0', '65536', '0x50', '1e3', '80.5', '-1', '+80', ' 80']) {
      expect(refusal({ PORT: wrong }), wrong).toBe('Invalid configuration: PORT: must be a whole number between 1 and 65535');
    }
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('accepts PUBLIC_URL only as an http(s) site address without path, query or fragment', () => {
    for (const wrong of ['localhost:3000', 'ftp://x', 'mailto:a@b', 'file:///tmp', 'https://', 'tandem.example.com']) {
      expect(refusal({ PUBLIC_URL: wrong }), wrong).toMatch(
        /^Invalid configuration: PUBLIC_URL: must be an http:\/\/ or https:\/\//,
      );
    }
    expect(refusal({ PUBLIC_URL: 'https://tandem.example.com/?a=1' })).toMatch(/PUBLIC_URL: must not have a query/);
    expect(refusal({ PUBLIC_URL: 'https://tandem.example.com/?' })).toMatch(/PUBLIC_URL: must not have a query/);
    expect(refusal({ PUBLIC_URL: 'https://tandem.example.com/#top' })).toMatch(/PUBLIC_URL: must not have a query/);
    expect(refusal({ PUBLIC_URL: 'https://example.com/tandem' })).toMatch(/PUBLIC_URL: must not have a path/);
    expect(refusal({ PUBLIC_URL: 'https://user:pw@example.com' })).toMatch(/PUBLIC_URL: must not contain a user name/);
    // Normalised to the origin, so that links and the Origin check agree.
    expect(loadConfig({ PUBLIC_URL: 'HTTPS://Tandem.Example.com:443/' }).publicUrl).toBe('https://tandem.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe('http://localhost:3000');
  });

  it('requires a host in a PostgreSQL DATABASE_URL (or a socket given by ?host=)', () => {
    for (const wrong of ['postgres://', 'postgresql://', 'postgres:///tandem', 'postgresql:///tandem?sslmode=require']) {
      expect(refusal({ DATABASE_URL: wrong }), wrong).toMatch(/^Invalid configuration: DATABASE_URL: must name a host/);
    }
    expect(refusal({ DATABASE_URL: 'postgres://:5432/tandem' })).toMatch(/^Invalid configuration: DATABASE_URL: must be a URL/);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db.internal:5432/tandem' }).databaseUrl).toBe(
      'postgresql://u:p@db.internal:5432/tandem',
    );
    expect(loadConfig({ DATABASE_URL: 'postgres:///tandem?host=/var/run/postgresql' }).databaseUrl).toBeDefined();
  });

  it('reads TRUST_PROXY as true, false or a list of addresses and CIDR ranges', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'FALSE' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
    expect(refusal({ TRUST_PROXY: '10.0.0.0/33' })).toMatch(
      /^Invalid configuration: TRUST_PROXY: "10.0.0.0\/33" is not an address/,
    );
    expect(refusal({ TRUST_PROXY: 'proxy.internal' })).toMatch(/TRUST_PROXY: "proxy.internal" is not an address/);
    expect(refusal({ TRUST_PROXY: '10.0.0.1,' })).toMatch(/TRUST_PROXY: "" is not an address/);
    // Fastify 5 cannot honour a hop count safely and would silently trust nobody.
    expect(refusal({ TRUST_PROXY: '1' })).toMatch(/TRUST_PROXY: a hop count is not supported/);
  });

  it('uses secure __Host- cookies only behind https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://tandem.example.com/' })).toMatchObject({
      secureCookies: true,
      publicUrl: 'https://tandem.example.com',
    });
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).secureCookies).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '', TRUST_PROXY: '' })).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
      trustProxy: false,
    });
  });
});
