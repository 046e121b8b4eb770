import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from './api/client';
import { loadCatalog, loadRanking, rankingVariables } from './api/ranking';
import type { CatalogAnswer, CatalogIndicator, Ranking } from './api/types';
import { Controls } from './components/Controls';
import { CopyButton } from './components/CopyButton';
import { ErrorBoundary } from './components/ErrorBoundary';
import { MapSlot } from './components/MapSlot';
import { RankingChart } from './components/RankingChart';
import { RankingTable } from './components/RankingTable';
import { UnitPanel } from './components/UnitPanel';
import { coverageText, formatExact, t, unitLabel } from './i18n';
import { DEFAULT_INDICATOR, downloadHref, formatState, normalisationApplies, parseState, type ViewState } from './state';

type Status = 'loading' | 'ready' | 'error';

export function App() {
  const [state, setState] = useState<ViewState>(() => parseState(window.location.search, navigator.languages));
  const [catalog, setCatalog] = useState<CatalogAnswer | null>(null);
  const [ranking, setRanking] = useState<Ranking | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [error, setError] = useState<string | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** The variables of the ranking on screen. */
  const shown = useRef<string | null>(null);
  const shownAttempt = useRef(0);
  const lang = state.lang;
  const indicatorCode = state.indicator ?? DEFAULT_INDICATOR;

  const indicators = useMemo(() => new Map((catalog?.themes ?? []).flatMap((th) => th.indicators.map((i) => [i.code, i] as const))), [catalog]);
  const indicator: CatalogIndicator | undefined = indicators.get(indicatorCode);

  const update = useCallback((change: Partial<ViewState>) => setState((s) => ({ ...s, ...change })), []);
  const select = useCallback((unit: string | null) => update({ unit }), [update]);

  // The URL always holds the whole state, so that copying it from the address bar is a permalink too.
  // Each view a reader chose is a step back can return to; filling in the defaults of a bare link is not.
  useEffect(() => {
    const search = formatState({ ...state, indicator: indicatorCode });
    const inUrl = new URLSearchParams(window.location.search);
    if (search !== window.location.search) {
      if (inUrl.has('indicator') && inUrl.has('period')) window.history.pushState(null, '', search);
      else window.history.replaceState(null, '', search);
    }
    document.documentElement.lang = state.lang;
  }, [state, indicatorCode]);

  useEffect(() => {
    const onPop = () => setState(parseState(window.location.search, navigator.languages));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // Without the catalog the ranking on screen still stands; only the controls say what is missing.
  useEffect(() => {
    loadCatalog().then(
      (answer) => {
        setCatalog(answer);
        setCatalogError(null);
      },
      (e: unknown) => setCatalogError(messageOf(e)),
    );
  }, [attempt]);

  useEffect(() => {
    let current = true;
    const view = { ...state, indicator: indicatorCode };
    // The period picked by default is written into the URL: the view on screen stays as it is.
    if (state.period && shown.current === JSON.stringify(rankingVariables(view, state.period)) && attempt === shownAttempt.current) return;
    setStatus('loading');
    loadRanking(view).then(
      (answer) => {
        if (!current) return;
        shown.current = JSON.stringify(rankingVariables(view, answer.period));
        shownAttempt.current = attempt;
        setRanking(answer);
        setError(null);
        setStatus('ready');
        if (!state.period && answer.period) update({ period: answer.period });
      },
      (e: unknown) => {
        if (!current) return;
        setError(messageOf(e));
        setStatus('error');
      },
    );
    return () => {
      current = false;
    };
  }, [indicatorCode, state.period, state.level, state.scope, state.normalise, attempt, update]);

  const chooseIndicator = (code: string) => {
    const next = indicators.get(code);
    // Keep the period where the new indicator has figures for it; otherwise its own default.
    const period = next && state.period && next.periods.includes(state.period) ? state.period : null;
    const normalise = next && !normalisationApplies(next.unit) ? 'none' : state.normalise;
    // The unit stays open: a reader follows one municipality from indicator to indicator.
    update({ indicator: code, period, normalise });
  };

  const rankedPeriod = ranking?.period ?? state.period;
  const rankingMatches = ranking !== null && status !== 'error';
  const heading = indicator ? (lang === 'nb' ? indicator.nameNb : indicator.nameEn) : indicatorCode;

  useEffect(() => {
    document.title = `${heading}${rankedPeriod ? ` ${rankedPeriod}` : ''} – Målestokk`;
  }, [heading, rankedPeriod]);

  return (
    <div className="app" data-testid="app" data-state={status} aria-busy={status === 'loading'}>
      <a className="skip" href="#ranking">
        {lang === 'nb' ? 'Hopp til rangeringen' : 'Skip to the ranking'}
      </a>
      <header className="top">
        <div>
          <h1>{t(lang, 'title')}</h1>
          <p className="tagline">{t(lang, 'tagline')}</p>
        </div>
        <div className="top-actions">
          <label>
            <span>{t(lang, 'language')}</span>
            <select data-testid="lang-select" value={lang} onChange={(e) => update({ lang: e.target.value === 'en' ? 'en' : 'nb' })}>
              <option value="nb">Norsk (bokmål)</option>
              <option value="en">English</option>
            </select>
          </label>
          <a href="/graphql">{t(lang, 'playground')}</a>
        </div>
      </header>

      <div className="layout">
        <div className="side">
          {catalogError ? (
            <div className="error" role="alert">
              <p>
                {t(lang, 'error')}: {catalogError}
              </p>
              <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                {t(lang, 'retry')}
              </button>
            </div>
          ) : null}
          <Controls state={state} indicatorCode={indicatorCode} catalog={catalog} indicator={indicator} period={rankedPeriod} onChange={update} onIndicator={chooseIndicator} />
        </div>

        <main id="ranking" className="results" tabIndex={-1}>
          <section className="summary" aria-labelledby="indicator-heading">
            <h2 id="indicator-heading">
              {heading}
              {rankedPeriod ? <span className="period"> {rankedPeriod}</span> : null}
            </h2>
            {indicator ? (
              <p className="description">
                {indicator.description}{' '}
                <span className="meta">
                  {t(lang, 'unitLabel')}: {unitLabel(lang, ranking?.unit ?? indicator.unit)} ·{' '}
                  {t(lang, indicator.direction === 'HIGHER_IS_BETTER' ? 'higherIsBetter' : indicator.direction === 'LOWER_IS_BETTER' ? 'lowerIsBetter' : 'noDirection')}
                </span>
              </p>
            ) : null}
            <div aria-live="polite" aria-atomic="true" className="live">
              {status === 'loading' ? <p className="loading">{t(lang, 'loading')}</p> : null}
              {status === 'error' ? (
                <div className="error" role="alert">
                  <p data-testid="error">
                    {t(lang, 'error')}: {error}
                  </p>
                  <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                    {t(lang, 'retry')}
                  </button>
                </div>
              ) : null}
              {rankingMatches ? (
                <p className="coverage" data-testid="coverage">
                  {coverageText(lang, ranking.coverage)}
                  {ranking.national?.exactValue ? (
                    <span className="national">
                      {' '}
                      · {t(lang, 'national')}: {formatExact(lang, ranking.national.exactValue)} {unitLabel(lang, ranking.unit)}
                    </span>
                  ) : null}
                </p>
              ) : null}
            </div>
            {rankingMatches ? (
              <section data-testid="warnings" className="warnings" aria-label={t(lang, 'warnings')}>
                {ranking.warnings.length ? (
                  <>
                    <h3>{t(lang, 'warnings')}</h3>
                    <ul>
                      {ranking.warnings.map((w) => (
                        <li key={w} data-testid="warning">
                          {w}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </section>
            ) : null}
          </section>

          <nav className="downloads" aria-label={t(lang, 'downloads')}>
            <a data-testid="download-csv" href={downloadHref('csv', { ...state, indicator: indicatorCode }, rankedPeriod) ?? undefined} download>
              {t(lang, 'downloadCsv')}
            </a>
            <a data-testid="download-json" href={downloadHref('json', { ...state, indicator: indicatorCode }, rankedPeriod) ?? undefined} download>
              {t(lang, 'downloadJson')}
            </a>
            <CopyButton testId="copy-permalink" lang={lang} label={t(lang, 'copyPermalink')} text={() => window.location.href} />
          </nav>

          {rankingMatches ? (
            <>
              <div className="visuals">
                <ErrorBoundary fallback={<p role="alert">{t(lang, 'error')}</p>}>
                  <RankingChart ranking={ranking} lang={lang} selected={state.unit} onSelect={select} />
                </ErrorBoundary>
                <ErrorBoundary fallback={<p role="alert">{t(lang, 'error')}</p>}>
                  <MapSlot ranking={ranking} indicator={indicatorCode} lang={lang} onSelect={select} />
                </ErrorBoundary>
              </div>
              {state.unit ? (
                <UnitPanel
                  key={`${state.unit}/${indicatorCode}/${state.level}`}
                  code={state.unit}
                  level={state.level}
                  indicator={indicatorCode}
                  period={rankedPeriod}
                  periods={indicator?.periods ?? []}
                  ranking={ranking}
                  lang={lang}
                  onSelect={select}
                  onClose={() => select(null)}
                />
              ) : null}
              <RankingTable ranking={ranking} lang={lang} selected={state.unit} onSelect={select} />
            </>
          ) : null}
        </main>
      </div>
      <footer className="foot">
        <p>
          {t(lang, 'madeFrom')} {t(lang, 'mapCredit')}.
        </p>
      </footer>
    </div>
  );
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The hub could not be reached.';
  return error instanceof Error ? error.message : String(error);
}
