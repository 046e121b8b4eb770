import type { ServerResponse } from 'node:http';
import { ClientError } from '../../schema/errors';
import type { RouteHandler } from '../../server/http';
import { sendJson } from '../../server/http';
import type { Services } from '../../services';
import { CompareArgs, problemsOf, RankingArgs, RankingScope, TargetAttainmentArgs, TimeSeriesArgs } from './comparison.args';
import { compareCsv, compareJson, type Delimiter, rankingCsv, rankingJson, targetsCsv, targetsJson, timeSeriesCsv, timeSeriesJson } from './comparison.csv';
import { Normalisation, RankBy, RankingLevel } from './comparison.type';

/**
 * Journalist downloads: the ranking, comparison, time series and target attainment as CSV or JSON, taking the
 * same arguments as the GraphQL queries as query parameters and calling the same service.
 *
 *   GET /download/ranking.csv?indicator=social_assistance.recipients_population_share&period=2023&level=office
 *   GET /download/compare.json?offices=24837,24539&indicators=...&periods=2017,2018
 *   GET /download/time-series.csv?indicator=social_assistance.recipients_yearly&municipality=1103
 *   GET /download/targets.csv?office=24837&period=2018
 *
 * Lists are comma-separated or repeated (`offices=a&offices=b`); enums are case-insensitive
 * (`level=office`, `normalise=per_1000_inhabitants`); `latest` alone means true. CSV files take
 * `delimiter=semicolon` for Norwegian Excel. A bad or unknown parameter is answered 400 with JSON
 * `{ error, parameter }` naming it.
 */
export function comparisonRoutes(services: Services): Record<string, RouteHandler> {
  const { comparison } = services;
  const ranking = async (p: Params) => comparison.ranking(rankingArgs(p));
  const compare = async (p: Params) => comparison.compare(compareArgs(p));
  const timeSeries = async (p: Params) => {
    const args = timeSeriesArgs(p);
    return comparison.timeSeries(args.indicator, args);
  };
  const targets = async (p: Params) => {
    const args = targetArgs(p);
    return comparison.targetAttainment(args, args.period);
  };
  return {
    '/download/ranking.csv': download(RANKING_PARAMS, true, async (p) => {
      const r = await ranking(p);
      return csvFile(`ranking-${r.indicator.code}-${r.period ?? 'latest'}-${r.level}.csv`, rankingCsv(r, delimiterOf(p)));
    }),
    '/download/ranking.json': download(RANKING_PARAMS, false, async (p) => {
      const r = await ranking(p);
      return jsonFile(`ranking-${r.indicator.code}-${r.period ?? 'latest'}-${r.level}.json`, rankingJson(r));
    }),
    '/download/compare.csv': download(COMPARE_PARAMS, true, async (p) => {
      const c = await compare(p);
      return csvFile(`compare-${c.periods.join('_')}.csv`, compareCsv(c, delimiterOf(p)));
    }),
    '/download/compare.json': download(COMPARE_PARAMS, false, async (p) => {
      const c = await compare(p);
      return jsonFile(`compare-${c.periods.join('_')}.json`, compareJson(c));
    }),
    '/download/time-series.csv': download(TIME_SERIES_PARAMS, true, async (p) => {
      const s = await timeSeries(p);
      return csvFile(`time-series-${s.indicator.code}-${s.code}.csv`, timeSeriesCsv(s, delimiterOf(p)));
    }),
    '/download/time-series.json': download(TIME_SERIES_PARAMS, false, async (p) => {
      const s = await timeSeries(p);
      return jsonFile(`time-series-${s.indicator.code}-${s.code}.json`, timeSeriesJson(s));
    }),
    '/download/targets.csv': download(TARGET_PARAMS, true, async (p) => {
      const t = await targets(p);
      return csvFile(`targets-${t.code}-${t.period}.csv`, targetsCsv(t, delimiterOf(p)));
    }),
    '/download/targets.json': download(TARGET_PARAMS, false, async (p) => {
      const t = await targets(p);
      return jsonFile(`targets-${t.code}-${t.period}.json`, targetsJson(t));
    }),
  };
}

const SCOPE_PARAMS = ['county', 'municipality', 'offices', 'municipalities', 'peerOf', 'kostraGroup', 'allUnits'] as const;
const RANKING_PARAMS = ['indicator', 'period', 'latest', 'level', 'normalise', ...SCOPE_PARAMS, 'minPopulation', 'top', 'compareTo', 'rankBy'];
const COMPARE_PARAMS = ['offices', 'municipalities', 'indicators', 'periods'];
const TIME_SERIES_PARAMS = ['indicator', 'office', 'municipality'];
const TARGET_PARAMS = ['office', 'municipality', 'period'];

/** A query parameter the client got wrong; answered 400 naming it. */
class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

interface File {
  name: string;
  contentType: string;
  body: string;
}

type Params = URLSearchParams;

