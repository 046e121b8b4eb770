import { useEffect, useRef, useState } from 'react';
import { request } from '../api/client';
import type { CountyPeriodAnswer, MunicipalityPanelAnswer, OfficePanelAnswer, PublishedTarget, Ranking, Series, SeriesPoint } from '../api/types';
import { flagLabel, formatExact, formatNumber, t, unitLabel } from '../i18n';
import CountyPeriodQuery from '../queries/CountyPeriod.graphql';
import MunicipalityPanelQuery from '../queries/MunicipalityPanel.graphql';
import OfficePanelQuery from '../queries/OfficePanel.graphql';
import type { Lang, Level } from '../state';
import { CopyButton } from './CopyButton';
import { ErrorBoundary } from './ErrorBoundary';
import { TimeSeriesChart } from './TimeSeriesChart';

interface Props {
  code: string;
  level: Level;
  indicator: string;
  period: string | null;
  /** The indicator's periods with figures: a county's series is read period by period. */
  periods: readonly string[];
  ranking: Ranking;
  lang: Lang;
  onSelect: (code: string) => void;
  onClose: () => void;
}

interface Loaded {
  series: Series | null;
  targets: PublishedTarget[];
  peers: Array<{ code: string; name: string; note: string }>;
  peersTitle: 'peers' | 'servedMunicipalities';
}

