import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import compression from 'compression';
import { Kind, parse } from 'graphql';
import serveStatic from 'serve-static';
import { docsDir } from '../paths';
import { type RouteHandler, sendJson } from './http';

/** The runnable examples that open as the playground's tabs; the first one is the default query. */
export const EXAMPLES_FILE = path.join(docsDir, 'examples.graphql');

/** The page's own script and style sheet, beside the examples. */
export const PLAYGROUND_DIR = path.join(docsDir, 'playground');

export const ASSET_PREFIX = '/playground/assets/';

/**
 * The playground talks to this origin only. Scripts need neither 'unsafe-inline' (the page's own
 * script is a file) nor 'unsafe-eval' (the bundle's only `new Function` is webpack's fallback for
 * browsers without globalThis). Style attributes stay blocked: React and CodeMirror set styles
 * through the DOM, which the policy allows. <style> elements need 'unsafe-inline': GraphiQL's
 * dialogs (Radix) lock page scrolling with one whose text depends on the scrollbar width, so no
 * hash can name it, and the bundle has no way to give it a nonce. Fonts and icons are data: URLs
 * inside graphiql.min.css.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-elem 'self' 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface Example {
  /** The operation name; GraphiQL shows it as the tab's title. */
  name: string;
  /** The comment above the operation: what it answers. */
  description: string;
  /** The comment and the operation, as the tab shows them. */
  query: string;
}

export interface Playground {
  examples: Example[];
  /** GET /graphql from a browser. */
  page: RouteHandler;
  /** `/playground/assets/<name>` for every file the page loads, and the source maps they name. */
  assets: Record<string, RouteHandler>;
}

/** A file the page loads: its name under ASSET_PREFIX, and where it lies on disk. */
interface Asset {
  name: string;
  dir: string;
  /** Added to the URL, so that an upgrade is fetched anew despite the year-long cache. */
  version: string;
}

let site: Playground | undefined;

/** The GraphiQL playground as served by the hub, built once per process from EXAMPLES_FILE. */
export function playgroundSite(): Playground {
  site ??= createPlayground(EXAMPLES_FILE);
  return site;
}

export const playground: RouteHandler = (req, res, url) => playgroundSite().page(req, res, url);

export function createPlayground(examplesFile: string): Playground {
  const examples = readExamples(examplesFile);
  const assets: Asset[] = [
    vendorFile('graphiql', 'graphiql.min.css'),
    vendorFile('graphiql', 'graphiql.min.css.map'),
    own('playground.css'),
    vendorFile('react', 'umd/react.production.min.js'),
    vendorFile('react-dom', 'umd/react-dom.production.min.js'),
    vendorFile('graphiql', 'graphiql.min.js'),
    vendorFile('graphiql', 'graphiql.min.js.map'),
    own('playground.js'),
  ];
  const href = (name: string) => {
    const asset = assets.find((a) => a.name === name);
    if (!asset) throw new Error(`The playground page names ${name}, which is not one of its files`);
    // Relative, so that the page also works where a proxy serves the hub under a path.
    return `${ASSET_PREFIX.slice(1)}${asset.name}?v=${encodeURIComponent(asset.version)}`;
  };
  const config = { defaultQuery: examples[0]?.query ?? '', tabs: examples.map((e) => ({ query: e.query })) };
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Målestokk · GraphQL playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${href('graphiql.min.css')}">
<link rel="stylesheet" href="${href('playground.css')}">
<script defer src="${href('react.production.min.js')}"></script>
<script defer src="${href('react-dom.production.min.js')}"></script>
<script defer src="${href('graphiql.min.js')}"></script>
<script defer src="${href('playground.js')}"></script>
</head>
<body>
<div id="graphiql"><p class="playground-loading">Loading the playground…</p></div>
<noscript><p class="playground-loading">The playground needs JavaScript. The API itself answers POST /graphql with a JSON body such as {"query": "{ counties { name } }"}.</p></noscript>
<script type="application/json" id="playground-config">${jsonForHtml(config)}</script>
</body>
</html>
`;
  const page: RouteHandler = (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'content-security-policy': PLAYGROUND_CSP,
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
  return {
    examples,
    page,
    assets: Object.fromEntries(assets.map((asset) => [`${ASSET_PREFIX}${asset.name}`, assetRoute(asset, staticFiles(asset.dir))])),
  };
}

/**
 * Splits the examples file into its named operations, each with the comment lines right above
 * it. A mistake in the file stops start-up, naming the file.
 */
export function readExamples(file: string): Example[] {
  const source = readFileSync(file, 'utf8');
  let document;
  try {
    document = parse(source);
  } catch (error) {
    throw new Error(`${file} is not valid GraphQL: ${(error as Error).message}`, { cause: error });
  }
  const seen = new Set<string>();
  let previousEnd = 0;
  return document.definitions.map((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name || !definition.loc) {
      throw new Error(`${file}: every example must be a named operation such as \`query BodoPopulation { ... }\`, without fragments`);
    }
    const name = definition.name.value;
    if (seen.has(name)) throw new Error(`${file}: two examples are named ${name}; give each its own name`);
    seen.add(name);
    const comment = leadingComment(source.slice(previousEnd, definition.loc.start));
    const text = source.slice(definition.loc.start, definition.loc.end);
    previousEnd = definition.loc.end;
    return {
      name,
      description: comment.map((line) => line.replace(/^\s*#\s?/, '')).join(' ').trim(),
      query: [...comment, text].join('\n'),
    };
  });
}

