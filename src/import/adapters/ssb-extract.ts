import { parse as parseCsv } from 'csv-parse/sync';
import type { ExtractedDocument, ExtractedFigure, ImportDiagnostic } from '../types';
import { ImportError } from '../types';
import { assertReadableText, type FormatAdapter, metaFromOptions } from './common';

/**
 * An extract of SSB's Statbank figures per municipality in long form, one figure per line:
 *
 *   kommunenummer,kommunenavn,aar,maal,verdi,uttrekk
 *   1804,Bodø,2016,mottakere,1200,kommunedata.rds
 *
 * `kommunenummer` is the code in use in `aar` (Halden is 0101 in 2015), so the pipeline reads it
 * in that year. An empty `verdi` means the extract holds no figure (SSB suppressed it or the
 * extract dropped it): it is kept as "not published", never as zero.
 */
const COLUMNS = ['kommunenummer', 'kommunenavn', 'aar', 'maal', 'verdi'] as const;

/**
 * The extract's measures (`maal`) and the canonical indicators they are, as SSB defines them in
 * table 12210 (see the taxonomy's external_codes). A measure not listed stays an unmapped label.
 */
export const SSB_EXTRACT_MEASURES: Readonly<Record<string, string>> = {
  mottakere: 'social_assistance.recipients_yearly',
  mottakere_18_24: 'social_assistance.recipients_18_24_yearly',
  mottakere_langtid_6mnd_pluss: 'social_assistance.long_term_recipients',
};

export const ssbExtractAdapter: FormatAdapter = {
  name: 'ssb-extract-csv',

  detect(text: string): number {
    const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]?.trim().toLowerCase() ?? '';
    return header.startsWith(COLUMNS.join(',')) ? 0.95 : 0;
  },

  parse(text: string, options = {}): ExtractedDocument {
    const file = options.fileName;
    assertReadableText(text, file);
    let rows: string[][];
    try {
      rows = parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
    } catch (error) {
      throw new ImportError([{ code: 'UNREADABLE_CSV', message: `the file is not readable CSV: ${(error as Error).message}`, file }]);
    }
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
    const missing = COLUMNS.filter((c) => !header.includes(c));
    if (missing.length) {
      throw new ImportError([{ code: 'MISSING_COLUMNS', message: `the header lacks ${missing.join(', ')}; expected ${COLUMNS.join(',')}`, file, line: 1 }]);
    }
    const col = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
    const extractCol = header.indexOf('uttrekk');

    const figures: ExtractedFigure[] = [];
    const problems: ImportDiagnostic[] = [];
    // csv-parse skips blank lines, so rows are matched to their line by walking the text.
    let lineNo = 1;
    for (const row of rows.slice(1)) {
      do lineNo += 1;
      while (lines[lineNo - 1]?.trim() === '');
      const cell = (name: (typeof COLUMNS)[number]) => (row[col[name]] ?? '').trim();
      const code = cell('kommunenummer');
      const year = cell('aar');
      const measure = cell('maal');
      const value = cell('verdi');
      const where = (column: string) => ({ file, line: lineNo, cell: `column "${column}"` });
      if (!/^\d{4}$/.test(code)) problems.push({ code: 'BAD_MUNICIPALITY_CODE', message: `"${code}" is not a four-digit municipality code`, ...where('kommunenummer') });
      if (!/^\d{4}$/.test(year)) problems.push({ code: 'BAD_YEAR', message: `"${year}" is not a year`, ...where('aar') });
      if (measure === '') problems.push({ code: 'NO_MEASURE', message: 'the measure (maal) is empty', ...where('maal') });
      if (value !== '' && !/^-?\d+([.,]\d+)?$/.test(value)) {
        problems.push({ code: 'UNREADABLE_NUMBER', message: `"${value}" is not a number; leave the cell empty for a figure that is not published`, ...where('verdi') });
      }
      if (problems.length) continue;
      const extract = extractCol >= 0 ? (row[extractCol] ?? '').trim() : '';
      figures.push({
        label: measure,
        period: year,
        periodText: year,
        valueText: value === '' ? null : value,
        targetText: null,
        quote: lines[lineNo - 1]?.trim() ?? row.join(','),
        location: { line: lineNo, cell: `${cell('kommunenavn')} ${year}, ${measure}${extract ? ` (${extract})` : ''}` },
        area: { kind: 'municipality', code },
        indicatorCode: SSB_EXTRACT_MEASURES[measure],
        flags: value === '' ? ['not_published'] : [],
      });
    }
    if (problems.length) throw new ImportError(problems);
    return { format: 'ssb-extract-csv', meta: metaFromOptions(options), figures, warnings: [] };
  },
};
