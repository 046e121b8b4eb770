import { describe, expect, it } from 'vitest';
import {
  assertReadableText,
  attachFootnotes,
  isBinary,
  metaFromOptions,
  numberedLines,
  officeNameFromText,
  resolveReportYear,
  unitWordsInLabel,
} from '../../src/import/adapters/common';
import { ImportError, type ExtractedFigure, type ImportDiagnostic } from '../../src/import/types';

/** What every adapter shares: telling text from binary content, the report's office and year, unit words and footnotes. */

function refusal(text: unknown): ImportDiagnostic {
  try {
    assertReadableText(text, 'rapport.txt');
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as ImportError).diagnostics[0]!;
  }
  throw new Error('the document was accepted');
}

describe('text or binary content', () => {
  it('takes a document as text while at most a tenth of it is control characters', () => {
    expect(isBinary(`${'a'.repeat(90)}${'\u0001'.repeat(10)}`)).toBe(false);
    expect(isBinary(`${'a'.repeat(89)}${'\u0001'.repeat(11)}`)).toBe(true);
    expect(isBinary(`${'a'.repeat(89)}${'\ufffd'.repeat(11)}`)).toBe(true);
    expect(isBinary('')).toBe(false);
  });

  it('judges by the first 16 KiB, so a long text with damage further down is still read as text', () => {
    expect(isBinary(`${'a'.repeat(16_384)}${'\u0001'.repeat(20_000)}`)).toBe(false);
  });

  it('refuses binary content naming the line of the first character no text holds', () => {
    expect(refusal(`Rapport\nNAV Testdalen\n${'\u0001'.repeat(20)}\nResultater\nSlutt`)).toEqual({
      code: 'BINARY_CONTENT',
      message: 'the document holds binary content (NUL bytes or mostly non-text characters); import its text instead',
      file: 'rapport.txt',
      line: 3,
    });
  });

  it('refuses a PDF on line 1 and says how to get its text', () => {
    expect(refusal('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n')).toEqual({
      code: 'BINARY_CONTENT',
      message: 'this is a PDF, not text; extract its text first (e.g. pdftotext -layout) and import that',
      file: 'rapport.txt',
      line: 1,
    });
  });

  it('refuses as empty a document of nothing but spaces, line breaks, no-break and zero-width spaces, and takes one with a single character more', () => {
    for (const blank of ['', ' \n\t\r\n', '\u00a0\u202f\u2007\u2009\u200a', '\ufeff\u200b\u200c\u200d\n', '\u3000\u2028\u1680']) {
      expect(refusal(blank)).toEqual({ code: 'EMPTY_DOCUMENT', message: 'the document is empty', file: 'rapport.txt', line: undefined });
      expect(() => assertReadableText(`${blank}x${blank}`, 'rapport.txt')).not.toThrow();
      expect(() => assertReadableText(`${blank}\u2060${blank}`, 'rapport.txt')).not.toThrow();
    }
  });

  it('refuses a document that is not text at all, saying what it got', () => {
    expect(refusal(null)).toMatchObject({ code: 'NOT_TEXT', message: 'expected the document as text, got null' });
    expect(refusal(42)).toMatchObject({ code: 'NOT_TEXT', message: 'expected the document as text, got number' });
  });
});

describe('what the caller knows about a document', () => {
  it('keeps only what the caller gave', () => {
    expect(Object.keys(metaFromOptions({ fileName: 'rapport.txt' }))).toEqual([]);
    expect(metaFromOptions({ reportYear: 2015, title: 'Testkilde årsrapport' })).toStrictEqual({ title: 'Testkilde årsrapport', reportYear: 2015 });
  });

  it('follows the document for the report year, and warns only when the caller says another year', () => {
    const warnings: ImportDiagnostic[] = [];
    expect(resolveReportYear(null, { reportYear: 2015 }, warnings)).toBe(2015);
    expect(resolveReportYear(2015, { reportYear: 2015 }, warnings)).toBe(2015);
    expect(resolveReportYear(2016, {}, warnings)).toBe(2016);
    expect(warnings).toEqual([]);
    expect(resolveReportYear(2016, { reportYear: 2015, fileName: 'rapport.txt' }, warnings)).toBe(2016);
    expect(warnings).toEqual([
      {
        code: 'REPORT_YEAR_MISMATCH',
        message: 'the document reads as a report for 2016 but the import says 2015; periods follow the document',
        file: 'rapport.txt',
      },
    ]);
  });
});

describe('the office a report is about', () => {
  it('is the office named most often, not the first one named', () => {
    expect(officeNameFromText('Samarbeid med NAV Nordland. NAV Bodø har 107 ansatte. NAV Bodø ligger i sentrum.')).toBe('NAV Bodø');
  });

  it('is the first named when two are named equally often', () => {
    expect(officeNameFromText('NAV Bodø og NAV Nordland')).toBe('NAV Bodø');
  });

  it('keeps a name of two parts whole, however the words are spaced', () => {
    expect(officeNameFromText('Årsrapport NAV  Nord-Aurdal 2015')).toBe('NAV Nord-Aurdal');
    expect(officeNameFromText('NAV Indre Østfold')).toBe('NAV Indre Østfold');
  });
});

describe('unit words in a label', () => {
  it('keeps the unit words as published, with or without a full stop', () => {
    expect(unitWordsInLabel('Utbetalt pr mnd')).toBe('pr mnd');
    expect(unitWordsInLabel('Utbetalt pr. mnd i kroner')).toBe('pr. mnd');
    expect(unitWordsInLabel('Utbetalt pr. mnd. i kroner')).toBe('pr. mnd.');
    expect(unitWordsInLabel('Søknader per  kvartal')).toBe('per  kvartal');
  });

  it('finds none in a longer word', () => {
    expect(unitWordsInLabel('Tiltak per årsverk')).toBeNull();
  });
});

describe('footnotes of published values (TEST DATA)', () => {
  const figure = (line: number, valueText: string): ExtractedFigure => ({
    label: 'Testkilde mottakere',
    period: '2015',
    periodText: '2015',
    valueText,
    targetText: null,
    quote: `Testkilde mottakere ${valueText}`,
    location: { line },
  });

  it('takes the first line after the value that starts with its marker, in either of its spellings', () => {
    const lines = numberedLines(['* Gjelder 2014', 'Testkilde mottakere 120*', 'Testkilde mottakere 130 (12)', '* Tallet er korrigert', '12) Ny beregning fra 2017', '(3) Anslag', '* Senere merknad'].join('\n'));
    const figures = [figure(2, '120*'), figure(3, '130 (12)'), figure(3, '140'), figure(3, '150 2)'), figure(3, '160 (3)')];
    attachFootnotes(figures, lines);
    expect(figures.map((f) => f.footnote)).toEqual(['Tallet er korrigert', 'Ny beregning fra 2017', undefined, undefined, 'Anslag']);
  });
});
