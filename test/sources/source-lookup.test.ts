import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/app';
import { insertFixture } from '../comparison/fixtures';
import { createTestHub } from '../support/hub';
import { only } from '../support/indexed';

/**
 * A source found again by its global id, and the documents of an office or a municipality. Every
 * place and document here is test data: Testkommune 1 (9901), NAV Testdalen (99901), NAV Testvik
 * (99902), and documents of the publisher Testkommune.
 */
let hub: Hub;
beforeAll(async () => {
  hub = await createTestHub();
  await insertFixture(hub.db, {
    counties: [{ code: '99', name: 'Testfylke' }],
    municipalities: [{ code: '9901', name: 'Testkommune 1', county: '99' }],
    offices: [
      { code: '99901', name: 'NAV Testdalen', county: '99', municipalities: ['9901'] },
      { code: '99902', name: 'NAV Testvik', county: '99' },
    ],
  });
  await hub.db.pool.query(
    `INSERT INTO sources (document_key, title, publisher, office_id, municipality_id, report_year, format, sha256)
     VALUES ('test-office-report', 'Testkilde: årsmelding for NAV Testdalen', 'Testkommune', (SELECT id FROM offices WHERE code = '99901'), NULL, 2019, 'test', 'sha-office-report'),
            ('test-municipality-table', 'Testkilde: tabell for Testkommune 1', 'Testkommune', NULL, (SELECT id FROM municipalities WHERE code = '9901'), 2018, 'test', 'sha-municipality-table')`,
  );
});
afterAll(async () => {
  await hub?.close();
});

const sourceId = (sha256: string) => Buffer.from(`Source:${sha256}`).toString('base64');

interface FoundSource {
  __typename: string;
  id: string;
  title: string;
  version: number;
  isCurrent: boolean;
  office: { code: string } | null;
  municipality: { code: string } | null;
}

const SOURCE_FIELDS = '__typename ... on Source { id title version isCurrent office { code } municipality { code } }';

describe('a source by its global id', () => {
  it('is the document whose id a list gave', async () => {
    const listed = await hub.execute<{ sources: { nodes: { id: string; title: string }[] } }>('{ sources(office: "99901") { nodes { id title } } }');
    expect(listed.errors).toBeUndefined();
    const { id, title } = only(listed.data!.sources.nodes, 'documents of NAV Testdalen');
    expect(id).toBe(sourceId('sha-office-report'));
    const found = await hub.execute<{ node: FoundSource | null }>(`{ node(id: "${id}") { ${SOURCE_FIELDS} } }`);
    expect(found.errors).toBeUndefined();
    expect(found.data!.node).toEqual({ __typename: 'Source', id, title, version: 1, isCurrent: true, office: { code: '99901' }, municipality: null });
  });

  it('is null, without an error, where no imported document has that checksum', async () => {
    const found = await hub.execute<{ node: FoundSource | null }>(`{ node(id: "${sourceId('sha-never-imported')}") { ${SOURCE_FIELDS} } }`);
    expect(found.errors).toBeUndefined();
    expect(found.data).toEqual({ node: null });
  });
});

describe('the documents of a place', () => {
  it("of a municipality are its own and those of the offices serving it, the newest report year first", async () => {
    const answer = await hub.execute<{ sources: { totalCount: number; nodes: { title: string; office: { code: string } | null; municipality: { code: string } | null }[] } }>(
      '{ sources(municipality: "9901") { totalCount nodes { title office { code } municipality { code } } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.sources).toEqual({
      totalCount: 2,
      nodes: [
        { title: 'Testkilde: årsmelding for NAV Testdalen', office: { code: '99901' }, municipality: null },
        { title: 'Testkilde: tabell for Testkommune 1', office: null, municipality: { code: '9901' } },
      ],
    });
  });

  it('of a known office without documents are none, without an error', async () => {
    const answer = await hub.execute<{ sources: { totalCount: number; nodes: unknown[] } }>('{ sources(office: "99902") { totalCount nodes { title } } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.sources).toEqual({ totalCount: 0, nodes: [] });
  });
});
