import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { Context } from '../context';

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
}

export class PayloadTooLargeError extends Error {}

/**
 * A plain node:http server in front of Apollo: measured here, a framework in between costs more
 * than the routes it would save.
 */
export function createHttpServer(options: HttpOptions): Server {
  return createServer((req, res) => {
    handle(options, req, res).catch((error) => {
      options.onError(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error; the problem was logged.' });
      else res.end();
    });
  });
}

async function handle(options: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/graphql') {
    if (req.method === 'GET' && options.playground && prefersHtml(req)) return options.playground(req, res, url);
    return graphql(options, req, res, url);
  }
  const route = options.routes[url.pathname];
  if (route) return route(req, res, url);
  sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at /graphql` });
}

async function graphql(options: HttpOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let body: unknown;
  try {
    body = req.method === 'POST' ? await readJsonBody(req, options.maxBodyBytes) : undefined;
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return sendJson(res, 413, { errors: [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => options.context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      reject(new PayloadTooLargeError(`The request body of ${declared} bytes is over the limit of ${maxBytes} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new PayloadTooLargeError(`The request body is over the limit of ${maxBytes} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
