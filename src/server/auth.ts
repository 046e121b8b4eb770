import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config';
import { ConfigError } from '../config';
import type { Principal } from '../context';

interface KeyEntry {
  name: string;
  digest: Buffer;
}

/**
 * Curator API keys. Only their SHA-256 digests are kept, and a presented key is compared with
 * every digest in constant time, so neither timing nor a heap dump gives a key away.
 */
export class ApiKeys {
  private constructor(private readonly entries: KeyEntry[]) {}

  static fromConfig(config: Pick<Config, 'API_KEYS' | 'API_KEYS_FILE'>): ApiKeys {
    const lines: { text: string; where: string }[] = [];
    if (config.API_KEYS) {
      config.API_KEYS.split(',').forEach((text, i) => lines.push({ text, where: `API_KEYS entry ${i + 1}` }));
    }
    if (config.API_KEYS_FILE) {
      let content: string;
      try {
        content = readFileSync(config.API_KEYS_FILE, 'utf8');
      } catch {
        throw new ConfigError(`API_KEYS_FILE=${config.API_KEYS_FILE}: cannot read the file; give the path of a file with one name:key per line`);
      }
      content.split(/\r?\n/).forEach((text, i) => {
        if (text.trim() && !text.trim().startsWith('#')) lines.push({ text, where: `${config.API_KEYS_FILE} line ${i + 1}` });
      });
    }
    const entries = lines.map(({ text, where }) => {
      const colon = text.indexOf(':');
      const name = text.slice(0, colon).trim();
      const key = text.slice(colon + 1).trim();
      if (colon <= 0 || !name || key.length < 16) {
        throw new ConfigError(`${where}: expected name:key with a key of at least 16 characters`);
      }
      return { name, digest: digest(key) };
    });
    return new ApiKeys(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The curator a request's key belongs to, or null for an anonymous (read-only) request. */
  authenticate(headers: IncomingHttpHeaders): Principal | null {
    const presented = presentedKey(headers);
    if (!presented) return null;
    const candidate = digest(presented);
    let match: KeyEntry | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, candidate)) match = entry;
    }
    return match ? { name: match.name, role: 'curator' } : null;
  }
}

function presentedKey(headers: IncomingHttpHeaders): string | null {
  // The scheme is case-insensitive (RFC 9110, 11.1): "bearer" and "BEARER" are Bearer too.
  const bearer = /^bearer[ \t]+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return bearer.trim() || null;
  const header = headers['x-api-key'];
  return typeof header === 'string' && header.trim() ? header.trim() : null;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
