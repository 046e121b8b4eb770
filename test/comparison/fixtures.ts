import type { Database } from '../../src/db/database';
import { makeRankingSnapshots } from '../../src/modules/comparison/ranking-snapshots';
import { refreshCurrentFigures } from '../../src/modules/observations/current-figures';

/**
 * Small, readable fixtures for the comparison tests, written set-based: each kind of row is one
 * INSERT … SELECT over a JSON array, with codes resolved to ids in SQL.
 */
export interface Fixture {
  counties?: { code: string; name: string }[];
  municipalities?: { code: string; name: string; county: string; validFromYear?: number; validToYear?: number }[];
  populations?: { municipality: string; year: number; total: number; age20To66?: number; age18To24?: number }[];
  /** An office serving whole municipalities, or (with `district`) one district of one. */
  offices?: { code: string; name: string; county?: string; municipalities?: string[]; district?: string }[];
  indicators?: { code: string; unit: string; direction: 'higher_is_better' | 'lower_is_better' | 'neither'; periodType?: string; nameEn?: string }[];
  sources?: { key: string; title: string; publisher: string; reportYear?: number; url?: string }[];
  observations?: FixtureObservation[];
  targets?: {
    source: string;
    label: string;
    indicator?: string;
    office?: string;
    municipality?: string;
    period: string;
    text: string;
    comparator: 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'range';
    lower?: string;
    upper?: string;
  }[];
}

export interface FixtureObservation {
  indicator: string;
  source: string;
  office?: string;
  municipality?: string;
  period: string;
  /** Exact decimal, or null for a withheld figure. */
  value: string | null;
  valueText?: string;
  periodText?: string;
  /** The label as published; defaults to the indicator code. */
  label?: string;
  quote?: string;
  unit?: string;
  flags?: string[];
}

export async function insertFixture(db: Database, f: Fixture): Promise<void> {
  const run = (text: string, rows: unknown[] | undefined) =>
    rows?.length ? db.pool.query(text, [JSON.stringify(rows)]) : Promise.resolve();

  await run(
    `INSERT INTO counties (code, name) SELECT code, name FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text)`,
    f.counties,
  );
  await run(
    `INSERT INTO municipalities (code, name, county_code, valid_from_year, valid_to_year)
     SELECT code, name, county, "validFromYear", "validToYear"
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, county text, "validFromYear" int, "validToYear" int)`,
    f.municipalities,
  );
  await run(
    `INSERT INTO municipality_codes (municipality_id, code, name, valid_from_year, valid_to_year)
     SELECT m.id, m.code, m.name, m.valid_from_year, m.valid_to_year
       FROM jsonb_to_recordset($1::jsonb) AS x(code text) JOIN municipalities m ON m.code = x.code`,
    f.municipalities,
  );
  await run(
    `INSERT INTO populations (municipality_id, year, published_code, total, age_20_66, age_18_24)
     SELECT m.id, x.year, x.municipality, x.total, x."age20To66", x."age18To24"
       FROM jsonb_to_recordset($1::jsonb) AS x(municipality text, year int, total int, "age20To66" int, "age18To24" int)
       JOIN municipalities m ON m.code = x.municipality AND m.valid_to_year IS NULL`,
    f.populations,
  );
  await run(
    `INSERT INTO offices (code, name, county_code, origin, valid_from_year)
     SELECT code, name, county, 'test', 2014 FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, county text)`,
    f.offices,
  );
  await run(
    `INSERT INTO office_areas (office_id, municipality_id, district, valid_from_year)
     SELECT o.id, m.id, x.district, 2014
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, municipalities jsonb, district text)
       CROSS JOIN jsonb_array_elements_text(x.municipalities) AS mc(code)
       JOIN offices o ON o.code = x.code
       JOIN municipalities m ON m.code = mc.code AND m.valid_to_year IS NULL`,
    f.offices?.filter((o) => o.municipalities?.length),
  );
  if (f.indicators?.length) {
    await db.pool.query(
      `INSERT INTO themes (code, name_nb, name_en) VALUES ('test', 'Test', 'Test') ON CONFLICT (code) DO NOTHING`,
    );
  }
  await run(
    `INSERT INTO indicators (code, name_nb, name_en, description, theme_code, unit, period_type, direction, population, taxonomy_version)
     SELECT code, coalesce("nameEn", code), coalesce("nameEn", code), 'A test indicator.', 'test', unit,
            coalesce("periodType", 'year'), direction, 'test population', 'test'
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, unit text, direction text, "periodType" text, "nameEn" text)`,
    f.indicators,
  );
  await run(
    `INSERT INTO sources (document_key, title, publisher, report_year, url, format, sha256)
     SELECT key, title, publisher, "reportYear", url, 'test', md5(key)
       FROM jsonb_to_recordset($1::jsonb) AS x(key text, title text, publisher text, "reportYear" int, url text)`,
    f.sources,
  );
  const labels = [
    ...(f.observations ?? []).map((o) => ({ source: o.source, label: o.label ?? o.indicator, indicator: o.indicator })),
    ...(f.targets ?? []).map((t) => ({ source: t.source, label: t.label, indicator: t.indicator ?? null })),
  ];
  await run(
    `INSERT INTO raw_indicators (source_id, label, normalised_label, indicator_id)
     SELECT DISTINCT ON (s.id, x.label) s.id, x.label, lower(x.label), i.id
       FROM jsonb_to_recordset($1::jsonb) AS x(source text, label text, indicator text)
       JOIN sources s ON s.document_key = x.source
       LEFT JOIN indicators i ON i.code = x.indicator
      ORDER BY s.id, x.label, i.id NULLS LAST`,
    labels,
  );
  await run(
    `INSERT INTO observations (raw_indicator_id, indicator_id, source_id, office_id, municipality_id, period, year, period_text,
                               value, published_value, value_text, unit, quote, flags)
     SELECT r.id, i.id, s.id, o.id, m.id, x.period, left(x.period, 4)::int, x."periodText",
            x.value::numeric, x.value::numeric, coalesce(x."valueText", replace(x.value, '.', ','), '..'), coalesce(x.unit, i.unit),
            coalesce(x.quote, coalesce(x.label, x.indicator) || ' ' || coalesce(x."valueText", replace(x.value, '.', ','), '..')),
            coalesce(ARRAY(SELECT jsonb_array_elements_text(x.flags)), '{}')
       FROM jsonb_to_recordset($1::jsonb) AS x(indicator text, source text, office text, municipality text, period text, value text,
                                               "valueText" text, "periodText" text, label text, quote text, unit text, flags jsonb)
       JOIN indicators i ON i.code = x.indicator
       JOIN sources s ON s.document_key = x.source
       JOIN raw_indicators r ON r.source_id = s.id AND r.label = coalesce(x.label, x.indicator)
       LEFT JOIN offices o ON o.code = x.office
       LEFT JOIN municipalities m ON m.code = x.municipality AND m.valid_to_year IS NULL`,
    f.observations,
  );
  await run(
    `INSERT INTO targets (source_id, raw_indicator_id, indicator_id, office_id, municipality_id, period, text, comparator, lower, upper, quote)
     SELECT s.id, r.id, r.indicator_id, o.id, m.id, x.period, x.text, x.comparator, x.lower::numeric, x.upper::numeric,
            x.label || ' ' || x.text
       FROM jsonb_to_recordset($1::jsonb) AS x(source text, label text, office text, municipality text, period text, text text,
                                               comparator text, lower text, upper text)
       JOIN sources s ON s.document_key = x.source
       JOIN raw_indicators r ON r.source_id = s.id AND r.label = x.label
       LEFT JOIN offices o ON o.code = x.office
       LEFT JOIN municipalities m ON m.code = x.municipality AND m.valid_to_year IS NULL`,
    f.targets,
  );
  // These rows bypass the importer, which keeps the current figures that rankings read: kept here as an import keeps them.
  // As an import does: what rankings read, then the snapshots of the whole-level rankings.
  if (f.observations?.length) {
    await db.transaction(async (client) => {
      await refreshCurrentFigures(client);
      await makeRankingSnapshots(client);
    });
  }
}

