import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import compression from 'compression';
import serveStatic from 'serve-static';
import { repoRoot } from '../paths';
import { type RouteHandler, sendJson } from './http';

/** Where `npm run build:web` (web/vite.config.mts) writes the explore page. */
export const EXPLORE_DIR = path.join(repoRoot, 'dist', 'web');

/**
 * The explore page talks to this origin only. <style> elements and style attributes need
 * 'unsafe-inline': Observable Plot puts a <style> element in every chart it draws and sizes
 * marks through style attributes. Scripts are the built files only.
 */
export const EXPLORE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The page's script is 470 kB, 155 kB compressed, the map's boundaries 1 MB: what a phone on a mobile network waits for. */
const compress = compression() as unknown as Middleware;

/** Built files with a content hash in their name: a new build gives them a new name. */
const HASHED = /^assets[\\/]/;

/**
 * The explore page's files, for every path no other route claims. Files under assets/ carry a
 * content hash in their name and are cached for a year; index.html and anything else is
 * revalidated on every load (ETag), so a new build is seen at once. A path with no file
 * falls through to `notFound`. Without a build, `/` says how to make one instead of failing.
 */
export function exploreSite(root: string = EXPLORE_DIR): { handler: RouteHandler } {
  const index = path.join(root, 'index.html');
  let built = existsSync(index);
  const serve = serveStatic(root, {
    index: ['index.html'],
    // The page's state is in the query string of `/`; other paths are files or nothing.
    redirect: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders(res, file) {
      const relative = path.relative(root, file);
      res.setHeader('cache-control', HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
      // TopoJSON is JSON; named as such it is compressed (an unknown type is not).
      if (file.endsWith('.topojson')) res.setHeader('content-type', 'application/json; charset=utf-8');
      if (relative === 'index.html') {
        res.setHeader('content-security-policy', EXPLORE_CSP);
        res.setHeader('referrer-policy', 'no-referrer');
      }
    },
  });
  const handler: RouteHandler = (req, res, url) =>
    new Promise<void>((resolve) => {
      // A build made while the hub runs (`npm run build:web`) is served from the next request on.
      if (!built) built = existsSync(index);
      if (!built && url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        notBuilt(req, res);
        return resolve();
      }
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
      // Called without an error for a path with no file; with one for a malformed or forbidden
      // path (answered as no file), or for a file that failed while it was being sent.
      compress(req, res, () => {
        serve(req, res, (error?: unknown) => {
          if (!res.headersSent) notFound(res, url);
          else if (error) res.destroy();
          resolve();
        });
      });
    });
  return { handler };
}

function notFound(res: ServerResponse, url: URL): void {
  if (res.headersSent) return;
  sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at /graphql` });
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Målestokk: explore page not built</title></head>
<body><h1>The explore page is not built</h1>
<p><code>npm start</code> builds it before starting the hub; to build it alone, run <code>npm run build:web</code> and reload.</p>
<p>The GraphQL API and its playground are at <a href="/graphql">/graphql</a>.</p></body></html>
`;

function notBuilt(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
}
