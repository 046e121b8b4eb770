import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { attachCacheTicket, type ResponseCache } from '../cache/response-cache';
import { type AnswerSlot, attachAnswerSlot, sendAnswer } from './answer';
import type { Context } from '../context';
import { isConnectionError } from '../db/database';
import { RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE_MESSAGE } from './errors';
import { attachRequestInfo, type RequestInfo } from './request-log';

/** An extra route of the hub, served beside /graphql (health checks, the playground, downloads). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface HttpOptions {
  apollo: ApolloServer<Context>;
  context: (req: IncomingMessage) => Promise<Context>;
  routes: Record<string, RouteHandler>;
  /** Serves GET /graphql to a browser (Accept: text/html). */
  playground?: RouteHandler;
  maxBodyBytes: number;
  onError: (error: unknown) => void;
  /** Called once per request when its response is finished or its connection closed. */
  onDone?: (info: RequestInfo) => void;
  /** A server already listening (start-up answers /healthz while the database is away); by default a new one. */
  server?: Server;
  /** Answers anonymous reads from a cache before Apollo runs (src/cache). */
  cache?: ResponseCache | null;
  /** Every path no route claims: the explore page's files (src/server/explore.ts). */
  site?: RouteHandler;
}

export class PayloadTooLargeError extends Error {}

const draining = new WeakSet<Server>();
/** Responses not yet finished, per server: a shutdown marks them to close their connection. */
const unfinished = new WeakMap<Server, Set<ServerResponse>>();
/** Each connection's requests in progress and when it last fell idle, per server. */
const connectionStates = new WeakMap<Server, Map<Socket, { busy: number; idleSince: number }>>();

/**
 * How long a kept-alive connection must have been idle before a shutdown closes it. A client in
 * the middle of a series sends its next request within this time and is answered 503 with
 * `Connection: close`; closed at once, that request would meet a reset instead.
 */
const IDLE_GRACE_MS = 200;

/**
 * A plain node:http server in front of Apollo: measured here, a framework in between costs more
 * than the routes it would save.
 */
export function createHttpServer(options: HttpOptions): Server {
  const server = options.server ?? createServer();
  const open = new Set<ServerResponse>();
  unfinished.set(server, open);
  const connections = new Map<Socket, { busy: number; idleSince: number }>();
  connectionStates.set(server, connections);
  const track = (socket: Socket) => {
    const state = { busy: 0, idleSince: performance.now() };
    connections.set(socket, state);
    socket.once('close', () => connections.delete(socket));
    return state;
  };
  server.on('connection', track);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    // A connection opened before this listener (start-up's server) is tracked from its first request here.
    const connection = connections.get(req.socket) ?? track(req.socket);
    connection.busy++;
    const [path = '/'] = (req.url ?? '/').split('?');
    const info: RequestInfo = { method: req.method ?? 'GET', path, operation: null, status: 0, ms: 0, errors: 0 };
    const started = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      open.delete(res);
      connection.busy--;
      connection.idleSince = performance.now();
      info.status = res.writableFinished ? res.statusCode : 499;
      info.ms = Math.round((performance.now() - started) * 10) / 10;
      options.onDone?.(info);
    };
    res.on('finish', finish);
    res.on('close', finish);
    if (draining.has(server)) {
      // A request on a kept-alive connection after shutdown began: refused, and the connection closed.
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
      return sendJson(res, 503, { error: 'The hub is shutting down; try again shortly.' });
    }
    handle(options, req, res, info).catch((error) => {
      if (isConnectionError(error)) {
        if (!res.headersSent) {
          res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
          sendJson(res, 503, { error: SERVICE_UNAVAILABLE_MESSAGE, code: 'SERVICE_UNAVAILABLE' });
        } else res.end();
        return;
      }
      options.onError(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error; the problem was logged.' });
      else res.end();
    });
  });
  return server;
}

/**
 * Stops taking requests and waits for those in flight, at most `timeoutMs`; then closes what is
 * left. The listening socket closes at once, so new connections are refused; a request that
 * arrives on a kept-alive connection is answered 503. A response in flight is sent with
 * `Connection: close`, so that its client does not send the next request down a connection
 * that is about to close (it would see a reset, not an answer).
 */
