import type { Hub } from '../../src/app';
import type { Database } from '../../src/db/database';
import { insertFixture } from '../comparison/fixtures';

/** Invented figures for invented places: test data, not any municipality's. */
export const MONTHLY = 'social_assistance.recipients_monthly_avg';

export async function insertTestMunicipalities(db: Database): Promise<void> {
  await insertFixture(db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [
      { code: '9901', name: 'Testkommune A', county: '99' },
      { code: '9902', name: 'Testkommune B', county: '99' },
      { code: '9903', name: 'Testkommune Å', county: '99' },
    ],
    indicators: [{ code: MONTHLY, unit: 'persons', direction: 'lower_is_better', periodType: 'year_average_of_months' }],
    sources: [{ key: 'test-2018', title: 'Testdata 2018', publisher: 'Test source', reportYear: 2018 }],
    observations: [
      { indicator: MONTHLY, source: 'test-2018', municipality: '9901', period: '2018', value: '100' },
      { indicator: MONTHLY, source: 'test-2018', municipality: '9902', period: '2018', value: '200' },
    ],
  });
}

export const RANKING = `query MonthlyRanking { ranking(indicator: "${MONTHLY}", period: "2018", level: MUNICIPALITY) { rows { rank name value } } }`;

/** A curator CSV (test data) with a figure for Testkommune Å, ranked first at 50 recipients a month. */
export function testkommuneC(value = '50', label = 'Mottakere per måned (testdata)', indicator: string = MONTHLY): string {
  return [
    'area_kind,area_code,label,period,value,target,unit,indicator,quote,source_title,source_url,publisher,report_year',
    `municipality,9903,${label},2018,${value},,,${indicator},,Testdata C 2018,https://example.org/testdata-c-${value},Test source,2018`,
  ].join('\n');
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: { ranking?: { rows: { rank: number; name: string; value: number }[] } }; errors?: { message: string }[] };
  /** SQL statements the hub sent while answering. */
  statements: number;
}

export async function post(hub: Hub, url: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>): Promise<Answer> {
  return answer(hub, () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) }));
}

export async function get(hub: Hub, url: string, params: Record<string, string>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }): Promise<Answer> {
  return answer(hub, () => fetch(`${url}?${new URLSearchParams(params).toString()}`, { headers }));
}

async function answer(hub: Hub, send: () => Promise<Response>): Promise<Answer> {
  const before = hub.db.statements.count;
  const res = await send();
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : {}, statements: hub.db.statements.count - before };
}

export function names(a: Answer): string[] {
  return a.json.data?.ranking?.rows.map((r) => r.name) ?? [];
}
