import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { createTestHub } from '../support/hub';

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub({ seed: true });
});
afterAll(async () => {
  await hub?.close();
});

async function figure(code: string, year: number, indicator: string) {
  const rows = await hub.services.db.dataSource.query(
    `SELECT o.value::text AS value, o.flags, o.value_text AS "valueText", m.name
       FROM observations o
       JOIN indicators i ON i.id = o.indicator_id
       JOIN municipalities m ON m.id = o.municipality_id
       JOIN sources s ON s.id = o.source_id AND s.publisher = 'Statistisk sentralbyrå'
       JOIN municipality_codes c ON c.municipality_id = m.id AND c.code = $1
        AND $2 BETWEEN coalesce(c.valid_from_year, $2) AND coalesce(c.valid_to_year, $2)
      WHERE i.code = $3 AND o.year = $2 AND o.office_id IS NULL AND o.is_current AND o.derivation IS NULL`,
    [code, year, indicator],
  );
  return rows as { value: string | null; flags: string[]; valueText: string | null; name: string }[];
}

describe('SSB table 12210 on first start', () => {
  it('keeps the provenance a citation needs: publisher, table, extract, licence', async () => {
    const result = await hub.execute<{ sources: { edges: { node: { title: string; publisher: string; url: string; licence: string; provenance: string } }[] } }>(
      '{ sources(first: 10) { edges { node { title publisher url licence provenance } } } }',
    );
    const ssb = result.data!.sources.edges.map((e) => e.node).find((s) => s.publisher === 'Statistisk sentralbyrå');
    expect(ssb).toMatchObject({
      title: 'Statistikkbanken 12210: Sosialhjelpsmottakere per kommune 2015–2020 (uttrekk)',
      url: 'https://www.ssb.no/statbank/table/12210',
      licence: 'CC BY 4.0 (Kilde: Statistisk sentralbyrå)',
    });
    expect(ssb!.provenance).toMatch(/^Extract of table 12210 in kommunedata.rds and kommune.Rdat/);
  });

  it('holds the recipients of Bodø in 2016 and of Oslo in 2015 as SSB published them', async () => {
    expect(await figure('1804', 2016, 'social_assistance.recipients_yearly')).toMatchObject([{ value: '1200', valueText: '1200' }]);
    expect(await figure('0301', 2015, 'social_assistance.recipients_yearly')).toMatchObject([{ value: '19168' }]);
  });

  it('reads Halden under its 2015 code 0101 as the unit that is 3101 today', async () => {
    const [row] = await figure('0101', 2015, 'social_assistance.recipients_yearly');
    expect(row).toMatchObject({ value: '1183' });
    const [unit] = await hub.services.db.dataSource.query(
      `SELECT m.code FROM observations o JOIN municipalities m ON m.id = o.municipality_id JOIN indicators i ON i.id = o.indicator_id
        WHERE i.code = 'social_assistance.recipients_yearly' AND o.year = 2015 AND o.value = 1183 AND o.derivation IS NULL`,
    );
    expect(unit.code).toBe('3101');
  });

  it('keeps an empty cell of the extract as not published, never as zero', async () => {
    const [row] = await hub.services.db.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE o.value = 0)::int AS zeros
         FROM observations o WHERE 'not_published' = ANY(o.flags) AND o.value IS NULL`,
    );
    expect(row.n).toBeGreaterThan(0);
    const [zeros] = await hub.services.db.dataSource.query(
      `SELECT count(*)::int AS n FROM observations o JOIN sources s ON s.id = o.source_id
        WHERE s.publisher = 'Statistisk sentralbyrå' AND 'not_published' = ANY(o.flags) AND o.value IS NOT NULL`,
    );
    expect(zeros.n).toBe(0);
  });
});
