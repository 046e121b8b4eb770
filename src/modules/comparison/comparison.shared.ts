import { InvariantError, present } from '../../invariant';
import { ClientError } from '../../schema/errors';
import { QualityFlag } from '../../schema/enums';
import { unknownCode } from '../../schema/unknown-code';
import type { Municipality } from '../geography/geography.type';
import { citation } from '../observations/observation.type';
import type { Indicator } from '../taxonomy/taxonomy.type';

/**
 * What the per-question services share: the scope and area of a query, the checks that name a client's
 * mistake by its argument, and the small mappings from statement rows to API rows.
 */

/** Which units to rank or score; every filter given must hold. */
export interface ScopeQuery {
  county?: string | null;
  municipality?: string | null;
  offices?: string[] | null;
  municipalities?: string[] | null;
  peerOf?: string | null;
  kostraGroup?: string | null;
  allUnits?: boolean | null;
}

export interface AreaQuery {
  office?: string | null;
  municipality?: string | null;
}

/** How many units a warning names before it says "and N more". */
export const NAMED_IN_WARNING = 10;

export interface ScopeChecks {
  unknown_offices: string[] | null;
  unknown_municipalities: string[] | null;
  unknown_county: boolean | null;
  unknown_municipality: boolean | null;
  unknown_peer: boolean | null;
  unknown_kostra_group?: boolean | null;
}

export type MunicipalityJson = Omit<Municipality, 'id'>;

export function num(text: string | null | undefined): number | null {
  return text === null || text === undefined ? null : Number(text);
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function areaOf(level: string | null, id: number | null, name: string | null, code: string | null) {
  // The statements join the area's columns; a row that reaches here with one missing is a bug.
  if (level === null || id === null || name === null || code === null) {
    throw new InvariantError(`a row's area is incomplete (level ${level ?? 'none'}, id ${id ?? 'none'}, code ${code ?? 'none'})`);
  }
  return {
    officeId: level === 'office' ? id : null,
    municipalityId: level === 'municipality' ? id : null,
    countyCode: level === 'county' ? code : null,
    name,
    code,
  };
}

/** What a statement row carries to cite its figure. */
export interface CitationParts {
  source_publisher: string | null;
  source_title: string | null;
  name: string;
  raw_label: string | null;
  value_text: string | null;
  period_text: string | null;
  period: string | null;
  /** How the hub derived the figure (rankings), or its flags (other statements): a derived figure is cited by its quote. */
  derivation?: string | null;
  flags?: readonly string[] | null;
  quote?: string | null;
}

export function citeRow(r: CitationParts): string {
  return citation({
    publisher: present(r.source_publisher, 'the publisher of a cited figure'),
    sourceTitle: present(r.source_title, 'the source of a cited figure'),
    areaName: r.name,
    rawLabel: present(r.raw_label, 'the label of a cited figure'),
    valueText: r.value_text,
    periodText: r.period_text,
    period: present(r.period, 'the period of a cited figure'),
    derivedQuote: r.derivation || r.flags?.includes(QualityFlag.DERIVED) ? (r.quote ?? null) : null,
  });
}

/** Names for a warning, as a list: an office name may itself hold ", " ("NAV Storfjorden, Norddal"). */
export function names(list: readonly string[] | null): string {
  const all = list ?? [];
  return all.length > NAMED_IN_WARNING ? `${all.slice(0, NAMED_IN_WARNING).join(', ')} and ${all.length - NAMED_IN_WARNING} more` : all.join(', ');
}

export function checkScope(head: ScopeChecks, scope: ScopeQuery): void {
  if (head.unknown_county) throw unknownCode('county', 'scope.county', scope.county ?? '');
  if (head.unknown_municipality) throw unknownCode('municipality', 'scope.municipality', scope.municipality ?? '');
  if (head.unknown_offices?.length) throw unknownCode('office', 'scope.offices', head.unknown_offices);
  if (head.unknown_municipalities?.length) throw unknownCode('municipality', 'scope.municipalities', head.unknown_municipalities);
  if (head.unknown_peer) throw unknownCode('municipality', 'scope.peerOf', scope.peerOf ?? '');
  if (head.unknown_kostra_group) {
    throw new ClientError(
      `No municipality is in KOSTRA group "${scope.kostraGroup}"; groups run from 1 to 16.`,
      'BAD_USER_INPUT',
      'scope.kostraGroup',
      scope.kostraGroup,
    );
  }
}

export function checkOneArea(area: AreaQuery): void {
  if (!area.office === !area.municipality) {
    throw new ClientError('Give an office or a municipality (one of them), e.g. office: "24837" or municipality: "1804".', 'BAD_USER_INPUT', 'office');
  }
}

export function unknownIndicator(codes: string | readonly string[], argument: string): ClientError {
  return unknownCode('indicator', argument, codes);
}

export function noDirection(indicator: Indicator, field: string): ClientError {
  return new ClientError(
    `Indicator "${indicator.code}" (${indicator.nameEn}) has no direction: neither more nor less is better, so it cannot be ranked or scored. Compare it with compare or timeSeries instead.`,
    'BAD_USER_INPUT',
    field,
  );
}

/** The office or municipality a time series or a target attainment is about is an argument like any other: BAD_USER_INPUT, not a missing object. */
export function unknownArea(area: AreaQuery): ClientError {
  return area.office ? unknownCode('office', 'office', area.office) : unknownCode('municipality', 'municipality', area.municipality ?? '');
}
