import { detectJsonStat } from '../adapters/jsonstat';
import type { ImportDiagnostic } from '../types';
import { ImportError } from '../types';
import type { StatbankQuery } from './ssb-query';

/**
 * A client for Statistics Norway's Statbank API, PxWebApi v2. Documentation:
 *   https://www.ssb.no/en/api/pxwebapiv2 (SSB's guide: limits, status symbols, saved queries)
 *   https://www.pxtools.net/PxWebApi/documentation/user-guide/ (the API as PxTools define it)
 *   https://github.com/PxTools/PxApiSpecs/blob/master/PxAPI-2.yml (the OpenAPI specification)
 *
 * One GET per import: `{base}/tables/{id}/data?lang=no&outputFormat=json-stat2&valueCodes[Var]=a,b`.
 * A GET rather than a POST with a `selection` body, so that the URL alone is the query: it is what
 * the source records, and pasting it into a browser gives the same figures. Errors come back as
 * `{"type": "Parameter error", "title": "Non-existent value", "status": 400}`; `title` is the
 * message (`detail` is rarely set).
 */

export const SSB_PUBLISHER = 'Statistisk sentralbyrå';

/** Long enough for SSB's largest answers at a slow connection; an offline machine fails at once anyway. */
export const SSB_TIMEOUT_MS = 60_000;

export interface StatbankResponse {
  /** The body exactly as received: the document the source keeps. */
  text: string;
  url: string;
  retrievedAt: Date;
}

export interface StatbankClientOptions {
  timeoutMs?: number;
  /** What to suggest when the API cannot be reached: the mapping file a saved answer is imported with. */
  mappingFile?: string;
}

/** Wraps a value that holds a comma in brackets, as PxWebApi wants `[range(2015,2020)]` in a GET. */
function valueParam(value: string): string {
  const bracketed = value.includes(',') && !(value.startsWith('[') && value.endsWith(']')) ? `[${value}]` : value;
  return encodeURIComponent(bracketed);
}

/**
 * The data URL of a query, parameters in a fixed order so that the same query always gives the
 * same URL: the URL identifies the source, and a changed answer to it becomes a new version.
 */
export function statbankDataUrl(baseUrl: string, query: StatbankQuery): string {
  const params = [`lang=${encodeURIComponent(query.lang)}`, 'outputFormat=json-stat2'];
  for (const { variable, values } of query.selection) params.push(`valueCodes[${variable}]=${values.map(valueParam).join(',')}`);
  for (const { variable, codelist } of query.codelists) params.push(`codelist[${variable}]=${encodeURIComponent(codelist)}`);
  return `${baseUrl.replace(/\/+$/, '')}/tables/${encodeURIComponent(query.table)}/data?${params.join('&')}`;
}

export function statbankMetadataUrl(baseUrl: string, table: string, lang: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/tables/${encodeURIComponent(table)}/metadata?lang=${encodeURIComponent(lang)}`;
}

function fail(code: string, message: string, file?: string): never {
  const diagnostic: ImportDiagnostic = { code, message };
  if (file) diagnostic.file = file;
  throw new ImportError([diagnostic]);
}

/** Node's fetch reports a network failure as `TypeError: fetch failed` with the system error as its cause. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'the host name does not resolve: no network or no DNS',
    EAI_AGAIN: 'the host name does not resolve: no network or no DNS',
    ENETUNREACH: 'the network is unreachable',
    EHOSTUNREACH: 'the host is unreachable',
    ECONNRESET: 'the connection was reset',
    UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  };
  if (code && reasons[code]) return reasons[code];
  // The fetch standard blocks some ports outright (1, 25, 6000, …); undici says only "bad port".
  if (cause?.message === 'bad port') return 'fetch refuses that port; use another one';
  return cause?.message ?? (error as Error)?.message ?? String(error);
}

/** `title` (and `detail` where it says more) of PxWebApi's problem body, or the start of any other body. */
function apiMessage(body: string): string {
  try {
    const problem = JSON.parse(body) as { title?: unknown; detail?: unknown };
    const title = typeof problem.title === 'string' ? problem.title : '';
    const detail = typeof problem.detail === 'string' && problem.detail !== problem.title ? problem.detail : '';
    const message = [title, detail].filter(Boolean).join(': ');
    if (message) return message;
  } catch {
    // Not the API's JSON problem body (a proxy's HTML page, an empty 500): quote what came.
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? `"${text.slice(0, 200)}${text.length > 200 ? '…' : ''}"` : 'no message';
}

/**
 * Fetches the answer to a query as JSON-stat 2.0. Every failure is an ImportError that says what
 * happened and what to do; nothing is retried, so an offline machine fails at once.
 */
export async function fetchStatbankTable(baseUrl: string, query: StatbankQuery, options: StatbankClientOptions = {}): Promise<StatbankResponse> {
  const url = statbankDataUrl(baseUrl, query);
  const metadata = statbankMetadataUrl(baseUrl, query.table, query.lang);
  const timeoutMs = options.timeoutMs ?? SSB_TIMEOUT_MS;
  const retrievedAt = new Date();
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // With --url the saved answer becomes a version of the same source as an answer fetched from the API.
    const saved = `npm run import -- saved.json --format jsonstat --mapping ${options.mappingFile ?? '<mapping.yaml>'} --url '${url}'`;
    if ((error as Error)?.name === 'TimeoutError') {
      fail('SSB_TIMEOUT', `Statistics Norway's API (${baseUrl}) did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}; nothing was written. Try again later, or import a saved answer instead: ${saved}`);
    }
    fail(
      'SSB_UNREACHABLE',
      `could not reach Statistics Norway's API at ${baseUrl} (${networkReason(error)}); nothing was written. ` +
        `Check the network or SSB_API_URL, or import a saved answer instead: ${saved}`,
    );
  }

  const body = await response.text().catch(() => '');
  if (!response.ok) {
    const said = apiMessage(body);
    if (response.status === 400) {
      fail('SSB_QUERY_REFUSED', `Statistics Norway's API refused the query for table ${query.table} (HTTP 400: ${said}); check the variables and value codes against the table's metadata, ${metadata}`);
    }
    if (response.status === 404) {
      fail('SSB_TABLE_NOT_FOUND', `Statistics Norway's API has no table ${query.table} (HTTP 404: ${said}); check the table id at ${metadata}. A URL longer than about 2,100 characters also gets 404: select with *, ? or from() instead of long lists`);
    }
    if (response.status === 429) {
      fail('SSB_RATE_LIMITED', `Statistics Norway's API asks to slow down (HTTP 429: ${said}); wait a minute and try again`);
    }
    fail('SSB_HTTP_ERROR', `Statistics Norway's API answered HTTP ${response.status} for table ${query.table} (${said}); nothing was written. Try again later`);
  }
  if (detectJsonStat(body) < 0.95) {
    const type = response.headers.get('content-type') ?? 'no content type';
    fail('SSB_NOT_JSONSTAT', `Statistics Norway's API answered for table ${query.table} with something that is not a JSON-stat 2.0 dataset (${type}, starting ${apiMessage(body.slice(0, 120))}); nothing was written. Is SSB_API_URL the PxWebApi v2 base (${baseUrl})?`);
  }
  return { text: body, url, retrievedAt };
}
