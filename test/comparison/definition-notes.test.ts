import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';
import { insertFixture } from './fixtures';

/**
 * A comparison that mixes two sources whose label mappings define an indicator differently says
 * so, quoting each definition with its sources. Test data: NAV Testdalen and NAV Testvik, each
 * with its own test report; the notes are what a curator would write on each mapping.
 */
const INDICATORS = {
  oneNote: 'social_assistance.recipients_monthly_avg',
  twoNotes: 'social_assistance.recipients_yearly',
  sameNote: 'social_assistance.recipients_under_25',
  noNotes: 'social_assistance.long_term_recipients',
};
const NOTES: Record<keyof typeof INDICATORS, [string | null, string | null]> = {
  oneNote: ['Personer med stønad i minst én måned', null],
  twoNotes: ['Alle mottakere i løpet av året', 'Mottakere med stønad i mer enn tre måneder'],
  sameNote: ['Mottakere under 25 år', 'Mottakere under 25 år'],
  noNotes: [null, null],
};
const SOURCES = [
  { key: 'test-a', office: '99901', title: 'Testkilde A: oppdiktet årsrapport 2018' },
  { key: 'test-b', office: '99902', title: 'Testkilde B: oppdiktet årsrapport 2018' },
];

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [
      { code: '9901', name: 'Testkommune 1', county: '99' },
      { code: '9902', name: 'Testkommune 2', county: '99' },
    ],
    offices: [
      { code: '99901', name: 'NAV Testdalen', county: '99', municipalities: ['9901'] },
      { code: '99902', name: 'NAV Testvik', county: '99', municipalities: ['9902'] },
    ],
    indicators: Object.values(INDICATORS).map((code) => ({ code, unit: 'persons', direction: 'lower_is_better' as const })),
    sources: SOURCES.map(({ key, title }) => ({ key, title, publisher: 'Testkommune', reportYear: 2018 })),
    observations: SOURCES.flatMap(({ key, office }, i) =>
      Object.values(INDICATORS).map((indicator) => ({ indicator, source: key, office, period: '2018', value: String(10 + i) })),
    ),
  });
  for (const [name, code] of Object.entries(INDICATORS) as [keyof typeof INDICATORS, string][]) {
    for (const [i, source] of SOURCES.entries()) {
      await hub.db.pool.query(
        `UPDATE raw_indicators r SET definition_note = $1
           FROM sources s, indicators i WHERE s.id = r.source_id AND i.id = r.indicator_id AND s.document_key = $2 AND i.code = $3`,
        [NOTES[name][i], source.key, code],
      );
    }
  }
});
afterAll(async () => {
  await hub?.close();
});

async function compareWarnings(indicator: string, offices = ['99901', '99902']): Promise<string[]> {
  const answer = await hub.execute<{ compare: { warnings: string[] } }>(
    `{ compare(offices: ${JSON.stringify(offices)}, indicators: ["${indicator}"], periods: ["2018"]) { warnings } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.compare.warnings.filter((w) => w.startsWith('The sources define'));
}

const [A, B] = SOURCES.map((s) => s.title);

describe('a comparison across sources that define an indicator differently', () => {
  it('quotes the one definition given, and says the other source gives none', async () => {
    expect(await compareWarnings(INDICATORS.oneNote)).toEqual([
      `The sources define ${INDICATORS.oneNote} differently: "Personer med stønad i minst én måned" (${A}) against no definition given (${B}); compare their figures only where the definitions agree.`,
    ]);
  });

  it('quotes both definitions with their sources', async () => {
    expect(await compareWarnings(INDICATORS.twoNotes)).toEqual([
      `The sources define ${INDICATORS.twoNotes} differently: "Alle mottakere i løpet av året" (${A}) against "Mottakere med stønad i mer enn tre måneder" (${B}); compare their figures only where the definitions agree.`,
    ]);
  });

  it('says nothing when the sources give the same definition, or none', async () => {
    expect(await compareWarnings(INDICATORS.sameNote)).toEqual([]);
    expect(await compareWarnings(INDICATORS.noNotes)).toEqual([]);
  });

  it('says nothing for figures of one source', async () => {
    expect(await compareWarnings(INDICATORS.oneNote, ['99901'])).toEqual([]);
  });
});