/** One unit: its series with targets, breaks and revisions, its peers, and each figure's source and citation. */
export function UnitPanel({ code, level, indicator, period, periods, ranking, lang, onSelect, onClose }: Props) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const row = ranking.rows.find((r) => r.code === code);
  const missing = ranking.missing.find((m) => m.code === code);
  const name = row?.name ?? missing?.name ?? loaded?.series?.name ?? code;

  useEffect(() => {
    // Focus follows the reader to what they opened.
    heading.current?.focus();
  }, [code]);

  useEffect(() => {
    let current = true;
    const load = async (): Promise<Loaded> => {
      if (level === 'municipality') {
        const a = await request<MunicipalityPanelAnswer>(MunicipalityPanelQuery, { indicator, code });
        return {
          series: a.timeSeries,
          targets: a.municipality?.observations ?? [],
          peers: (a.municipality?.similar ?? []).map((s) => ({
            code: s.municipality.code,
            name: s.municipality.name,
            note: `${formatNumber(lang, s.population, 0)} ${t(lang, 'inhabitants')}`,
          })),
          peersTitle: 'peers',
        };
      }
      if (level === 'office') {
        const a = await request<OfficePanelAnswer>(OfficePanelQuery, { indicator, code });
        return {
          series: a.timeSeries,
          targets: a.office?.observations ?? [],
          peers: (a.office?.municipalities ?? []).map((m) => ({ code: m.code, name: m.name, note: m.code })),
          peersTitle: 'servedMunicipalities',
        };
      }
      return { series: await countySeries(indicator, code, periods.length ? periods : period ? [period] : []), targets: [], peers: [], peersTitle: 'peers' };
    };
    load().then(
      (l) => current && setLoaded(l),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
    // The periods as a string: the same periods from a new catalog object are no reason to reload.
  }, [code, level, indicator, lang, periods.join(',')]);

  const points = loaded?.series?.points ?? [];
  const cited = [...points].filter((p) => p.value !== null || p.valueText).reverse();
  const main = cited.find((p) => p.period === period) ?? cited[0];
  const others = cited.filter((p) => p !== main);

  return (
    <section className="unit-panel" data-testid="unit-panel" aria-labelledby="unit-panel-title">
      <header>
        <h3 id="unit-panel-title" ref={heading} tabIndex={-1}>
          {name}
          {row ? (
            <span className="meta">
              {' '}
              · {t(lang, 'rank')} {row.rank}: {formatExact(lang, row.exactValue)} {unitLabel(lang, row.unit)}
            </span>
          ) : null}
        </h3>
        <button type="button" onClick={onClose} aria-label={`${t(lang, 'close')}: ${name}`}>
          {t(lang, 'close')} ✕
        </button>
      </header>
      {error ? <p role="alert">{error}</p> : null}
      {level === 'county' ? <p className="note">{t(lang, 'countySeries')}</p> : null}
      {!loaded && !error ? <p className="loading">{t(lang, 'loading')}</p> : null}
      {loaded?.series ? (
        <div className="panel-grid">
          <div>
            <h4>{t(lang, 'timeSeries')}</h4>
            {ranking.normalise !== 'NONE' ? <p className="note">{t(lang, 'seriesAsPublished')}</p> : null}
            {points.length ? (
              <ErrorBoundary fallback={<p role="alert">{t(lang, 'error')}</p>}>
                <TimeSeriesChart points={points} targets={loaded.targets} unit={points.find((p) => p.unit)?.unit ?? ranking.unit} lang={lang} />
              </ErrorBoundary>
            ) : (
              <p>{t(lang, 'noSeries')}</p>
            )}
            <Legend lang={lang} />
            {loaded.series.warnings.length ? (
              <ul className="warnings small">
                {loaded.series.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            ) : null}
            <SeriesTable points={points} targets={loaded.targets} lang={lang} />
          </div>
          <div>
            {level === 'county' ? null : <h4>{t(lang, loaded.peersTitle)}</h4>}
            {loaded.peersTitle === 'peers' && loaded.peers.length ? <p className="note">{t(lang, 'peersNote')}</p> : null}
            {level === 'county' ? null : loaded.peers.length ? (
              <ul data-testid="peers" className="peers">
                {loaded.peers.map((p) => (
                  <li key={p.code}>
                    {level === 'municipality' ? (
                      <button type="button" className="link" onClick={() => onSelect(p.code)}>
                        {p.name}
                      </button>
                    ) : (
                      p.name
                    )}{' '}
                    <span className="meta">{p.note}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p data-testid="peers" className="note">
                {t(lang, 'peersNone')}
              </p>
            )}
          </div>
        </div>
      ) : null}
      {main ? (
        <section className="citations" aria-labelledby="citations-title">
          <h4 id="citations-title">{t(lang, 'sources')}</h4>
          <Citation point={main} lang={lang} />
          {others.length ? (
            <details>
              <summary>
                {t(lang, 'otherPeriods')} ({others.length})
              </summary>
              {others.map((p) => (
                <Citation key={p.period} point={p} lang={lang} />
              ))}
            </details>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

function Legend({ lang }: { lang: Lang }) {
  return (
    <p className="legend small" aria-hidden="true">
      <span className="key line" /> {t(lang, 'value')} <span className="key target" /> {t(lang, 'target')} <span className="key break" /> {t(lang, 'breakInSeries')}{' '}
      <span className="key revised" /> {t(lang, 'revised')}
    </p>
  );
}

/** The same figures as the chart, as a table a screen reader can read. */
function SeriesTable({ points, targets, lang }: { points: SeriesPoint[]; targets: PublishedTarget[]; lang: Lang }) {
  const targetOf = new Map(targets.filter((o) => o.target).map((o) => [o.period, o.target]));
  return (
    <details className="series-table">
      <summary>{t(lang, 'timeSeriesSummary')}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'period')}</th>
            <th scope="col" className="num">
              {t(lang, 'value')}
            </th>
            <th scope="col">{t(lang, 'target')}</th>
            <th scope="col">{t(lang, 'flags')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td className="num">{p.exactValue === null ? (p.valueText ?? '–') : formatExact(lang, p.exactValue)}</td>
              <td>{targetOf.get(p.period)?.text ?? ''}</td>
              <td>
                {[...p.flags.map((f) => flagLabel(lang, f)), ...(p.value === null && p.source === null && p.quote ? [p.quote] : []), ...(p.breakInSeries ? [p.breakNote ?? t(lang, 'breakInSeries')] : []), ...(p.revised ? [t(lang, 'revised')] : [])].join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Citation({ point, lang }: { point: SeriesPoint; lang: Lang }) {
  return (
    <article className="citation" data-testid="citation" data-period={point.period}>
      <h5>
        {point.period}: {point.exactValue === null ? (point.valueText ?? t(lang, 'withheld')) : formatExact(lang, point.exactValue)} {unitLabel(lang, point.unit)}
      </h5>
      <dl>
        <dt>{t(lang, 'quote')}</dt>
        <dd>
          <q>{point.quote}</q>
        </dd>
        {point.source ? (
          <>
            <dt>{t(lang, 'source')}</dt>
            <dd>
              {point.source.publisher}:{' '}
              {point.source.url ? (
                <a href={point.source.url} rel="noreferrer noopener" target="_blank">
                  {point.source.title}
                </a>
              ) : (
                point.source.title
              )}
            </dd>
          </>
        ) : null}
        <dt>{t(lang, 'citation')}</dt>
        <dd className="citation-text">{point.citation}</dd>
      </dl>
      <CopyButton testId="copy-citation" lang={lang} label={t(lang, 'copyCitation')} text={() => point.citation} />
    </article>
  );
}

/**
 * A county's series from the county ranking of each period, oldest first: one request per period
 * (each cached by the browser and the hub). Periods where the county has no figure are left out;
 * a withheld one is kept, without a value.
 */
async function countySeries(indicator: string, county: string, periods: readonly string[]): Promise<Series | null> {
  const answers = await Promise.all(
    [...periods].sort().map((period) => request<CountyPeriodAnswer>(CountyPeriodQuery, { indicator, period, county }).then((a) => ({ period, ranking: a.ranking }))),
  );
  const points: SeriesPoint[] = answers.flatMap(({ period, ranking }): SeriesPoint[] => {
    const row = ranking.rows.find((r) => r.code === county);
    if (row) {
      return [
        {
          period,
          value: row.value,
          exactValue: row.exactValue,
          valueText: row.valueText,
          unit: row.unit,
          flags: row.flags,
          breakInSeries: false,
          breakNote: null,
          revised: false,
          trend: 'UNKNOWN',
          quote: row.quote,
          citation: row.citation,
          source: row.source,
        },
      ];
    }
    // Without a figure the period still says why (withheld, a sum with municipalities missing).
    const missing = ranking.missing.find((m) => m.code === county && m.reason !== 'NO_VALUE');
    return missing
      ? [
          {
            period,
            value: null,
            exactValue: null,
            valueText: missing.valueText,
            unit: null,
            flags: [missing.reason],
            breakInSeries: false,
            breakNote: null,
            revised: false,
            trend: 'UNKNOWN',
            quote: missing.detail,
            citation: missing.citation ?? '',
            source: null,
          },
        ]
      : [];
  });
  const name = answers.flatMap((a) => [...a.ranking.rows, ...a.ranking.missing]).find((u) => u.code === county)?.name ?? county;
  return { code: county, name, direction: 'NEITHER', warnings: [], points };
}
