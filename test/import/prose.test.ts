import { describe, expect, it } from 'vitest';
import { numberedLines } from '../../src/import/adapters/common';
import { extractProseFigures, isProseLine, REPORT_PROSE_PATTERNS, splitSentences } from '../../src/import/adapters/prose';

/**
 * Figures read from running text. The first sentences are NAV Bodø's annual report 2015 as printed
 * (reference/seeds/000_796170f9ef8d8241.txt); the sentences marked TEST DATA are variants written for
 * these tests (other verbs, years, a missing report year) and quote no real report.
 */
const BODO = [
  'Andel mottakere med sosialhjelp som hovedinntektskilde var synkende i perioden frem til 2014, og økte med 1,6 prosentpoeng i 2015.',
  'NAV Bodø fikk et samlet mindreforbruk på vel 2 mill kr for den kommunale delen av NAV.',
  'I gjennomsnitt for året ble sykefraværet 4,5% for hele kontoret, men for den kommunale andelen noe høyere.',
  'Samlet innehar kontorets rundt 107 kommunalt og statlige ansatte en høy kompetanse på oppfølging av tjenestemottakere.',
  '69% overgang til arbeid for arbeidssøkere vurderes å være en høy andel. I alt 275 brukere er formidlet ut i ordinært arbeid.',
].join('\n');

const read = (text: string, reportYear: number | null) =>
  extractProseFigures(numberedLines(text), REPORT_PROSE_PATTERNS, { reportYear, file: 'rapport.txt' });

describe('figures in running text', () => {
  it('reads each kind of sentence of the Bodø report with its line, its words as published and the report year where none is named', () => {
    const { figures, warnings } = read(BODO, 2015);
    expect(warnings).toEqual([]);
    expect(figures.map((f) => [f.location.line, f.label, f.valueText, f.period, f.periodText])).toEqual([
      [1, 'Andel mottakere med sosialhjelp som hovedinntektskilde, endring', '1,6 prosentpoeng', '2015', 'i 2015'],
      [2, 'Mindreforbruk, kommunal del av NAV', 'vel 2 mill kr', '2015', '(rapportåret 2015)'],
      [3, 'Sykefravær hele kontoret, gjennomsnitt for året', '4,5%', '2015', 'I gjennomsnitt for året'],
      [4, 'Ansatte i kontoret, kommunalt og statlig', 'rundt 107', '2015', '(rapportåret 2015)'],
      [5, 'Overgang til arbeid for arbeidssøkere', '69%', '2015', '(rapportåret 2015)'],
      [5, 'Brukere formidlet til ordinært arbeid', '275', '2015', '(rapportåret 2015)'],
    ]);
    expect(figures[4]!.quote).toBe('69% overgang til arbeid for arbeidssøkere vurderes å være en høy andel.');
  });

  it('labels a fall apart from a rise, and an overspend of the whole office apart from the municipal part (TEST DATA)', () => {
    const { figures } = read(
      'Andelen unge mottakere sank med 0,4 prosentpoeng i 2016.\nAndel langtidsmottakere gikk ned med 2 %-poeng.\nKontoret fikk et merforbruk på 1,2 millioner kroner.',
      2016,
    );
    expect(figures.map((f) => [f.label, f.valueText, f.periodText])).toEqual([
      ['Andelen unge mottakere, nedgang', '0,4 prosentpoeng', 'i 2016'],
      ['Andel langtidsmottakere, nedgang', '2 %-poeng', '(rapportåret 2016)'],
      ['Merforbruk', '1,2 millioner kroner', '(rapportåret 2016)'],
    ]);
  });

  it('takes the year a sentence names over the report year (TEST DATA)', () => {
    const { figures } = read('I gjennomsnitt for 2014 var sykefraværet 5,1 prosent for kontoret.', 2015);
    expect(figures).toEqual([expect.objectContaining({ label: 'Sykefravær kontoret, gjennomsnitt for året', period: '2014', periodText: 'I gjennomsnitt for 2014', valueText: '5,1 prosent' })]);
  });

  it('warns, naming the line, instead of guessing a period when neither the sentence nor the report gives a year', () => {
    const { figures, warnings } = read(`\n${BODO}`, null);
    expect(figures.map((f) => f.period)).toEqual(['2015']);
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toEqual({
      code: 'NO_PERIOD',
      message: '"Mindreforbruk, kommunal del av NAV" in this sentence names no year and the report year is unknown; pass reportYear',
      file: 'rapport.txt',
      line: 3,
    });
  });

  it('does not end a sentence at an abbreviation, and tells running text from a table cell', () => {
    expect(splitSentences('Utgiftene var ca. 2 mill. kroner. Det er mindre enn før. 3 brukere sluttet')).toEqual([
      'Utgiftene var ca. 2 mill. kroner.',
      'Det er mindre enn før.',
      '3 brukere sluttet',
    ]);
    expect(isProseLine('Det gikk godt.')).toBe(true);
    expect(isProseLine('Første setning. Andre setning')).toBe(true);
    expect(isProseLine('Utgifter i mill.')).toBe(false);
    expect(isProseLine('Gjennomsnitt 2016')).toBe(false);
  });

  it('ends a sentence however many spaces follow its full stop, and quotes sentences without the spaces around them', () => {
    expect(splitSentences('  Det gikk godt.   Neste år blir bedre.  ')).toEqual(['Det gikk godt.', 'Neste år blir bedre.']);
    expect(splitSentences('')).toEqual([]);
  });

  it('does not take a number with a thousands point, or an empty line, for running text', () => {
    expect(isProseLine('Utbetalt i 1.000')).toBe(false);
    expect(isProseLine('')).toBe(false);
  });
});
