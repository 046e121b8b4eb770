import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { loadReferenceData } from '../../src/modules/geography/reference-data';
import { createTestHub } from '../support/hub';

/**
 * A municipality's history as the API serves it, on SSB's reference data: Lardal (0728) was merged
 * into Larvik on 1 January 2018 (reference/data/kommunenummer_overgang_2013_2020_wide.csv), and the
 * merged Larvik has been 0712, 3805 and 3909.
 */

let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await loadReferenceData(hub.db);
});
afterAll(async () => {
  await hub?.close();
});

async function query<T>(text: string): Promise<T> {
  const result = await hub.execute<T>(text);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

describe('municipality history', () => {
  it('ends Lardal in 2017 and leads it to Larvik by its current code, with the county it last belonged to', async () => {
    const { municipality } = await query<{ municipality: Record<string, unknown> }>(
      '{ municipality(code: "0728") { name validToYear successors { code name } predecessors { code } changes { year kind } codes { code validToYear } county { code } } }',
    );
    expect(municipality).toEqual({
      name: 'Lardal',
      validToYear: 2017,
      successors: [{ code: '3909', name: 'Larvik' }],
      predecessors: [],
      changes: [{ year: 2018, kind: 'merged' }],
      codes: [{ code: '0728', validToYear: 2017 }],
      county: { code: '07' },
    });
  });

  it('gives the merged Larvik both municipalities it was made of, and no successor for a new code', async () => {
    const { municipality } = await query<{ municipality: { name: string; predecessors: { code: string; name: string }[]; successors: unknown[] } }>(
      '{ municipality(code: "0712", year: 2018) { name predecessors { code name } successors { code } } }',
    );
    expect(municipality.name).toBe('Larvik');
    expect(municipality.predecessors).toEqual([{ code: '0709', name: 'Larvik' }, { code: '0728', name: 'Lardal' }]);
    expect(municipality.successors).toEqual([]);
  });

  it('lists current and historical counties, current ones first', async () => {
    const { counties } = await query<{ counties: { code: string; name: string }[] }>('{ counties { code name } }');
    const nordland = counties.findIndex((c) => c.code === '18');
    const vestfold2017 = counties.findIndex((c) => c.code === '07');
    expect(nordland).toBeGreaterThanOrEqual(0);
    expect(vestfold2017).toBeGreaterThan(nordland);
    expect(counties[vestfold2017]!.name).toBe('Vestfold');
  });
});

describe('finding an office', () => {
  it('by its name, and says which argument is missing when neither code nor name is given', async () => {
    expect(await query('{ office(name: "NAV Bodø") { code } }')).toEqual({ office: { code: '24837' } });
    expect(await query('{ office(name: "NAV Atlantis") { code } }')).toEqual({ office: null });
    const result = await hub.execute('{ office { code } }');
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringContaining('office needs a code or a name'), extensions: { code: 'BAD_USER_INPUT', argument: 'code' } });
  });
});
