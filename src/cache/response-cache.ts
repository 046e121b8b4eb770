import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { Config } from '../config';
import type { Context } from '../context';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { RequestInfo } from '../server/request-log';
import { onDataChanged } from './data-changes';
import { type CachedAnswer, MemoryResponseStore, RedisResponseStore, type ResponseStore, type StringCache } from './response-store';

/** What one hub keeps in memory for answers, at most (bytes). */
const MEMORY_CACHE_BYTES = 64 * 1024 * 1024;

/** Apollo's CSRF prevention lets a GET through only with one of these headers (or a non-simple content type). */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** A request that may be answered from the cache: its key, and what Apollo says about the answer computed for it. */
export interface CacheTicket {
  key: string;
  generation: string;
  method: 'GET' | 'POST';
  /** Set by the plugin: an anonymous query answered without errors. */
  cacheable: boolean;
  operation: string | null;
}

/**
 * Anonymous reads answered from a cache in front of Apollo, so that a hit costs no SQL, no
 * parsing, no validation and no JSON: the stored bytes go out as they are. Apollo's
 * response-cache plugin would need the cache-control plugin on every request (measured here to
 * nearly halve throughput) and re-serialises the stored data on every hit; this cache needs
 * neither. A curator's request (one with a key), a mutation and an answer with errors are never
 * stored.
 */
export class ResponseCache {
  private readonly stopListening: () => void;

  private constructor(
    readonly store: ResponseStore,
    private readonly httpMaxAgeSeconds: number,
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.stopListening = onDataChanged(db, (written) => this.store.bump(written));
  }

  /** The cache the configuration asks for: none when CACHE_TTL_SECONDS is 0, Redis when REDIS_URL is set, else memory. */
  static async create(config: Pick<Config, 'CACHE_TTL_SECONDS' | 'CACHE_HTTP_MAX_AGE_SECONDS' | 'REDIS_URL'>, db: Database, logger: Logger): Promise<ResponseCache | null> {
    if (config.CACHE_TTL_SECONDS === 0) return null;
    const store = config.REDIS_URL
      ? await RedisResponseStore.connect(config.REDIS_URL, redisPrefix(db), config.CACHE_TTL_SECONDS, logger)
      : new MemoryResponseStore(config.CACHE_TTL_SECONDS, MEMORY_CACHE_BYTES);
    return new ResponseCache(store, config.CACHE_HTTP_MAX_AGE_SECONDS, db, logger);
  }

  /**
   * Answers the request from the cache when it can (true), or returns the ticket under which
   * Apollo's answer will be stored; null when the request is not one the cache handles.
   */
  async answer(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown, info?: RequestInfo): Promise<CacheTicket | true | null> {
    const key = requestKey(req, url, body);
    if (!key) return null;
    const found = await this.store.lookup(key);
    if (!found) return null;
    // A generation started by another hub's write says where that write ended: an answer
    // computed now on a replica must include it (src/db/replica.ts).
    const written = writtenIn(found.generation);
    if (written) this.db.writtenElsewhere(written);
    const method = req.method === 'GET' ? 'GET' : 'POST';
    if (!found.answer) return { key, generation: found.generation, method, cacheable: false, operation: null };
    const answer = found.answer;
    if (info) info.operation = answer.operation;
    res.setHeader('content-type', answer.contentType);
    this.send(req, res, method, answer.etag, 'HIT', answer.body);
    return true;
  }