function download(allowed: string[], isCsv: boolean, make: (p: Params) => Promise<File>): RouteHandler {
  const known = new Set([...allowed, ...(isCsv ? ['delimiter'] : [])]);
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { error: `${url.pathname} answers GET only` });
    }
    try {
      for (const name of url.searchParams.keys()) {
        if (!known.has(name)) throw new ParameterError(name, `Unknown parameter "${name}"; ${url.pathname} takes ${[...known].join(', ')}.`);
      }
      send(res, await make(url.searchParams), req.method === 'HEAD');
    } catch (error) {
      if (error instanceof ParameterError) return sendJson(res, 400, { error: error.message, parameter: error.parameter });
      if (error instanceof ClientError) {
        // An unknown code is a parameter the client got wrong, not a missing resource: 400, naming it.
        const argument = error.extensions.argument as string | undefined;
        return sendJson(res, 400, { error: error.message, parameter: argument ? parameterOf(argument) : null });
      }
      throw error;
    }
  };
}

function send(res: ServerResponse, file: File, headOnly: boolean): void {
  const body = Buffer.from(file.body, 'utf8');
  // The ASCII name for old clients, the exact one (RFC 6266/5987) for the rest.
  const ascii = file.name.replace(/[^A-Za-z0-9._-]/g, '_');
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': body.length,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
  });
  res.end(headOnly ? undefined : body);
}

function csvFile(name: string, body: string): File {
  return { name, contentType: 'text/csv; charset=utf-8', body };
}

function jsonFile(name: string, body: unknown): File {
  return { name, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(body, null, 2)}\n` };
}

/** "scope.county" (a GraphQL argument path) → "county" (the query parameter). */
function parameterOf(path: string): string {
  return path.replace(/^scope\./, '').replace(/\[\d+\].*$/, '');
}

function one(p: Params, name: string): string | undefined {
  const values = p.getAll(name);
  if (values.length > 1) throw new ParameterError(name, `Give ${name} once.`);
  return values[0] === undefined ? undefined : values[0].trim();
}

function list(p: Params, name: string): string[] | undefined {
  const values = p
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
}

function bool(p: Params, name: string): boolean | undefined {
  const value = one(p, name);
  if (value === undefined) return undefined;
  if (['', 'true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  throw new ParameterError(name, `${name} must be true or false.`);
}

function int(p: Params, name: string): number | undefined {
  const value = one(p, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d{1,9}$/.test(value)) throw new ParameterError(name, `${name} must be a whole number.`);
  return Number(value);
}

function choice<T extends string>(p: Params, name: string, values: Record<string, T>): T | undefined {
  const value = one(p, name);
  if (value === undefined || value === '') return undefined;
  const found = Object.entries(values).find(([key]) => key.toLowerCase() === value.toLowerCase());
  if (!found) throw new ParameterError(name, `${name} must be one of ${Object.keys(values).map((k) => k.toLowerCase()).join(', ')}.`);
  return found[1];
}

function delimiterOf(p: Params): Delimiter {
  const value = one(p, 'delimiter');
  if (value === undefined || value === '' || value === ',' || value.toLowerCase() === 'comma') return ',';
  if (value === ';' || value.toLowerCase() === 'semicolon') return ';';
  throw new ParameterError('delimiter', 'delimiter must be comma or semicolon.');
}

/** Runs the same validation as the GraphQL arguments; the first problem names its parameter. */
function validated<T extends object>(args: T): T {
  const [problem] = problemsOf(args);
  if (problem) throw new ParameterError(parameterOf(problem.path), problem.message);
  return args;
}

function required(p: Params, name: string): string {
  const value = one(p, name);
  if (!value) throw new ParameterError(name, `${name} is required.`);
  return value;
}

function rankingArgs(p: Params): RankingArgs {
  const scope = Object.assign(new RankingScope(), {
    county: one(p, 'county'),
    municipality: one(p, 'municipality'),
    offices: list(p, 'offices'),
    municipalities: list(p, 'municipalities'),
    peerOf: one(p, 'peerOf'),
    kostraGroup: one(p, 'kostraGroup'),
    allUnits: bool(p, 'allUnits'),
  });
  return validated(
    Object.assign(new RankingArgs(), {
      indicator: required(p, 'indicator'),
      period: one(p, 'period') || undefined,
      latest: bool(p, 'latest'),
      level: choice(p, 'level', RankingLevel),
      normalise: choice(p, 'normalise', Normalisation),
      scope: SCOPE_PARAMS.some((name) => p.has(name)) ? scope : undefined,
      minPopulation: int(p, 'minPopulation'),
      top: int(p, 'top'),
      compareTo: one(p, 'compareTo') || undefined,
      rankBy: choice(p, 'rankBy', RankBy),
    }),
  );
}

function compareArgs(p: Params): CompareArgs {
  const indicators = list(p, 'indicators');
  const periods = list(p, 'periods');
  if (!indicators) throw new ParameterError('indicators', 'indicators is required: one or more indicator codes, comma-separated.');
  if (!periods) throw new ParameterError('periods', 'periods is required: one or more periods, comma-separated, e.g. 2017,2018.');
  return validated(Object.assign(new CompareArgs(), { offices: list(p, 'offices'), municipalities: list(p, 'municipalities'), indicators, periods }));
}

function timeSeriesArgs(p: Params): TimeSeriesArgs {
  return validated(
    Object.assign(new TimeSeriesArgs(), { indicator: required(p, 'indicator'), office: one(p, 'office') || undefined, municipality: one(p, 'municipality') || undefined }),
  );
}

function targetArgs(p: Params): TargetAttainmentArgs {
  return validated(
    Object.assign(new TargetAttainmentArgs(), { office: one(p, 'office') || undefined, municipality: one(p, 'municipality') || undefined, period: required(p, 'period') }),
  );
}
