/** The shapes of the answers to web/src/queries, as the page reads them. */
import type { MunicipalityHistory } from '../map/areas';

export type Direction = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'NEITHER';

export interface CatalogIndicator {
  code: string;
  nameNb: string;
  nameEn: string;
  description: string;
  unit: string;
  direction: Direction;
  periods: string[];
}

export interface CatalogTheme {
  code: string;
  nameNb: string;
  nameEn: string;
  parent: { code: string } | null;
  indicators: CatalogIndicator[];
}

export interface CatalogAnswer {
  themes: CatalogTheme[];
  counties: Array<{ code: string; name: string; validToYear: number | null }>;
}

export interface IndicatorSearchAnswer {
  indicators: { nodes: Array<{ code: string }> };
}

export interface IndicatorCoverageAnswer {
  indicator: {
    code: string;
    coverage: Array<{
      period: string;
      offices: { withValue: number };
      municipalities: { withValue: number };
      counties: { withValue: number };
    }>;
  } | null;
}

interface MapCodes {
  municipality: MunicipalityHistory | null;
}

export interface RankingRow extends MapCodes {
  code: string;
  name: string;
  rank: number;
  exactValue: string;
  valueText: string | null;
  value: number;
  unit: string;
  changeFromPrevious: number | null;
  previousPeriod: string;
  target: { text: string; met: boolean | null } | null;
  targetMet: boolean | null;
  flags: string[];
}

export interface MissingEntry extends MapCodes {
  code: string;
  name: string;
  reason: string;
  detail: string;
  valueText: string | null;
}

export interface Ranking {
  period: string | null;
  level: 'MUNICIPALITY' | 'OFFICE' | 'COUNTY';
  unit: string;
  direction: Direction;
  median: number | null;
  normalise: string;
  coverage: { ranked: number; missing: number; total: number };
  warnings: string[];
  national: { exactValue: string | null; quote: string } | null;
  rows: RankingRow[];
  missing: MissingEntry[];
}

export interface MapMunicipalitiesAnswer {
  ranking: {
    rows: Array<{ code: string; name: string; rank: number; exactValue: string; municipality: MunicipalityHistory | null }>;
    missing: Array<{ code: string; name: string; municipality: MunicipalityHistory | null }>;
  };
}

export interface RankingAnswer {
  ranking: Ranking;
}

export interface SeriesPoint {
  period: string;
  value: number | null;
  exactValue: string | null;
  valueText: string | null;
  unit: string | null;
  flags: string[];
  breakInSeries: boolean;
  breakNote: string | null;
  revised: boolean;
  trend: 'IMPROVED' | 'WORSENED' | 'UNCHANGED' | 'UNKNOWN';
  quote: string;
  citation: string;
  source: { title: string; publisher: string; url: string | null } | null;
}

export interface Series {
  code: string;
  name: string;
  direction: Direction;
  warnings: string[];
  points: SeriesPoint[];
}

export interface PublishedTarget {
  period: string;
  target: { text: string; lower: number | null; upper: number | null; comparator: string; met: boolean | null } | null;
}

export interface MunicipalityPanelAnswer {
  timeSeries: Series;
  municipality: {
    code: string;
    name: string;
    kostraGroup: { code: string } | null;
    similar: Array<{ population: number; distance: number; municipality: { code: string; name: string } }>;
    observations: PublishedTarget[];
  } | null;
}

export interface OfficePanelAnswer {
  timeSeries: Series;
  office: {
    code: string;
    name: string;
    municipalities: Array<{ code: string; name: string }>;
    observations: PublishedTarget[];
  } | null;
}

export interface CountyPeriodAnswer {
  ranking: {
    rows: Array<{
      code: string;
      name: string;
      period: string;
      exactValue: string;
      value: number;
      valueText: string | null;
      unit: string;
      flags: string[];
      quote: string;
      citation: string;
      source: { title: string; publisher: string; url: string | null } | null;
    }>;
    missing: Array<{ code: string; name: string; period: string | null; reason: string; detail: string; valueText: string | null; citation: string | null }>;
  };
}
