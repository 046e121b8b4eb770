import { describe, expect, it } from 'vitest';
import { StatementVariants } from '../../src/db/variants';

// A statement switched like a ranking: $2 a level, $3 a mode, $4 and $5 a scope, $1 and $6 values.
const TEXT = `SELECT * FROM figures f
 WHERE f.indicator = $1::text AND CASE $2::text WHEN 'office' THEN f.office_id IS NOT NULL ELSE true END
   AND ($3::boolean OR f.period = $6::text)
   AND ($4::text IS NULL OR f.county = $4::text) AND ($5::text[] IS NULL OR f.code = ANY($5::text[]))`;
const SPEC = { literal: [2, 3], nullGroups: [[4, 5], [6]] };

describe('statement variants', () => {
  it('write the switches in as constants and number the parameters left without gaps', () => {
    const variants = new StatementVariants('test.figures', TEXT, SPEC);
    const s = variants.statement(['recipients', 'office', false, null, null, '2020']);
    expect(s.name).toMatch(/^test\.figures#[0-9a-f]{12}$/);
    expect(s.values).toEqual(['recipients', '2020']);
    expect(s.text).toBe(`SELECT * FROM figures f
 WHERE f.indicator = $1::text AND CASE 'office'::text WHEN 'office' THEN f.office_id IS NOT NULL ELSE true END
   AND (false::boolean OR f.period = $2::text)
   AND (NULL::text IS NULL OR f.county = NULL::text) AND (NULL::text[] IS NULL OR f.code = ANY(NULL::text[]))`);
  });

  it('keep a group as parameters when any of it is given, and reuse a variant for other values', () => {
    const variants = new StatementVariants('test.figures', TEXT, SPEC);
    const first = variants.statement(['recipients', 'county', true, '18', null, null]);
    expect(first.name).toMatch(/^test\.figures#[0-9a-f]{12}$/);
    expect(first.name).not.toBe(variants.statement(['recipients', 'office', true, '18', null, null]).name);
    expect(first.values).toEqual(['recipients', '18', null]);
    expect(first.text).toContain('($2::text IS NULL OR f.county = $2::text) AND ($3::text[] IS NULL OR f.code = ANY($3::text[]))');
    expect(first.text).toContain('(true::boolean OR f.period = NULL::text)');
    const second = variants.statement(['sick_leave', 'county', true, null, ['1804'], null]);
    expect(second).toEqual({ name: first.name, text: first.text, values: ['sick_leave', null, ['1804']] });
    expect(variants.size).toBe(2);
  });

  it('run the full statement past the cap, and for a value that is not a plain word', () => {
    const variants = new StatementVariants('test.figures', TEXT, { ...SPEC, maxVariants: 1 });
    variants.statement(['recipients', 'office', false, null, null, '2020']);
    const values = ['recipients', 'county', false, null, null, '2020'];
    expect(variants.statement(values)).toEqual({ name: 'test.figures', text: TEXT, values });
    const hostile = ['recipients', "office' OR true --", false, null, null, '2020'];
    expect(new StatementVariants('test.figures', TEXT, SPEC).statement(hostile)).toEqual({ name: 'test.figures', text: TEXT, values: hostile });
    expect(variants.size).toBe(1);
  });

  it('refuse a statement that uses a switch without its type', () => {
    expect(() => new StatementVariants('test.untyped', 'SELECT $1::text WHERE $2', { literal: [2], nullGroups: [] })).toThrow(
      'statement test.untyped: parameter $2 is used without a type cast at offset 22',
    );
  });
});
