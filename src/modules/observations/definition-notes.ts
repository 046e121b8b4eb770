import { z } from 'zod';
import type { Database } from '../../db/database';
import { column } from '../../db/rows';

/** A definition note of an indicator, with the sources that made it and how many notes the indicator has. */
const NoteRow = z.object({ code: z.string(), note: z.string().nullable(), titles: z.string(), notes: column.int });

/** A figure shown in a ranking or comparison: which indicator, from which source. */
export interface FigureSource {
  indicatorId: number;
  sourceId: number | null;
}

/**
 * Warnings for an answer that mixes sources whose mappings say different things about an
 * indicator's definition (raw_indicators.definition_note): one per indicator, quoting every note
 * with the sources that made it, so a reader sees both assumptions instead of one silent ranking.
 * Nothing is said while no source gives a note.
 */
export async function definitionNoteWarnings(db: Database, figures: readonly FigureSource[]): Promise<string[]> {
  const pairs = figures.filter((f) => f.sourceId !== null).map((f) => ({ indicator_id: f.indicatorId, source_id: f.sourceId }));
  // One source cannot disagree with itself; not asking keeps a one-source ranking one statement.
  if (new Set(pairs.map((p) => p.source_id)).size < 2) return [];
  const rows = await db.rows(
    NoteRow,
    'observations.definition_notes',
    `WITH shown AS (SELECT DISTINCT k.indicator_id, k.source_id FROM json_to_recordset($1::json) AS k(indicator_id int, source_id int)),
     notes AS (
       SELECT i.code, r.definition_note AS note, string_agg(DISTINCT s.title, '; ' ORDER BY s.title) AS titles
         FROM shown k
         JOIN raw_indicators r ON r.source_id = k.source_id AND r.indicator_id = k.indicator_id
         JOIN sources s ON s.id = k.source_id
         JOIN indicators i ON i.id = k.indicator_id
        GROUP BY i.code, r.definition_note
     )
     SELECT code, note, titles, (count(*) OVER (PARTITION BY code))::int AS notes,
            count(note) OVER (PARTITION BY code) AS with_note
       FROM notes
      ORDER BY code, note NULLS LAST`,
    [JSON.stringify(pairs)],
  );
  const byIndicator = new Map<string, DefinitionNote[]>();
  for (const r of rows) {
    if (r.notes < 2) continue;
    byIndicator.set(r.code, [...(byIndicator.get(r.code) ?? []), { note: r.note, titles: r.titles }]);
  }
  return [...byIndicator].map(([code, notes]) => definitionNoteWarning(code, notes)).filter((w): w is string => w !== null);
}

/** One definition note and the sources that made it. */
export interface DefinitionNote {
  note: string | null;
  titles: string;
}

/**
 * The warning for an indicator whose sources' notes differ, quoting every note with its sources;
 * null when there is one note or none at all. The ranking SQL returns the notes with its figures.
 */
export function definitionNoteWarning(code: string, notes: readonly DefinitionNote[] | null): string | null {
  if (!notes || notes.length < 2 || notes.every((n) => n.note === null)) return null;
  return `The sources define ${code} differently: ${notes.map((n) => (n.note === null ? `no definition given (${n.titles})` : `"${n.note}" (${n.titles})`)).join(' against ')}; compare their figures only where the definitions agree.`;
}
