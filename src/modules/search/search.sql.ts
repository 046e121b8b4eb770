/**
 * The one home of the search rule, used by `search(query:)` and by the `search` argument of
 * `municipalities`, `offices` and `indicators`, so that a name found one way is found every way.
 *
 * A query and every searched text are compared in the normal form of search_text() (lower case,
 * no accents: "NAV Bodø" → "nav bodo"), with every run of other characters than letters and digits
 * read as one space. Every word of the query must occur in the text. How well it matches is a tier,
 * lower is better:
 *   0 EXACT       the text is the query ("bodo" → Bodø, "nav bodo" → NAV Bodø)
 *   1 PREFIX      the text starts with the query ("kristian" → Kristiansand, Kristiansund)
 *   2 WORD_PREFIX every word of the query starts a word of the text ("bodo" → NAV Bodø)
 *   3 SUBSTRING   every word occurs somewhere in the text ("fravaer" → sykefravær)
 *   4 SIMILAR     a word of four letters or more that does not occur resembles one that does
 *                 (pg_trgm word similarity ≥ 0.6: "kristiansnd" → Kristiansund); only when no unit
 *                 of the same kind matches better, so that a misspelt name finds what was meant
 *                 while a correct one does not drag in its look-alikes (Kristiansand for Kristiansund)
 * Within a tier, trigram similarity of the whole query and the text orders the hits.
 *
 * A fragment `*_HITS(param)` yields the best hit of each unit: (id, field, matched, tier, similarity),
 * where `field` names what matched and `matched` is that text as published.
 */

/** Word similarity a misspelt word needs to match (pg_trgm's own default threshold). */
export const SIMILAR_WORD_THRESHOLD = 0.6;
/** Shorter words must occur as written: three letters resemble too many words. */
export const SIMILAR_WORD_MIN_LENGTH = 4;

/** The normal form of a text: search_text() with every run of other characters than letters and digits as one space. */
const NORMAL = (text: string) => `btrim(regexp_replace(search_text(${text}), '[^[:alnum:]]+', ' ', 'g'))`;

/** One row: the query's words and the words joined by single spaces; no row without a query. */
const QUERY = (param: string) => `
      SELECT array_to_string(w.words, ' ') AS phrase, w.words
        FROM (SELECT ARRAY(SELECT x FROM regexp_split_to_table(${NORMAL(`${param}::text`)}, ' ') x WHERE x <> '') AS words) w
       WHERE ${param}::text IS NOT NULL AND cardinality(w.words) > 0`;

/**
 * The best hit per unit among `candidates` (id, field, text, matched, min_tier, max_tier): `text`
 * is compared, `matched` is shown; a candidate counts only with a tier between its min_tier and
 * max_tier (a code must be given whole or as its start; words spread over an indicator's code and
 * names are at best a SUBSTRING hit).
 *
 * Each candidate is paired with each word and the word tests are aggregated (bool_and), rather
 * than tested in a subquery per candidate: the planner costs such subqueries so high that a
 * server with JIT compiles the statement for seconds to save milliseconds.
 */
const BEST_HIT = (candidates: string, param: string) => `
    SELECT b.id, b.field, b.matched, b.tier, b.similarity
      FROM (
        SELECT h.*, min(h.tier) OVER () AS best_tier
          FROM (
            SELECT DISTINCT ON (x.id) x.id, x.field, x.matched, greatest(s.tier, x.min_tier) AS tier,
                   search_similarity(x.phrase, x.t) AS similarity
              FROM (
                SELECT c.id, c.field, c.matched, c.min_tier, c.max_tier, n.t, q.phrase,
                       bool_and(position(' ' || w.word IN ' ' || n.t) > 0) AS word_starts,
                       bool_and(position(w.word IN n.t) > 0) AS words_occur,
                       bool_and(position(w.word IN n.t) > 0
                                OR (length(w.word) >= ${SIMILAR_WORD_MIN_LENGTH}
                                    AND search_word_similarity(w.word, n.t) >= ${SIMILAR_WORD_THRESHOLD})) AS words_resemble
                  FROM (${QUERY(param)}) q
                  CROSS JOIN (${candidates}) c
                  CROSS JOIN LATERAL (SELECT ${NORMAL('c.text')} AS t OFFSET 0) n
                  CROSS JOIN unnest(q.words) AS w(word)
                 GROUP BY c.id, c.field, c.matched, c.min_tier, c.max_tier, n.t, q.phrase
              ) x
              CROSS JOIN LATERAL (
                SELECT CASE
                         WHEN x.t = x.phrase THEN 0
                         WHEN left(x.t, length(x.phrase)) = x.phrase THEN 1
                         WHEN x.word_starts THEN 2
                         WHEN x.words_occur THEN 3
                         WHEN x.words_resemble THEN 4
                       END AS tier) s
             WHERE s.tier <= x.max_tier
             ORDER BY x.id, greatest(s.tier, x.min_tier), similarity DESC, x.field
          ) h
      ) b
     WHERE b.tier < 4 OR b.best_tier = 4`;