/** The comment lines directly above an operation; a blank line ends them (the file's header stays out). */
function leadingComment(before: string): string[] {
  const lines = before.split(/\r?\n/);
  lines.pop(); // what precedes the operation on its own line
  const comment: string[] = [];
  for (let line = lines.pop(); line?.trim().startsWith('#'); line = lines.pop()) comment.unshift(line.trim());
  return comment;
}

/** A file of an installed package, found the way Node finds the package, from src/ or dist/. */
function vendorFile(pkg: string, file: string): Asset {
  // react and react-dom do not export their UMD folder, but every package exports package.json.
  const manifest = require.resolve(`${pkg}/package.json`);
  const full = path.join(path.dirname(manifest), file);
  try {
    statSync(full);
  } catch {
    throw new Error(`The playground needs ${pkg}/${file}, which is missing; run \`npm ci\` to install the dependencies`);
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { name: path.basename(file), dir: path.dirname(full), version };
}

function own(name: string): Asset {
  const body = readFileSync(path.join(PLAYGROUND_DIR, name));
  return { name, dir: PLAYGROUND_DIR, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

const servers = new Map<string, Middleware>();

/** serve-static for one folder (ETag, Last-Modified, ranges, HEAD), made once per folder. */
function staticFiles(dir: string): Middleware {
  let serve = servers.get(dir);
  if (!serve) {
    serve = serveStatic(dir, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      fallthrough: false,
      // The URL carries the version, so a file never changes under its URL.
      maxAge: '1y',
      immutable: true,
      setHeaders(res: ServerResponse) {
        res.setHeader('cross-origin-resource-policy', 'same-origin');
        res.setHeader('x-content-type-options', 'nosniff');
      },
    }) as Middleware;
    servers.set(dir, serve);
  }
  return serve;
}

/** The GraphiQL bundle is 3.5 MB, 0.8 MB compressed. */
const compress = compression() as unknown as Middleware;

/**
 * Serves one allow-listed file: the route is chosen by its exact path, so no other path of the
 * folder (nor `..`) can be asked for, and serve-static is handed that file's name alone.
 */
function assetRoute(asset: Asset, serve: Middleware): RouteHandler {
  return (req, res) =>
    new Promise<void>((resolve) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        methodNotAllowed(res);
        return resolve();
      }
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
      const query = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      req.url = `/${asset.name}${query}`;
      compress(req, res, () =>
        serve(req, res, (error?: unknown) => {
          if (!res.headersSent) sendJson(res, (error as { status?: number } | undefined)?.status ?? 404, { error: `No playground file ${asset.name}` });
          else res.destroy();
          resolve();
        }),
      );
    });
}

function methodNotAllowed(res: ServerResponse): void {
  res.setHeader('allow', 'GET, HEAD');
  sendJson(res, 405, { error: 'Only GET and HEAD are served here.' });
}

/** JSON that cannot end the <script> block it sits in. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