export function shutdownHttp(server: Server, timeoutMs: number): Promise<'drained' | 'timed out'> {
  draining.add(server);
  for (const res of unfinished.get(server) ?? []) if (!res.headersSent) res.shouldKeepAlive = false;
  if (!server.listening) return Promise.resolve('drained');
  return new Promise((resolve) => {
    let settled = false;
    const settle = (how: 'drained' | 'timed out') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(sweep);
      resolve(how);
    };
    // net's close, not http's: http's would also close every idle connection at once, and a
    // request already on its way down one of them would meet a reset. The callback runs once
    // every connection has ended.
    NetServer.prototype.close.call(server, () => settle('drained'));
    const sweep = setInterval(() => {
      const now = performance.now();
      for (const [socket, state] of connectionStates.get(server) ?? []) {
        if (state.busy === 0 && now - state.idleSince >= IDLE_GRACE_MS) socket.destroy();
      }
    }, 50);
    const timer = setTimeout(() => {
      server.closeAllConnections();
      settle('timed out');
    }, timeoutMs);
  });
}

async function handle(options: HttpOptions, req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/graphql') {
    if (req.method === 'GET' && options.playground && prefersHtml(req)) return options.playground(req, res, url);
    return graphql(options, req, res, url, info);
  }
  const route = options.routes[url.pathname];
  if (route) return route(req, res, url);
  if (options.site) return options.site(req, res, url);
  sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at /graphql` });
}

async function graphql(options: HttpOptions, req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo): Promise<void> {
  let body: unknown;
  try {
    body = req.method === 'POST' ? await readJsonBody(req, options.maxBodyBytes) : undefined;
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      closeAfterAnswer(req, res);
      return sendJson(res, 413, { errors: [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
    return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  }
  const ticket = options.cache ? await options.cache.answer(req, res, url, body, info) : null;
  if (ticket === true) return;
  const answer: AnswerSlot = {};
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => {
      const context = await options.context(req);
      attachRequestInfo(context, info);
      attachAnswerSlot(context, answer);
      if (ticket) attachCacheTicket(context, ticket);
      return context;
    },
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    if (ticket && options.cache?.finish(ticket, req, res, response.body.string)) return;
    // Encoded here, a slice at a time (server/json.ts): given the string, node:http measures it
    // for Content-Length and then prepends the header to it, copying a long answer twice more.
    sendAnswer(res, response.body.string, answer);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** How long the rest of a body over the limit is read and dropped before its connection is closed. */
const DISCARD_MS = 5000;

/**
 * Reads a request body of at most `maxBytes`. A body over the limit rejects with a
 * PayloadTooLargeError as soon as that is known: at once when Content-Length declares it, while
 * reading when the body is chunked. Either way nothing more of it is kept.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(new PayloadTooLargeError(`The request body of ${declared} bytes is over the limit of ${maxBytes} bytes.`));
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      over = true;
      chunks = [];
      req.off('data', onData);
      reject(new PayloadTooLargeError(`The request body is over the limit of ${maxBytes} bytes.`));
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * Ends the connection of a request whose body was refused before it was all read, once the answer
 * is sent, by a lingering close (RFC 9112, section 9.6): the hub stops sending but reads and drops
 * what the client still sends, until the client closes or DISCARD_MS passes. Closing outright
 * while the client is still sending would make the hub's TCP stack answer the next bytes with a
 * reset, which can destroy the 413 in the client's buffers before it is read.
 *
 * The answer says `Connection: close`. node:http ends such a connection (and one whose request said
 * `Connection: close`, as Node's own client does without an agent) with the socket's
 * `destroySoon()`, which closes it outright once the answer is written; on this socket that is
 * replaced by the half of it that sends the end, so the rest of the body is still read.
 */
function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  req.resume();
  const timer = setTimeout(() => socket.destroy(), DISCARD_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.destroySoon = () => void socket.end();
  res.setHeader('connection', 'close');
}

async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const raw = await readBody(req, maxBytes);
  return raw.length ? JSON.parse(raw.toString('utf8')) : {};
}

function prefersHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
