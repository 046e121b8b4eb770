import { APPROXIMATION_SOURCE, NUMBER_SOURCE, normaliseSpaces } from '../normalise/number';
import type { ExtractedFigure, ImportDiagnostic } from '../types';
import type { NumberedLine } from './common';

/**
 * Figures a journalist wants from the running text of municipal NAV annual reports. Each pattern
 * reads one kind of sentence; the number, the period and the population words come from the
 * sentence, so a changed report gives changed figures. The label is built from the matched words
 * and is what reference/mappings/labels.yaml maps.
 */

export interface ProsePattern {
  name: string;
  /** Must be global; named groups: `value` (required), `year` and `periodText` (optional), others for the label. */
  pattern: RegExp;
  label(groups: Record<string, string | undefined>): string;
}

const NUM = `(?:${NUMBER_SOURCE})`;
/** A number with an optional hedge word before it, captured together so that `rundt 107` stays as published. */
const HEDGED = `(?:\\b${APPROXIMATION_SOURCE}\\s+)?${NUM}`;
const PERCENT = `${HEDGED}\\s?(?:%|prosent\\b)`;

function sentenceCase(text: string): string {
  const clean = normaliseSpaces(text);
  return clean.charAt(0).toUpperCase() + clean.slice(1);
}

function words(text: string | undefined): string {
  return normaliseSpaces(text ?? '').toLowerCase();
}

const DECREASE = /^(?:sank|falt|gikk\s+ned|ble\s+redusert|ble\s+lavere)$/i;

export const REPORT_PROSE_PATTERNS: readonly ProsePattern[] = [
  {
    name: 'transition-to-work',
    pattern: new RegExp(`(?<value>${PERCENT})\\s+overgang\\s+til\\s+arbeid\\s+for\\s+(?<who>[a-zæøå]+)`, 'gi'),
    label: (g) => `Overgang til arbeid for ${words(g.who)}`,
  },
  {
    name: 'placed-in-ordinary-work',
    pattern: new RegExp(
      `(?<value>${HEDGED})\\s+(?<who>brukere|personer|deltakere)\\s+(?:er\\s+|ble\\s+|har\\s+blitt\\s+)?formidlet\\s+(?:ut\\s+)?(?:i|til)\\s+ordinært\\s+arbeid`,
      'gi',
    ),
    label: (g) => `${sentenceCase(words(g.who))} formidlet til ordinært arbeid`,
  },
  {
    // Only the annual average. "Enkelte måneder ned på 2,8%" in the Bodø report is deliberately not read:
    // it names no month, so it has no period a figure could carry, and a best month is not the year's
    // sick leave; stored as the year's value it would be wrong, stored under its own label it would
    // still lack a period.
    name: 'sick-leave-annual-average',
    pattern: new RegExp(
      `(?<periodText>i\\s+gjennomsnitt\\s+for\\s+(?:året|(?<year>\\d{4})))\\s+(?:ble|var)\\s+sykefraværet\\s+(?<value>${PERCENT})\\s+for\\s+(?<who>hele\\s+kontoret|kontoret)`,
      'gi',
    ),
    label: (g) => `Sykefravær ${words(g.who)}, gjennomsnitt for året`,
  },
  {
    name: 'employees',
    pattern: new RegExp(
      `(?<value>${HEDGED})\\s+(?<who>kommunalt?\\s+og\\s+statlige?|statlige?\\s+og\\s+kommunalt?)\\s+ansatte`,
      'gi',
    ),
    label: () => 'Ansatte i kontoret, kommunalt og statlig',
  },
  {
    // Mindreforbruk and merforbruk get different labels so that the mapping can give them opposite signs.
    name: 'budget-deviation',
    pattern: new RegExp(
      `(?<kind>mindreforbruk|merforbruk)\\s+på\\s+(?<value>${HEDGED}\\s*(?:(?:mill|mrd)\\.?|millioner|milliarder|tusen)?\\s*(?:kr\\b\\.?|kroner))(?:\\s+for\\s+den\\s+(?<part>kommunale)\\s+delen)?`,
      'gi',
    ),
    label: (g) => `${sentenceCase(words(g.kind))}${g.part ? ', kommunal del av NAV' : ''}`,
  },
  {
    // "Andel mottakere … økte med 1,6 prosentpoeng i 2015": the published number is unsigned, so the verb
    // decides the label (`endring` for a rise, `nedgang` for a fall) and the mapping gives the sign.
    name: 'share-change-percentage-points',
    pattern: new RegExp(
      `(?<subject>\\bandel(?:en)?\\s+[^.,;]*?)\\s+(?:var\\s+[^.;]*?,\\s*og\\s+|har\\s+)?(?<verb>økte|økt|steg|gikk\\s+opp|sank|falt|gikk\\s+ned|ble\\s+redusert)\\s+med\\s+(?<value>${HEDGED}\\s*(?:prosentpoeng|%-poeng))(?:\\s+(?<periodText>i\\s+(?<year>\\d{4})))?`,
      'gi',
    ),
    label: (g) => `${sentenceCase(g.subject ?? '')}, ${DECREASE.test(words(g.verb)) ? 'nedgang' : 'endring'}`,
  },
];

