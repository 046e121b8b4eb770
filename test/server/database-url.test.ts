import { parse } from 'pg-connection-string';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { normaliseDatabaseUrl } from '../../src/db/database-url';

/** Passwords as `openssl rand -base64 24` prints them (test data, never used anywhere). */
const BASE64_PASSWORD = 'k3/Qx+Zp9#w7Lm2=';

/** What loading these settings throws (undefined when they load). */
function configError(env: Record<string, string>): unknown {
  try {
    loadConfig(env);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a DATABASE_URL', () => {
  it('whose password holds / and # straight from openssl rand -base64 is read with the password encoded', () => {
    const url = normaliseDatabaseUrl(`postgres://malestokk:${BASE64_PASSWORD}@postgres:5432/malestokk`);
    expect(url).toBe('postgres://malestokk:k3%2FQx+Zp9%23w7Lm2=@postgres:5432/malestokk');
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe(BASE64_PASSWORD);
    expect([parsed.hostname, parsed.port, parsed.pathname]).toEqual(['postgres', '5432', '/malestokk']);
  });

  it('already percent-encoded is left as it is', () => {
    const encoded = 'postgres://malestokk:k3%2FQx%2BZp9%23w7Lm2%3D@db.example:5432/malestokk?sslmode=require';
    expect(normaliseDatabaseUrl(encoded)).toBe(encoded);
  });

  it('with an @ in the password is read up to the last @', () => {
    expect(decodeURIComponent(new URL(normaliseDatabaseUrl('postgres://u:a@b/c@localhost/db')).password)).toBe('a@b/c');
  });

  it('without user or password still works', () => {
    expect(normaliseDatabaseUrl('postgres://127.0.0.1:5432/test')).toBe('postgres://127.0.0.1:5432/test');
    expect(normaliseDatabaseUrl('postgresql://postgres@127.0.0.1/test')).toBe('postgresql://postgres@127.0.0.1/test');
  });

  it('whose password holds a % that is no escape is refused: it cannot be told from an encoded one', () => {
    expect(() => normaliseDatabaseUrl('postgres://u:50%off@localhost/db')).toThrow(/percent-encode the password \(% as %25, \/ as %2F, # as %23\), e\.g\. postgres:\/\/user:p%2Fss%23word@/);
  });

  it('that is wrong stops start-up with one line, without the password', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:secret/pw@localhost/db' });
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^Invalid configuration: DATABASE_URL="mysql:\/\/root:\*\*\*@localhost\/db": must be a PostgreSQL URL/);
    expect(message).not.toContain('secret');
  });

  it('through the configuration reaches pg with the password intact', () => {
    const config = loadConfig({ DATABASE_URL: `postgres://malestokk:${BASE64_PASSWORD}@postgres:5432/malestokk` });
    // pg reads the URL with pg-connection-string.
    expect(parse(config.DATABASE_URL!)).toMatchObject({ user: 'malestokk', password: BASE64_PASSWORD, host: 'postgres', port: '5432', database: 'malestokk' });
  });
});

describe('a DATABASE_READ_URL', () => {
  it('without DATABASE_URL stops start-up: the embedded database has no replicas', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://reader:secret@replica:5432/malestokk' })).toThrow(
      /DATABASE_READ_URL=.*needs DATABASE_URL too/,
    );
  });

  it('is read like DATABASE_URL, its password encoded, and never shown in an error', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@primary/db', DATABASE_READ_URL: `postgres://malestokk:${BASE64_PASSWORD}@replica:5432/malestokk` });
    expect(config.DATABASE_READ_URL).toBe('postgres://malestokk:k3%2FQx+Zp9%23w7Lm2=@replica:5432/malestokk');
    const error = configError({ DATABASE_READ_URL: 'postgres://reader:topsecret@replica/db' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).not.toContain('topsecret');
  });
});
