import { z } from 'zod';
import type { Database } from '../../db/database';
import { column } from '../../db/rows';
import { SEARCH_SQL } from './search.sql';
import { SearchField, SearchHit, SearchKind, SearchMatch } from './search.type';

/** A hit of SEARCH_SQL: a unit by its id (a county by its key, its code), and how it matched. */
const SearchSqlRow = z.object({
  kind: z.enum(SearchKind),
  id: column.int.nullable(),
  key: z.string().nullable(),
  field: z.enum(SearchField),
  matched: z.string(),
  tier: z.enum(SearchMatch),
  similarity: column.float,
});

/** Finds counties, municipalities, offices and indicators by free text, forgiving case and accents. */
export class SearchService {
  constructor(private readonly db: Database) {}

  async search(query: string, limit: number): Promise<SearchHit[]> {
    const rows = await this.db.rows(SearchSqlRow, 'search.everything', SEARCH_SQL, [query, limit]);
    return rows.map((r) =>
      Object.assign(new SearchHit(), { kind: r.kind, id: r.id, key: r.key, field: r.field, matched: r.matched, match: r.tier, similarity: r.similarity }),
    );
  }
}