const ABBREVIATIONS = new Set(['ca.', 'pr.', 'mnd.', 'kr.', 'mill.', 'nr.', 'bl.a.', 'f.eks.', 'jf.', 'dvs.', 'inkl.', 'ekskl.', 'mrd.', 'øk.']);

/** Whether a line reads as running text: several sentences, or one that ends with a full stop that is not an abbreviation's. */
export function isProseLine(text: string): boolean {
  if (splitSentences(text).length > 1) return true;
  const lastWord = /(\S+)$/.exec(text)?.[1]?.toLowerCase() ?? '';
  return /[.!?]$/.test(lastWord) && !ABBREVIATIONS.has(lastWord);
}

/** Sentences of one paragraph line; a full stop after `ca.`, `pr.`, `mill.` … does not end a sentence. */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const m of paragraph.matchAll(/[.!?]\s+(?=[A-ZÆØÅ\d«"“])/g)) {
    const end = m.index + 1;
    const lastWord = /(\S+)$/.exec(paragraph.slice(start, end))?.[1]?.toLowerCase() ?? '';
    if (ABBREVIATIONS.has(lastWord)) continue;
    sentences.push(paragraph.slice(start, end).trim());
    start = m.index + m[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

export interface ProseContext {
  /** Period for sentences that name no year: the year the report is about. */
  reportYear: number | null;
  file?: string;
}

function figureFromMatch(
  pattern: ProsePattern,
  m: RegExpMatchArray,
  sentence: string,
  line: number,
  context: ProseContext,
): ExtractedFigure | ImportDiagnostic {
  const groups = m.groups ?? {};
  const year = groups.year ? Number(groups.year) : context.reportYear;
  const label = pattern.label(groups);
  if (year === null) {
    return { code: 'NO_PERIOD', message: `"${label}" in this sentence names no year and the report year is unknown; pass reportYear`, file: context.file, line };
  }
  return {
    label,
    period: String(year),
    // A sentence without period words is about the report year; the brackets say the words are ours.
    periodText: groups.periodText ? normaliseSpaces(groups.periodText) : `(rapportåret ${year})`,
    valueText: normaliseSpaces(groups.value ?? ''),
    targetText: null,
    quote: sentence,
    location: { line },
  };
}

export function extractProseFigures(
  lines: readonly NumberedLine[],
  patterns: readonly ProsePattern[],
  context: ProseContext,
): { figures: ExtractedFigure[]; warnings: ImportDiagnostic[] } {
  const figures: ExtractedFigure[] = [];
  const warnings: ImportDiagnostic[] = [];
  for (const { line, raw } of lines) {
    for (const sentence of splitSentences(raw.trim())) {
      for (const pattern of patterns) {
        for (const m of sentence.matchAll(pattern.pattern)) {
          const result = figureFromMatch(pattern, m, sentence, line, context);
          if ('code' in result) warnings.push(result);
          else figures.push(result);
        }
      }
    }
  }
  return { figures, warnings };
}