/** Oslo and a few of its city districts, each with its own NAV office, as the tests use them. */
export const OSLO = {
  county: { code: '03', name: 'Oslo' },
  municipality: { code: '0301', name: 'Oslo', county: '03' },
} as const;

/** A district office of Oslo, e.g. district("24722", "Gamle Oslo"). */
export function district(code: string, name: string) {
  return { code, name: `NAV ${name}`, county: '03', municipalities: ['0301'], district: name };
}

export const CODES = {
  monthly: 'social_assistance.recipients_monthly_avg',
  under25: 'social_assistance.recipients_under_25_monthly_avg',
  kvpExits: 'qualification_programme.exit_work_education_share',
  sickLeave: 'staff.sick_leave_municipal_share',
  share: 'social_assistance.recipients_population_share',
  refugeesQuarterly: 'refugees.settled_quarterly_avg',
  nightsYearly: 'housing.temporary_over_14_nights_yearly',
} as const;

const BODO_LABELS = {
  monthly: 'Samlet antall mottakere av sosialhjelp pr. mnd.',
  under25: 'Antall unge u/25 år på øk. sosialhjelp pr. mnd.',
  kvpExits: 'Andel KVP-deltakere til arbeid / utdanning',
  sickLeave: 'Sykefravær kommunalt ansatte',
} as const;

/**
 * What a newsroom would load: Bodø's 2018 scorecard (four indicators, 2016–2018, with its four
 * 2018 targets, all met), part of Kristiansund's 2015 målekort (targets met, missed and without a
 * result, one label unmapped), and shares for three Oslo districts 2021–2023 (one withheld), invented and from a test source.
 */
