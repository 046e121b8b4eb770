import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { citation } from '../../src/modules/observations/observation.type';

/**
 * The citation a journalist pastes under a figure: publisher, document, area, the label as
 * published, the value as published and the period, always with its year. The figures are test
 * data of a test source.
 */
const figure = {
  publisher: 'Testkommune',
  sourceTitle: 'Testkilde: oppdiktet årsrapport 2018',
  areaName: 'NAV Testdalen',
  rawLabel: 'Antall mottakere',
  valueText: '1 234',
  periodText: null as string | null,
  period: '2018',
};

describe('a citation', () => {
  it('gives the period itself where the source has no words for it', () => {
    expect(citation(figure)).toBe('Testkommune, Testkilde: oppdiktet årsrapport 2018, NAV Testdalen: «Antall mottakere» 1 234 (2018)');
  });

  it('quotes the period words in lower case, in one pair of parentheses', () => {
    expect(citation({ ...figure, periodText: 'Gjennomsnitt 2018' })).toMatch(/ 1 234 \(gjennomsnitt 2018\)$/);
    expect(citation({ ...figure, periodText: ' (rapportåret 2018) ' })).toMatch(/ 1 234 \(rapportåret 2018\)$/);
  });

  it('adds the period where the words do not name its year', () => {
    expect(citation({ ...figure, periodText: 'Per kvartal', period: '2018-Q3' })).toMatch(/ 1 234 \(per kvartal, 2018-Q3\)$/);
  });

  it('says the figure was not published where the source left the cell empty', () => {
    expect(citation({ ...figure, valueText: null })).toMatch(/«Antall mottakere» ikke publisert \(2018\)$/);
  });

  it('cites a figure the hub derived by how it was made, never as not published', () => {
    const derived = citation({ ...figure, valueText: null, derivedQuote: 'Sum of 1 municipality: Rauma 11' });
    expect(derived).toMatch(/«Antall mottakere» derived by Målestokk: Sum of 1 municipality: Rauma 11 \(2018\)$/);
    expect(derived).not.toContain('ikke publisert');
  });
});
