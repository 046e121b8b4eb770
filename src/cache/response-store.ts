import { randomUUID } from 'node:crypto';
// Types only: the client is loaded when a hub is given REDIS_URL (RedisResponseStore.connect), so
// that a hub without Redis does not hold it (about 5 MB of heap).
import type * as Redis from '@redis/client';

/** The client as createClient makes it with our options (no modules, scripts or type mapping). */
function newClient(redis: typeof Redis, url: string) {
  return redis.createClient({
    url,
    // Without a connection, commands fail at once instead of waiting in a queue: the hub
    // answers uncached while Redis is away.
    disableOfflineQueue: true,
    commandOptions: { timeout: REDIS_TIMEOUT_MS },
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
}
type Client = ReturnType<typeof newClient>;
import type { Logger } from '../logger';

/** One cached answer: the bytes Apollo sent, so that a hit is written out without JSON work. */
export interface CachedAnswer {
  /** Kept as bytes where it can be: a string would be encoded again on every hit. */
  body: string | Buffer;
  contentType: string;
  etag: string;
  /** For the hub's log line; Apollo does not run on a hit. */
  operation: string | null;
}

export interface Lookup {
  /** The answer stored under the key at the current data generation, if any. */
  answer?: CachedAnswer;
  /** The data generation read with it; an answer computed now is stored under it. */
  generation: string;
}

/**
 * Where answers are kept. Every answer is tagged with the data generation it was computed in; an
 * import starts a new generation, so older answers are never served again, and are overwritten
 * or expire on their own.
 */
export interface ResponseStore {
  readonly kind: 'memory' | 'redis';
  /** Null when the store cannot answer now (Redis away): the request is answered uncached. */
  lookup(key: string): Promise<Lookup | null>;
  store(key: string, generation: string, answer: CachedAnswer): Promise<void>;
  /**
   * Starts a new data generation, after a committed write that changes figures; `written`, where
   * that write ended in the primary's WAL when hubs read from a replica, goes with it to the other hubs.
   */
  bump(written?: string | null): Promise<void>;
  close(): Promise<void>;
}

/** The in-process store of a single hub: a least-recently-used map bounded in bytes. */
export class MemoryResponseStore implements ResponseStore {
  readonly kind = 'memory';
  private generation = 0;
  private bytes = 0;
  private readonly entries = new Map<string, { generation: string; answer: CachedAnswer; expires: number; size: number }>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxBytes: number,
  ) {}

  async lookup(key: string): Promise<Lookup> {
    const generation = String(this.generation);
    const entry = this.entries.get(key);
    if (!entry) return { generation };
    if (entry.generation !== generation || entry.expires <= Date.now()) {
      this.drop(key);
      return { generation };
    }
    // Map keeps insertion order: moving a hit to the end makes the first entry the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { answer: entry.answer, generation };
  }

  async store(key: string, generation: string, answer: CachedAnswer): Promise<void> {
    // Computed while an import committed: its figures may be either side of it.
    if (generation !== String(this.generation)) return;
    const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
    const size = body.length + 200;
    // One huge answer must not push out everything else.
    if (size > this.maxBytes / 2) return;
    this.drop(key);
    this.entries.set(key, { generation, answer: { ...answer, body }, expires: Date.now() + this.ttlSeconds * 1000, size });
    this.bytes += size;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  async bump(): Promise<void> {
    this.generation += 1;
    // Nothing older can be served again; dropping it now gives the memory back at once.
    this.entries.clear();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}

/** The string store Apollo keeps persisted queries in (its KeyValueCache, structurally). */
export interface StringCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/**
 * How long a persisted query stays registered in Redis (s). Apollo keeps them forever by default;
 * in Redis a key without a time to live is never evicted under volatile-lru.
 */
const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

/** How long a Redis command may take before the request is answered without the cache (ms). */
const REDIS_TIMEOUT_MS = 500;
/** How long start-up waits for Redis before the hub starts answering uncached (ms). */
const REDIS_START_WAIT_MS = 2000;

/**
 * The store shared by several hubs. The generation is a random token under one key; a lookup
 * reads it and the answer in one MGET, so an import through one hub is seen by every other hub
 * on its very next request, without messages to miss. A random token rather than a counter: a
 * counter that Redis lost (a restart, an eviction) would start again at a number whose old
 * answers may still be stored.
 */
export class RedisResponseStore implements ResponseStore {
  readonly kind = 'redis';
  /** A bump that failed while Redis was away; until it succeeds, this hub answers uncached. */
  private pendingBump = false;
  /** The WAL position of the bump that failed, sent with it when Redis is back. */
  private pendingWritten: string | null = null;

  private constructor(
    private readonly client: Client,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
    private readonly asBuffers: ReturnType<typeof typeMapping>,
  ) {
    client.on('ready', () => {
      if (this.pendingBump) void this.bump(this.pendingWritten).catch(() => undefined);
    });
  }

  static async connect(url: string, prefix: string, ttlSeconds: number, logger: Logger): Promise<RedisResponseStore> {
    const redis = await import('@redis/client');
    const client = newClient(redis, url);
    let warned = false;
    client.on('error', (error: Error) => {
      if (warned) return;
      warned = true;
      logger.warn({ err: error }, 'the response cache cannot reach Redis; answering uncached until it is back');
    });
    client.on('ready', () => {
      if (warned) logger.info('the response cache reaches Redis again');
      warned = false;
    });
    // The client keeps trying to connect; a hub whose Redis is not up yet starts anyway and
    // answers uncached until it is.
    const connected = client.connect().catch(() => undefined);
    await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, REDIS_START_WAIT_MS).unref())]);
    return new RedisResponseStore(client, prefix, ttlSeconds, logger, typeMapping(redis.RESP_TYPES.BLOB_STRING));
  }

  private get generationKey(): string {
    return `${this.prefix}generation`;
  }

  async lookup(key: string): Promise<Lookup | null> {
    if (this.pendingBump || !this.client.isReady) return null;
    try {
      const [token, stored] = await this.client.withTypeMapping(this.asBuffers).mGet([this.generationKey, this.prefix + key]);
      if (!token) return { generation: await this.startGeneration() };
      const generation = token.toString('utf8');
      const answer = stored ? decode(stored, generation) : undefined;
      return answer ? { answer, generation } : { generation };
    } catch (error) {
      this.logger.debug({ err: error }, 'response cache lookup failed');
      return null;
    }
  }

  async store(key: string, generation: string, answer: CachedAnswer): Promise<void> {
    try {
      await this.client.set(this.prefix + key, encode(generation, answer), { expiration: { type: 'EX', value: this.ttlSeconds } });
    } catch (error) {
      this.logger.debug({ err: error }, 'response cache store failed');
    }
  }

  async bump(written?: string | null): Promise<void> {
    this.pendingBump = true;
    this.pendingWritten = written ?? null;
    try {
      // The token carries the write's WAL position, so that a hub reading it knows how far its
      // replica must have replayed before it answers in this generation.
      await this.client.set(this.generationKey, written ? `${randomUUID()}@${written}` : randomUUID());
      this.pendingBump = false;
    } catch (error) {
      // The figures are committed; other hubs may serve older answers until Redis is back and
      // this bump is sent (on reconnection), or until they expire.
      this.logger.error({ err: error }, 'could not start a new cache generation in Redis; retrying when it is back');
    }
  }

  /**
   * Apollo's persisted queries, shared: a hash registered through one hub is known to all. A
   * failure is a miss (Apollo then asks the client for the query), never an error.
   */
  persistedQueries(): StringCache {
    const prefix = `${this.prefix}apq:`;
    return {
      get: async (key) => {
        if (!this.client.isReady) return undefined;
        return (await this.client.get(prefix + key).catch(() => null)) ?? undefined;
      },
      set: async (key, value, options) => {
        const ttl = options?.ttl ? Math.min(options.ttl, PERSISTED_QUERY_TTL_SECONDS) : PERSISTED_QUERY_TTL_SECONDS;
        await this.client.set(prefix + key, value, { expiration: { type: 'EX', value: ttl } }).catch(() => undefined);
      },
      delete: async (key) => {
        await this.client.del(prefix + key).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close().catch(() => this.client.destroy());
  }

  /** The first hub to find no generation (a new or emptied Redis) starts one; the others read it. */
  private async startGeneration(): Promise<string> {
    await this.client.set(this.generationKey, randomUUID(), { condition: 'NX' });
    return (await this.client.get(this.generationKey)) ?? '';
  }
}

/** Replies as bytes: a hit's body goes out as Redis sent it, never decoded and encoded again. */
function typeMapping(blobString: typeof Redis.RESP_TYPES.BLOB_STRING) {
  return { [blobString]: Buffer } as const;
}

/** Generation, content type, ETag and operation on one line each, then the body. */
function encode(generation: string, answer: CachedAnswer): Buffer {
  const head = Buffer.from(`${generation}\n${answer.contentType}\n${answer.etag}\n${answer.operation ?? ''}\n`, 'utf8');
  return Buffer.concat([head, typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body]);
}

function decode(stored: Buffer, generation: string): CachedAnswer | undefined {
  let start = 0;
  const field = (): string | undefined => {
    const end = stored.indexOf(10, start);
    if (end < 0) return undefined;
    const text = stored.toString('utf8', start, end);
    start = end + 1;
    return text;
  };
  // Stored in another generation: the rest need not be read.
  if (field() !== generation) return undefined;
  const contentType = field();
  const etag = field();
  const operation = field();
  if (contentType === undefined || etag === undefined || operation === undefined) return undefined;
  return { contentType, etag, operation: operation || null, body: stored.subarray(start) };
}