export function newsroomFixture(): Fixture {
  const bodo = (key: keyof typeof BODO_LABELS, [y2016, y2017, y2018]: [string, string, string], text: (v: string) => string) =>
    (
      [
        ['2016', y2016],
        ['2017', y2017],
        ['2018', y2018],
      ] as const
    ).map(([period, value]) => ({
      indicator: CODES[key],
      source: 'bodo-2018',
      office: '24837',
      period,
      value,
      valueText: text(value),
      periodText: `Gjennomsnitt ${period}`,
      label: BODO_LABELS[key],
    }));
  const percent = (v: string) => `${v.replace('.', ',')} %`;
  const plain = (v: string) => v.replace('.', ',');
  const oslo = (office: string, [y2021, y2022, y2023]: [string | null, string | null, string | null]) =>
    (
      [
        ['2021', y2021],
        ['2022', y2022],
        ['2023', y2023],
      ] as const
    ).map(([period, value]) => ({
      indicator: CODES.share,
      source: 'test-districts',
      office,
      period,
      value,
      flags: value === null ? ['suppressed'] : [],
      label: 'Andel sosialhjelpsmottakere i befolkningen',
    }));
  return {
    counties: [OSLO.county, { code: '18', name: 'Nordland' }, { code: '15', name: 'Møre og Romsdal' }],
    municipalities: [OSLO.municipality, { code: '1804', name: 'Bodø', county: '18' }, { code: '1505', name: 'Kristiansund', county: '15' }],
    populations: [{ municipality: '1804', year: 2018, total: 51558, age20To66: 32389, age18To24: 5093 }],
    offices: [
      { code: '24837', name: 'NAV Bodø', county: '18', municipalities: ['1804'] },
      { code: '24539', name: 'NAV Kristiansund', county: '15', municipalities: ['1505'] },
      district('24698', 'Grünerløkka'),
      district('24382', 'Sagene'),
      district('35023', 'Søndre Nordstrand'),
    ],
    indicators: [
      { code: CODES.monthly, unit: 'persons', direction: 'lower_is_better', periodType: 'year_average_of_months' },
      { code: CODES.under25, unit: 'persons', direction: 'lower_is_better', periodType: 'year_average_of_months' },
      { code: CODES.kvpExits, unit: 'percent', direction: 'higher_is_better' },
      { code: CODES.sickLeave, unit: 'percent', direction: 'lower_is_better' },
      { code: CODES.share, unit: 'percent', direction: 'lower_is_better' },
      { code: CODES.refugeesQuarterly, unit: 'persons', direction: 'higher_is_better', periodType: 'year_average_of_quarters' },
      { code: CODES.nightsYearly, unit: 'nights', direction: 'lower_is_better' },
    ],
    sources: [
      { key: 'bodo-2018', title: 'Årsmelding 2018', publisher: 'Bodø kommune', reportYear: 2018, url: 'https://example.org/test/bodo-arsmelding-2018' },
      { key: 'ksu-2015', title: 'Årsmelding 2015', publisher: 'Kristiansund kommune', reportYear: 2015 },
      // Oslo's district shares here are invented (with a withheld one), so their source is a test source.
      { key: 'test-districts', title: 'Testkilde: oppdiktede bydelstall', publisher: 'Testkommune', reportYear: 2023 },
    ],
    observations: [
      ...bodo('monthly', ['466', '443', '429'], plain),
      ...bodo('under25', ['95', '92', '89'], plain),
      ...bodo('kvpExits', ['32.4', '45.7', '50.7'], percent),
      ...bodo('sickLeave', ['10.2', '7.3', '5.1'], percent),
      { indicator: CODES.refugeesQuarterly, source: 'ksu-2015', office: '24539', period: '2014', value: '9.25', label: '15 personer per kvartal' },
      { indicator: CODES.refugeesQuarterly, source: 'ksu-2015', office: '24539', period: '2015', value: '12', label: '15 personer per kvartal' },
      { indicator: CODES.nightsYearly, source: 'ksu-2015', office: '24539', period: '2015', value: '4', label: 'Antall liggedøgn over 14 dager per år' },
      ...oslo('24698', ['3.4', '3.9', '3.9']),
      ...oslo('24382', ['3.6', '3.4', '3.6']),
      ...oslo('35023', ['6.9', null, '6.1']),
    ],
    targets: [
      { source: 'bodo-2018', label: BODO_LABELS.monthly, office: '24837', period: '2018', text: '< 450', comparator: 'lt', upper: '450' },
      { source: 'bodo-2018', label: BODO_LABELS.under25, office: '24837', period: '2018', text: '< 90', comparator: 'lt', upper: '90' },
      { source: 'bodo-2018', label: BODO_LABELS.kvpExits, office: '24837', period: '2018', text: '> 50 %', comparator: 'gt', lower: '50' },
      { source: 'bodo-2018', label: BODO_LABELS.sickLeave, office: '24837', period: '2018', text: '< 6,3 %', comparator: 'lt', upper: '6.3' },
      { source: 'ksu-2015', label: '15 personer per kvartal', office: '24539', period: '2015', text: '≥ 15', comparator: 'gte', lower: '15' },
      { source: 'ksu-2015', label: 'Antall liggedøgn over 14 dager per år', office: '24539', period: '2015', text: '0-30', comparator: 'range', lower: '0', upper: '30' },
      { source: 'ksu-2015', label: 'Antall passive uker “over tiden” per år', office: '24539', period: '2015', text: '0-15', comparator: 'range', lower: '0', upper: '15' },
    ],
  };
}
