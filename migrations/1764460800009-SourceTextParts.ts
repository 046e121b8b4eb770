import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A source's text kept in parts of at most about a million characters (source_text_parts), not in
 * one `sources.content` value. Sent as one value, a document of 17.5 MB crossed to PostgreSQL as
 * one message and was copied whole several times on the way (the message, the parameter, the
 * compressed value), and on the embedded database those copies stay in the process: WebAssembly
 * memory, once touched, is never given back. An import of a 200,000-row file grew by about 115 MB
 * while its source row was written. Written a part at a time, no statement holds more than one.
 *
 * A source imported before keeps its text as one part.
 */
export class SourceTextParts1764460800009 implements MigrationInterface {
  name = 'SourceTextParts1764460800009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE source_text_parts (
        source_id integer NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        -- From 0; the text is the parts in this order, joined with nothing between them.
        part integer NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (source_id, part)
      )`);
    await q.query(`INSERT INTO source_text_parts (source_id, part, text) SELECT id, 0, content FROM sources WHERE content <> ''`);
    await q.query('ALTER TABLE sources DROP COLUMN content');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sources ADD COLUMN content text NOT NULL DEFAULT ''`);
    await q.query(`
      UPDATE sources s SET content = t.text
        FROM (SELECT source_id, string_agg(text, '' ORDER BY part) AS text FROM source_text_parts GROUP BY source_id) t
       WHERE t.source_id = s.id`);
    await q.query('ALTER TABLE sources ALTER COLUMN content DROP DEFAULT');
    await q.query('DROP TABLE source_text_parts');
  }
}