  /** Called with Apollo's answer before it is sent; stores it if it may be, and answers 304 when the client has it. Returns whether the answer was sent. */
  finish(ticket: CacheTicket, req: IncomingMessage, res: ServerResponse, body: string): boolean {
    res.setHeader('x-cache', 'MISS');
    if (!ticket.cacheable || res.statusCode !== 200) return false;
    const contentType = String(res.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const answer: CachedAnswer = { body, contentType, etag: etagOf(body), operation: ticket.operation };
    // Not awaited: the client does not wait for the cache. Redis runs the commands of one
    // connection in order, so this hub's next lookup already sees it.
    void this.store.store(ticket.key, ticket.generation, answer).catch((error) => this.logger.debug({ err: error }, 'response cache store failed'));
    this.send(req, res, ticket.method, answer.etag, 'MISS', body);
    return true;
  }

  /** Where Apollo keeps persisted queries: shared in Redis when there is one, else Apollo's own memory (undefined). */
  persistedQueryCache(): StringCache | undefined {
    return this.store instanceof RedisResponseStore ? this.store.persistedQueries() : undefined;
  }

  async close(): Promise<void> {
    this.stopListening();
    await this.store.close();
  }

  private send(req: IncomingMessage, res: ServerResponse, method: 'GET' | 'POST', etag: string, outcome: 'HIT' | 'MISS', body: string | Buffer): void {
    res.setHeader('etag', etag);
    res.setHeader('x-cache', outcome);
    if (method === 'GET') {
      // Browsers and proxies may keep a GET this long; nothing can tell them of an import, so
      // it is short, and a revalidation with If-None-Match costs the hub a lookup and a 304.
      res.setHeader('cache-control', `public, max-age=${this.httpMaxAgeSeconds}`);
      res.setHeader('vary', 'Accept, Authorization, X-Api-Key');
      if (matches(req.headers['if-none-match'], etag)) {
        res.statusCode = 304;
        res.removeHeader('content-type');
        res.end();
        return;
      }
    }
    res.statusCode = 200;
    res.end(body);
  }
}

/** The WAL position a generation token carries ("<uuid>@<lsn>", src/cache/response-store.ts), if any. */
function writtenIn(generation: string): string | null {
  const at = generation.indexOf('@');
  return at < 0 ? null : generation.slice(at + 1);
}

/** The Apollo plugin that tells the HTTP layer which answers may be stored. */
export function responseCachePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, operation, errors, response, contextValue }) {
          const ticket = ticketOf(contextValue);
          if (!ticket || errors?.length || operation?.operation !== OperationTypeNode.QUERY || contextValue.principal !== null) return;
          if (response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          if (response.http.status !== undefined && response.http.status !== 200) return;
          ticket.cacheable = true;
          ticket.operation = request.operationName ?? operation.name?.value ?? null;
        },
      };
    },
  };
}

/**
 * The ticket of a request, kept on its context. A symbol property: Apollo runs each operation on
 * a shallow copy of the context, which copies it, and the ticket is an object both copies share.
 */
const TICKET = Symbol('cacheTicket');

export function attachCacheTicket(context: Context, ticket: CacheTicket): void {
  (context as Context & { [TICKET]?: CacheTicket })[TICKET] = ticket;
}

function ticketOf(context: Context): CacheTicket | undefined {
  return (context as Context & { [TICKET]?: CacheTicket })[TICKET];
}

/**
 * The cache key of a request, or null when the cache must leave it to Apollo: a request with a
 * key (a curator's), one that Apollo's CSRF prevention would refuse, a batch, or one without a
 * query. The query is keyed by its SHA-256, which is also its persisted-query hash, so that a
 * GET with only the hash finds the answer to the same query sent in full.
 */
export function requestKey(req: IncomingMessage, url: URL, body: unknown): string | null {
  if (req.headers.authorization || req.headers['x-api-key']) return null;
  const [mediaType] = req.headers['content-type']?.split(';') ?? [];
  const contentType = mediaType?.trim().toLowerCase();
  let fields: { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
  if (req.method === 'GET') {
    const preflight = PREFLIGHT_HEADERS.some((name) => !!req.headers[name]);
    if (!preflight && (!contentType || SIMPLE_CONTENT_TYPES.has(contentType))) return null;
    const params = url.searchParams;
    const variables = params.get('variables');
    const extensions = params.get('extensions');
    try {
      fields = {
        query: params.get('query') ?? undefined,
        operationName: params.get('operationName') ?? undefined,
        variables: variables === null ? undefined : (JSON.parse(variables) as unknown),
        extensions: extensions === null ? undefined : (JSON.parse(extensions) as unknown),
      };
    } catch {
      return null;
    }
  } else if (req.method === 'POST') {
    if (contentType !== 'application/json' || !body || typeof body !== 'object' || Array.isArray(body)) return null;
    fields = body;
  } else return null;
  const persisted = (fields.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  const queryHash = typeof fields.query === 'string' ? createHash('sha256').update(fields.query).digest('hex') : typeof persisted === 'string' ? persisted : null;
  if (!queryHash) return null;
  const material = JSON.stringify([req.headers.accept ?? '', queryHash, fields.operationName ?? null, fields.variables ?? null]);
  return createHash('sha256').update(material).digest('base64url');
}

function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * Hubs on the same database share answers; hubs on different databases or schemas (tests, a
 * staging hub) sharing one Redis must not. The password is left out: it is not part of what
 * the database is.
 */
export function redisPrefix(db: Database): string {
  const options = db.dataSource.options as { url?: string; schema?: string };
  let where = options.url ?? '';
  try {
    const url = new URL(where);
    where = `${url.hostname}:${url.port}${url.pathname}`;
  } catch {
    // Not a URL: the whole string identifies the database.
  }
  const id = createHash('sha256').update(`${where}|${options.schema ?? 'public'}`).digest('hex').slice(0, 16);
  return `malestokk:${id}:`;
}
