import { z } from 'zod';
import { column, parseRows } from '../src/db/rows';

/**
 * What checking rows costs on the hub's widest hot path: 4,000 rows shaped like a ranking's
 * (about 70 columns, numeric as text, nullable fields, text arrays), parsed with a schema built
 * once. Beside it, for scale, the same rows written to JSON and read back, a cost of the order a
 * response pays anyway. Prints CPU milliseconds per 4,000 rows (CPU, not wall time, so that other
 * work on the machine counts less): `npm run build && node dist/bench/rows.js`.
 */

const ROWS = 4000;
const text = z.string();
const numeric = column.numeric.nullable();
const texts = z.array(z.string()).nullable();

const shape: Record<string, z.ZodType> = {
  unit_id: column.int.nullable(),
  code: text,
  name: text,
  rank: column.int.nullable(),
  ranked: column.int,
  source_count: column.int,
  period_count: column.int,
  derived_count: column.int,
  target_met: z.boolean().nullable(),
  flags: texts,
  approximate: texts,
  inconsistent: texts,
  unknown_county: z.boolean(),
};
for (let i = 0; i < 25; i++) shape[`numeric_${i}`] = numeric;
for (let i = 0; i < 25; i++) shape[`text_${i}`] = text.nullable();
for (let i = 0; i < 7; i++) shape[`year_${i}`] = column.int.nullable();
const RankingLike = z.object(shape);

function row(i: number): Record<string, unknown> {
  const r: Record<string, unknown> = {
    unit_id: i, code: String(1000 + i), name: `Testkommune ${i}`, rank: i + 1, ranked: ROWS, source_count: 1, period_count: 1, derived_count: 0,
    target_met: null, flags: ['provisional'], approximate: null, inconsistent: null, unknown_county: false,
  };
  for (let k = 0; k < 25; k++) r[`numeric_${k}`] = k % 5 === 0 ? null : `${i}.${k}25`;
  for (let k = 0; k < 25; k++) r[`text_${k}`] = k % 4 === 0 ? null : `text ${k} of row ${i}`;
  for (let k = 0; k < 7; k++) r[`year_${k}`] = 2020 + k;
  return r;
}

function measure(runs: number, work: () => unknown): (q: number) => string {
  for (let i = 0; i < 20; i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return (q: number) => (times[Math.floor(q * (times.length - 1))] ?? Number.NaN).toFixed(2);
}

function main(): void {
  const rows = Array.from({ length: ROWS }, (_, i) => row(i));
  const runs = 200;
  const parse = measure(runs, () => parseRows(RankingLike, 'bench.rows', rows));
  const json = measure(runs, () => JSON.parse(JSON.stringify(rows)) as unknown);
  const columns = Object.keys(shape).length;
  console.log(`checked ${ROWS} rows × ${columns} columns, CPU: median ${parse(0.5)} ms, p90 ${parse(0.9)} ms, min ${parse(0)} ms (${runs} runs)`);
  console.log(`same rows to JSON and back, CPU:     median ${json(0.5)} ms, p90 ${json(0.9)} ms, min ${json(0)} ms`);
}

main();
