import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createHub, type Hub } from '../src/app';
import { loadConfig } from '../src/config';
import { Database } from '../src/db/database';
import { createLogger } from '../src/logger';

/**
 * Benchmark (not a test) of the ranking over HTTP, as a client sees it.
 *
 *   npm run bench                                   embedded PGlite in memory
 *   DATABASE_URL=postgres://… npm run bench         a PostgreSQL server (in a schema of its own, dropped after)
 *   BENCH_REQUESTS=500 BENCH_CONCURRENCY=4 npm run bench
 *
 * Builds 400 offices, each serving one municipality with a population, and five years of one
 * indicator from five reports (set-based SQL), starts the hub on 127.0.0.1 with a test-like
 * configuration, and sends a bounded number of ranking requests: 2,000 by default, 8 at a time,
 * stopping after 60 seconds whatever the count. Prints requests per second, p50/p95 latency and
 * how many SQL statements one ranking sends.
 */

const OFFICES = 400;
const YEARS = [2019, 2020, 2021, 2022, 2023];
const REQUESTS = positive('BENCH_REQUESTS', 2000);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 8);
const MAX_SECONDS = positive('BENCH_MAX_SECONDS', 60);
const INDICATOR = 'social_assistance.recipients_monthly_avg';

const QUERY = `query Ranking {
  ranking(indicator: "${INDICATOR}", period: "2023", level: OFFICE) {
    period direction
    rows { rank name value changeFromPrevious percentile differenceFromMedian citation office { name } source { title url } }
    missing { name reason detail }
    coverage { ranked missing total }
    warnings
  }
}`;
const BARE_QUERY = `{ ranking(indicator: "${INDICATOR}", period: "2023") { rows { rank name value } } }`;

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
}

/** 400 offices × 5 years, every row written by one INSERT … SELECT per table. */
export async function insertData(db: Database): Promise<void> {
  const statements = [
    `INSERT INTO counties (code, name) VALUES ('99', 'Benchmark')`,
    `INSERT INTO municipalities (code, name, county_code)
     SELECT (1000 + g)::text, 'Kommune ' || g, '99' FROM generate_series(1, ${OFFICES}) g`,
    `INSERT INTO populations (municipality_id, year, published_code, total, age_18_24, age_20_66)
     SELECT m.id, y, m.code, 2000 + (m.id * 7919) % 150000, 200 + (m.id * 31) % 9000, 1200 + (m.id * 4099) % 90000
       FROM municipalities m CROSS JOIN generate_series(${YEARS[0]}, ${YEARS.at(-1)}) y`,
    `INSERT INTO offices (code, name, county_code, origin, valid_from_year)
     SELECT 'B' || g, 'NAV Kommune ' || g, '99', 'benchmark', 2014 FROM generate_series(1, ${OFFICES}) g`,
    `INSERT INTO office_areas (office_id, municipality_id, valid_from_year)
     SELECT o.id, m.id, 2014 FROM offices o JOIN municipalities m ON m.name = substr(o.name, 5)`,
    `INSERT INTO themes (code, name_nb, name_en) VALUES ('social_assistance', 'Sosialhjelp', 'Social assistance')`,
    `INSERT INTO indicators (code, name_nb, name_en, description, theme_code, unit, period_type, direction, population, taxonomy_version)
     VALUES ('${INDICATOR}', 'Mottakere per måned', 'Recipients per month', 'Benchmark indicator.', 'social_assistance',
             'persons', 'year_average_of_months', 'lower_is_better', 'recipients', 'bench')`,
    `INSERT INTO sources (document_key, title, publisher, report_year, url, format, sha256, content)
     SELECT 'bench-' || y, 'Årsmelding ' || y, 'Benchmark kommune', y, 'https://example.org/' || y, 'bench', md5('bench-' || y), 'benchmark'
       FROM generate_series(${YEARS[0]}, ${YEARS.at(-1)}) y`,
    `INSERT INTO raw_indicators (source_id, label, normalised_label, indicator_id)
     SELECT s.id, 'Samlet antall mottakere av sosialhjelp pr. mnd.', 'samlet antall mottakere av sosialhjelp pr. mnd.', i.id
       FROM sources s CROSS JOIN indicators i`,
    // Every 37th office withholds its figure, so the ranking has missing units too.
    `INSERT INTO observations (raw_indicator_id, indicator_id, source_id, office_id, period, year, period_text, value, published_value,
                               value_text, unit, quote, flags)
     SELECT r.id, r.indicator_id, s.id, o.id, s.report_year::text, s.report_year, 'Gjennomsnitt ' || s.report_year, v, v,
            coalesce(v::text, '..'), 'persons', r.label || ' ' || coalesce(v::text, '..'),
            CASE WHEN v IS NULL THEN ARRAY['suppressed'] ELSE '{}'::text[] END
       FROM offices o
       CROSS JOIN sources s
       JOIN raw_indicators r ON r.source_id = s.id
       CROSS JOIN LATERAL (SELECT CASE WHEN o.id % 37 = 0 THEN NULL ELSE (50 + (o.id * 31 + s.report_year * 17) % 400)::numeric END AS v) x`,
  ];
  for (const text of statements) await db.pool.query(text);
}

async function post(endpoint: string, query: string): Promise<void> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { errors?: { message: string }[] };
  if (res.status !== 200 || body.errors) throw new Error(`ranking failed (${res.status}): ${JSON.stringify(body.errors ?? body)}`);
}

async function statementsPerRequest(hub: Hub, endpoint: string, query: string): Promise<number> {
  const before = hub.db.statements.count;
  await post(endpoint, query);
  return hub.db.statements.count - before;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `bench_${randomBytes(4).toString('hex')}` : 'public';
  const config = loadConfig({ SEED: 'false', LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : {}) });
  const db = await Database.open({ url, schema, dataDir: 'memory://' });
  let hub: Hub | undefined;
  try {
    hub = await createHub(config, createLogger('silent'), { db });
    const loading = performance.now();
    await insertData(db);
    const loadMs = performance.now() - loading;
    const endpoint = await hub.listen(0, '127.0.0.1');

    const bare = await statementsPerRequest(hub, endpoint, BARE_QUERY);
    const full = await statementsPerRequest(hub, endpoint, QUERY);
    for (let i = 0; i < 20; i++) await post(endpoint, QUERY);

    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const deadline = started + MAX_SECONDS * 1000;
    const worker = async () => {
      while (next < REQUESTS && performance.now() < deadline) {
        next++;
        const t0 = performance.now();
        await post(endpoint, QUERY);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log(`Målestokk ranking benchmark (${db.kind === 'embedded' ? 'embedded PGlite' : 'PostgreSQL server'}, Node ${process.version})`);
    console.log(`  data:        ${OFFICES} offices × ${YEARS.length} years = ${OFFICES * YEARS.length} observations of one indicator, loaded in ${ms(loadMs)}`);
    console.log('  query:       ranking(period 2023, office level) with office, source, citation, missing, coverage and warnings');
    console.log(`  statements:  ${bare} SQL statement for the ranking alone; ${full} with office and source objects (one batched statement each)`);
    console.log(`  requests:    ${latencies.length} in ${seconds.toFixed(1)} s, ${CONCURRENCY} at a time${latencies.length < REQUESTS ? ` (stopped at ${MAX_SECONDS} s)` : ''}`);
    console.log(`  throughput:  ${(latencies.length / seconds).toFixed(1)} requests/s`);
    console.log(`  latency:     p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(latencies.at(-1) ?? 0)}`);
  } finally {
    if (url) await db.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    if (hub) await hub.close();
    else await db.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
