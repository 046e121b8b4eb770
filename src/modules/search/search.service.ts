import type { Database } from '../../db/database';
import { SEARCH_SQL } from './search.sql';
import { SearchField, SearchHit, SearchKind, SearchMatch } from './search.type';

interface SearchSqlRow {
  kind: SearchKind;
  id: number | null;
  key: string | null;
  field: SearchField;
  matched: string;
  tier: SearchMatch;
  similarity: number;
}

/** Finds counties, municipalities, offices and indicators by free text, forgiving case and accents. */
export class SearchService {
  constructor(private readonly db: Database) {}

  async search(query: string, limit: number): Promise<SearchHit[]> {
    const rows = await this.db.sql<SearchSqlRow>('search.everything', SEARCH_SQL, [query, limit]);
    return rows.map((r) =>
      Object.assign(new SearchHit(), { kind: r.kind, id: r.id, key: r.key, field: r.field, matched: r.matched, match: r.tier, similarity: r.similarity }),
    );
  }
}