/** Municipality units by their name, every name they were published under, and their codes. */
export const MUNICIPALITY_HITS = (param: string) =>
  BEST_HIT(
    `SELECT m.id, 'name' AS field, m.name AS text, m.name AS matched, 0 AS min_tier, 4 AS max_tier FROM municipalities m
     UNION ALL
     SELECT c.municipality_id, 'formerName', c.name, c.name, 0, 4
       FROM municipality_codes c JOIN municipalities m ON m.id = c.municipality_id WHERE c.name <> m.name
     UNION ALL
     SELECT m.id, 'code', m.code, m.code, 0, 1 FROM municipalities m
     UNION ALL
     SELECT c.municipality_id, 'code', c.code, c.code, 0, 1 FROM municipality_codes c`,
    param,
  );

/**
 * Offices by their name and every earlier name (NAV renamed many after 2020), each with or
 * without the "NAV" it starts with, and their code.
 */
export const OFFICE_HITS = (param: string) =>
  BEST_HIT(
    `SELECT n.id, n.field, v.text, n.name AS matched, 0 AS min_tier, 4 AS max_tier
       FROM (SELECT o.id, 'name' AS field, o.name FROM offices o
             UNION ALL
             SELECT o.id, 'formerName', f.name FROM offices o CROSS JOIN unnest(o.former_names) AS f(name)) n
      CROSS JOIN LATERAL (SELECT n.name AS text UNION ALL SELECT regexp_replace(n.name, '^NAV\\s+', '', 'i') WHERE n.name ~* '^NAV\\s') v
     UNION ALL
     SELECT o.id, 'code', o.code, o.code, 0, 1 FROM offices o`,
    param,
  );

/** Indicators by code and names; words spread over code and names are at best a SUBSTRING hit. */
export const INDICATOR_HITS = (param: string) =>
  BEST_HIT(
    `SELECT i.id, 'nameNb' AS field, i.name_nb AS text, i.name_nb AS matched, 0 AS min_tier, 4 AS max_tier FROM indicators i
     UNION ALL
     SELECT i.id, 'nameEn', i.name_en, i.name_en, 0, 4 FROM indicators i
     UNION ALL
     SELECT i.id, 'code', i.code, i.code, 0, 4 FROM indicators i
     UNION ALL
     SELECT i.id, 'names', concat_ws(' ', i.code, i.name_nb, i.name_en), i.name_nb, 3, 4 FROM indicators i`,
    param,
  );

/** Counties by name and two-digit number; `id` is the county number. */
export const COUNTY_HITS = (param: string) =>
  BEST_HIT(
    `SELECT c.code AS id, 'name' AS field, c.name AS text, c.name AS matched, 0 AS min_tier, 4 AS max_tier FROM counties c
     UNION ALL
     SELECT c.code, 'code', c.code, c.code, 0, 1 FROM counties c`,
    param,
  );

/**
 * search.everything: the best hits of every kind for one query, best first; counties before
 * municipalities before offices before indicators within the same tier and similarity; within a
 * tier, units that exist now before former ones. $1 query, $2 how many.
 */
export const SEARCH_SQL = `
SELECT kind, id, key, field, matched, tier, similarity::float8 AS similarity
  FROM (
    SELECT 'county' AS kind, 0 AS kind_order, NULL::int AS id, h.id AS key, h.field, h.matched, h.tier, h.similarity,
           c.valid_to_year IS NOT NULL AS former
      FROM (${COUNTY_HITS('$1')}) h JOIN counties c ON c.code = h.id
    UNION ALL
    SELECT 'municipality', 1, m.id, m.code, h.field, h.matched, h.tier, h.similarity, m.valid_to_year IS NOT NULL
      FROM (${MUNICIPALITY_HITS('$1')}) h JOIN municipalities m ON m.id = h.id
    UNION ALL
    SELECT 'office', 2, h.id, NULL, h.field, h.matched, h.tier, h.similarity, f.valid_to_year IS NOT NULL
      FROM (${OFFICE_HITS('$1')}) h JOIN offices f ON f.id = h.id
    UNION ALL
    SELECT 'indicator', 3, h.id, NULL, h.field, h.matched, h.tier, h.similarity, false FROM (${INDICATOR_HITS('$1')}) h
  ) hits
 ORDER BY tier, former, similarity DESC, kind_order, matched, id
 LIMIT $2`;
