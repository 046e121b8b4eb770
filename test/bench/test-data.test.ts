import { describe, expect, it } from 'vitest';
import { curatorCsv, jsonStatDataset, jsonStatMapping } from '../../bench/test-data';
import { parseCuratorCsv } from '../../src/import/adapters/curator';
import { parseJsonStat } from '../../src/import/adapters/jsonstat';
import { parseJsonStatMapping } from '../../src/import/adapters/jsonstat-mapping';
import type { ExtractedFigure } from '../../src/import/types';

/**
 * The import bench compares its two formats on the same figures: the JSON-stat dataset and its
 * mapping must give what the curator CSV gives, office by office and year by year, the withheld
 * figures included.
 */

const YEARS = [2019, 2020, 2021];
const OFFICES = 200;

const comparable = (figures: ExtractedFigure[]) =>
  // The value as published (the curator CSV's are read into numbers later, in the plan); an empty
  // cell and a JSON null are both a withheld figure.
  figures.map((f) => ({ area: f.area, indicator: f.indicatorCode, period: f.period, published: f.valueText === '' ? null : f.valueText })).sort(
    (a, b) => `${a.area?.code} ${a.period}`.localeCompare(`${b.area?.code} ${b.period}`),
  );

describe('the import bench test data', () => {
  it('gives the same figures as a curator CSV and as a JSON-stat dataset with its mapping', () => {
    const csv = parseCuratorCsv(curatorCsv(OFFICES, YEARS), { fileName: 'bench.csv' }).figures;
    const jsonstat = parseJsonStat(jsonStatDataset(OFFICES, YEARS), { fileName: 'bench.json', jsonstatMapping: parseJsonStatMapping(jsonStatMapping(OFFICES), 'bench.yaml') }).figures;
    expect(csv).toHaveLength(OFFICES * YEARS.length);
    expect(comparable(jsonstat)).toEqual(comparable(csv));
    // Every 97th office withholds its latest figure, in both.
    expect(comparable(jsonstat).filter((f) => f.published === null).map((f) => `${f.area?.code} ${f.period}`)).toEqual(['BENCH-0097 2021', 'BENCH-0194 2021']);
  });
});
