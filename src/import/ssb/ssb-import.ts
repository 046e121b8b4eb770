import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config';
import { referenceDir } from '../../paths';
import { parseJsonStat } from '../adapters/jsonstat';
import { type JsonStatMapping, parseJsonStatMapping } from '../adapters/jsonstat-mapping';
import type { ImportInput } from '../import.service';
import type { ImportDiagnostic } from '../types';
import { ImportError } from '../types';
import { fetchStatbankTable, SSB_PUBLISHER, statbankMetadataUrl } from './ssb-client';
import { parseStatbankQuery, type StatbankQuery } from './ssb-query';

/**
 * Turns a Statbank query into a document for the import pipeline: reads the query and its
 * mapping, fetches the table, and checks the answer against the mapping, all before any database
 * work. The answer then goes through the JSON-stat adapter like any saved dataset.
 */

export interface StatbankImportRequest {
  /** The table the caller asked for (`--ssb 12210`); the query file must be for the same table. */
  table: string;
  queryText: string;
  queryFileName?: string;
  /** A mapping that replaces the one the query names (`--mapping`, scorecardImport's `mapping`). */
  mapping?: { text: string; fileName: string };
  dryRun?: boolean;
}

export interface StatbankSettings {
  /** SSB_API_URL. */
  baseUrl: string;
  timeoutMs?: number;
}

/**
 * The settings from the validated configuration (src/config.ts). Read per import rather than
 * held by a service, so that the API and the command line see the same SSB_API_URL.
 */
export function statbankSettings(env: NodeJS.ProcessEnv = process.env): StatbankSettings {
  return { baseUrl: loadConfig(env).SSB_API_URL };
}

function fail(code: string, message: string, file?: string): never {
  throw new ImportError([{ code, message, file }]);
}

function readNamedMapping(query: StatbankQuery, queryFile: string): { text: string; fileName: string } {
  if (!query.mapping) fail('MAPPING_REQUIRED', 'the query names no mapping; add e.g. mapping: ssb-12210.yaml (a file in reference/mappings/)', queryFile);
  const fileName = `reference/mappings/${query.mapping}`;
  try {
    return { text: readFileSync(path.join(referenceDir, 'mappings', query.mapping), 'utf8'), fileName };
  } catch {
    return fail('MAPPING_NOT_FOUND', `mapping: there is no ${fileName}`, queryFile);
  }
}

/** Plain value codes of a selection; expressions (`*`, `????`, `top(5)`, `from(2015)`) say nothing about single codes. */
function plainCodes(values: string[]): string[] {
  return values.filter((v) => /^[A-Za-z0-9_.-]+$/.test(v));
}

/**
 * A metric code the mapping does not know would be dropped with a warning by the JSON-stat
 * adapter; for a national series that silently loses an indicator, so here it stops the import.
 */
function unmappedMetricCodes(mapping: JsonStatMapping, codes: string[], metadataUrl: string, file: string): ImportDiagnostic[] {
  if (mapping.match !== 'code') return [];
  return codes
    .filter((code) => !(code in mapping.metric.categories))
    .map((code) => ({
      code: 'SSB_UNMAPPED_CODE',
      message: `${mapping.metric.dimension} "${code}" has no indicator in the mapping; check the code against the table's metadata (${metadataUrl}) and map it, or leave it out of the query`,
      file,
    }));
}

export async function fetchStatbankDocument(request: StatbankImportRequest, settings: StatbankSettings): Promise<ImportInput & { document: string }> {
  const queryFile = request.queryFileName ?? 'query';
  const query = parseStatbankQuery(request.queryText, queryFile);
  if (query.table !== request.table.trim()) {
    fail('SSB_TABLE_MISMATCH', `the query is for table ${query.table}, not ${request.table}; fetch table ${query.table} or use a query for ${request.table}`, queryFile);
  }
  const mappingSource = request.mapping ?? readNamedMapping(query, queryFile);
  const mapping = parseJsonStatMapping(mappingSource.text, mappingSource.fileName);
  const metadataUrl = statbankMetadataUrl(settings.baseUrl, query.table, query.lang);

  const selected = query.selection.find((s) => s.variable.toLowerCase() === mapping.metric.dimension.toLowerCase());
  const unknownSelected = unmappedMetricCodes(mapping, plainCodes(selected?.values ?? []), metadataUrl, queryFile);
  if (unknownSelected.length > 0) throw new ImportError(unknownSelected);

  const response = await fetchStatbankTable(settings.baseUrl, query, {
    timeoutMs: settings.timeoutMs,
    // A mapping sent over the API ("input.mapping") is no file to suggest.
    mappingFile: /\.ya?ml$/.test(mappingSource.fileName) ? mappingSource.fileName : undefined,
  });

  const fileName = `ssb-${query.table}.json`;
  // The adapter is pure: reading the answer here costs little and refuses a mismatch before any database work.
  const extracted = parseJsonStat(response.text, { jsonstatMapping: mapping, fileName });
  const unknownReturned = extracted.warnings
    .filter((w) => w.code === 'UNMAPPED_METRIC')
    .map((w) => ({ ...w, code: 'SSB_UNMAPPED_CODE', message: `${w.message}; check it against the table's metadata (${metadataUrl}) and map it, or leave it out of the query` }));
  if (unknownReturned.length > 0) throw new ImportError(unknownReturned);

  // SSB's labels start with the table id ("12210: …"); a source title names the table either way.
  const label = extracted.meta.title ?? '';
  const title = label.startsWith(`${query.table}:`) ? label : `${query.table}: ${label || 'Statistikkbanken'}`;
  // The latest year in the answer: where two sources give a figure for the same year, the hub
  // prefers the one with the later report year, so a refreshed answer wins over an older extract.
  const years = extracted.figures.map((f) => Number(f.period.slice(0, 4))).filter(Number.isInteger);
  return {
    document: response.text,
    fileName,
    format: 'jsonstat',
    mapping: mappingSource.text,
    mappingFileName: mappingSource.fileName,
    dryRun: request.dryRun,
    title,
    publisher: SSB_PUBLISHER,
    reportYear: years.length > 0 ? Math.max(...years) : undefined,
    url: response.url,
    retrievedAt: response.retrievedAt,
  };
}
