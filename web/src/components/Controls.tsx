import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { request } from '../api/client';
import type { CatalogAnswer, CatalogIndicator, CatalogTheme, IndicatorSearchAnswer } from '../api/types';
import { t, unitLabel } from '../i18n';
import IndicatorSearchQuery from '../queries/IndicatorSearch.graphql';
import { type Lang, type Level, LEVELS, type NormaliseKey, normalisationApplies, parseScope, type Scope, scopeAllowed, type ViewState } from '../state';

interface Props {
  state: ViewState;
  indicatorCode: string;
  catalog: CatalogAnswer | null;
  indicator: CatalogIndicator | undefined;
  /** The period on screen (the default one until the reader picks another). */
  period: string | null;
  onChange: (change: Partial<ViewState>) => void;
  onIndicator: (code: string) => void;
}

const KOSTRA_GROUPS = Array.from({ length: 16 }, (_, i) => String(i + 1));

export function Controls({ state, indicatorCode, catalog, indicator, period, onChange, onIndicator }: Props) {
  const lang = state.lang;
  const scope = scopeAllowed(state.scope, state.level) ? state.scope : ({ kind: 'all' } as Scope);
  const canNormalise = indicator ? normalisationApplies(indicator.unit) : true;
  const counties = (catalog?.counties ?? []).filter((c) => c.validToYear === null);
  const setScopeKind = (kind: Scope['kind']) => {
    if (kind === 'all') return onChange({ scope: { kind: 'all' } });
    if (kind === 'county') return onChange({ scope: { kind: 'county', county: counties[0]?.code ?? '03' } });
    if (kind === 'kostra') return onChange({ scope: { kind: 'kostra', group: '13' } });
    onChange({ scope: { kind: 'list', codes: ['1804', '1505'] } });
  };
  return (
    <form className="controls" aria-label={lang === 'nb' ? 'Velg visning' : 'Choose the view'} onSubmit={(e) => e.preventDefault()}>
      <IndicatorPicker lang={lang} catalog={catalog} selected={indicatorCode} onSelect={onIndicator} />

      <label className="field">
        <span>{t(lang, 'period')}</span>
        <select data-testid="period-select" value={period ?? ''} onChange={(e) => onChange({ period: e.target.value || null, unit: state.unit })}>
          {period && !indicator?.periods.includes(period) ? <option value={period}>{period}</option> : null}
          {(indicator?.periods ?? []).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>

      <label className="field">
        <span>{t(lang, 'level')}</span>
        <select data-testid="level-select" value={state.level} onChange={(e) => onChange({ level: e.target.value as Level, unit: null })}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(lang, l)}
            </option>
          ))}
        </select>
      </label>

      <fieldset className="field scope">
        <legend>{t(lang, 'scope')}</legend>
        <select data-testid="scope-select" aria-label={t(lang, 'scope')} value={scope.kind} onChange={(e) => setScopeKind(e.target.value as Scope['kind'])}>
          <option value="all">{t(lang, 'scopeAll')}</option>
          <option value="county">{t(lang, 'scopeCounty')}</option>
          {state.level !== 'county' ? <option value="kostra">{t(lang, 'scopeKostra')}</option> : null}
          {state.level !== 'county' ? <option value="list">{t(lang, 'scopeList')}</option> : null}
        </select>
        {scope.kind === 'county' ? (
          <label>
            <span>{t(lang, 'scopeCountyValue')}</span>
            <select data-testid="scope-value" value={scope.county} onChange={(e) => onChange({ scope: { kind: 'county', county: e.target.value } })}>
              {counties.some((c) => c.code === scope.county) ? null : <option value={scope.county}>{scope.county}</option>}
              {counties.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {scope.kind === 'kostra' ? (
          <label>
            <span>{t(lang, 'scopeKostraValue')}</span>
            <select data-testid="scope-value" value={scope.group} onChange={(e) => onChange({ scope: { kind: 'kostra', group: e.target.value } })}>
              {KOSTRA_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(lang, 'kostraGroup')} {g}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {scope.kind === 'list' ? <CodeList lang={lang} codes={scope.codes} onChange={(codes) => onChange({ scope: { kind: 'list', codes } })} /> : null}
      </fieldset>

      <label className="field">
        <span>{t(lang, 'normalise')}</span>
        <select
          data-testid="normalise-select"
          value={canNormalise ? state.normalise : 'none'}
          disabled={!canNormalise}
          aria-describedby={canNormalise ? undefined : 'normalise-note'}
          onChange={(e) => onChange({ normalise: e.target.value as NormaliseKey })}
        >
          <option value="none">{t(lang, 'normaliseNone')}</option>
          <option value="total">{t(lang, 'normaliseTotal')}</option>
          <option value="age_20_66">{t(lang, 'normalise2066')}</option>
          <option value="age_18_24">{t(lang, 'normalise1824')}</option>
        </select>
        {canNormalise ? null : (
          <small id="normalise-note" className="note">
            {t(lang, 'normaliseNotApplicable')}
          </small>
        )}
      </label>
    </form>
  );
}

/** The list scope: municipality codes typed by hand, applied on Enter or when the field is left. */
function CodeList({ lang, codes, onChange }: { lang: Lang; codes: string[]; onChange: (codes: string[]) => void }) {
  const [text, setText] = useState(codes.join(', '));
  useEffect(() => setText(codes.join(', ')), [codes]);
  const apply = () => {
    const scope = parseScope(`list:${text.replace(/\s+/g, '')}`);
    if (scope.kind === 'list') onChange(scope.codes);
    else setText(codes.join(', '));
  };
  return (
    <label>
      <span>{t(lang, 'scopeListValue')}</span>
      <input
        data-testid="scope-value"
        type="text"
        inputMode="numeric"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          }
        }}
      />
    </label>
  );
}

/** Lower case without accents, as the API's search reads text: "Bodø" and "bodo" match. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/å/g, 'a')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '');
}

interface Group {
  theme: CatalogTheme;
  label: string;
  indicators: CatalogIndicator[];
}

/**
 * Indicators grouped by theme, filtered by a search in Norwegian or English. The API's search
 * (accents ignored, every word must match) decides; until it answers, a local match on the
 * names shows at once.
 */
function IndicatorPicker({ lang, catalog, selected, onSelect }: { lang: Lang; catalog: CatalogAnswer | null; selected: string; onSelect: (code: string) => void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; codes: Set<string> } | null>(null);
  const listId = useId();
  const hintId = useId();
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) return;
    let current = true;
    const timer = window.setTimeout(() => {
      request<IndicatorSearchAnswer>(IndicatorSearchQuery, { search: q }).then(
        (a) => current && setFound({ query: q, codes: new Set(a.indicators.nodes.map((n) => n.code)) }),
        () => undefined,
      );
    }, 200);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query]);

  const groups: Group[] = useMemo(() => {
    const themes = catalog?.themes ?? [];
    const byCode = new Map(themes.map((th) => [th.code, th]));
    const q = query.trim();
    const words = fold(q).split(/\s+/).filter(Boolean);
    const matches = (i: CatalogIndicator) => {
      if (!q) return true;
      if (found && found.query === q) return found.codes.has(i.code);
      const text = fold(`${i.code} ${i.nameNb} ${i.nameEn}`);
      return words.every((w) => text.includes(w));
    };
    return themes
      .map((theme) => {
        const parent = theme.parent ? byCode.get(theme.parent.code) : undefined;
        const name = (th: CatalogTheme) => (lang === 'nb' ? th.nameNb : th.nameEn);
        return { theme, label: parent ? `${name(parent)} › ${name(theme)}` : name(theme), indicators: theme.indicators.filter(matches) };
      })
      .filter((g) => g.indicators.length > 0);
  }, [catalog, query, found, lang]);

  // The chosen indicator is shown in the list without scrolling the page itself.
  useEffect(() => {
    const box = list.current;
    const option = box?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!box || !option) return;
    const top = option.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + option.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, top - 32);
  }, [selected, catalog]);

  const options = () => Array.from(list.current?.querySelectorAll<HTMLElement>('[role="option"]:not([aria-disabled="true"])') ?? []);
  const move = (from: HTMLElement | null, step: number) => {
    const all = options();
    const at = from ? all.indexOf(from) : -1;
    // With no option to move to, the focus stays where it is.
    all[Math.max(0, Math.min(all.length - 1, at + step))]?.focus();
  };

  return (
    <div className="picker">
      <label className="field" htmlFor={`${listId}-search`}>
        <span>{t(lang, 'indicator')}</span>
      </label>
      <input
        id={`${listId}-search`}
        data-testid="indicator-search"
        type="search"
        placeholder={t(lang, 'searchIndicator')}
        aria-describedby={hintId}
        aria-controls={listId}
        autoComplete="off"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            move(null, 1);
          }
          if (e.key === 'Enter') {
            e.preventDefault();
            const first = options()[0];
            if (first?.dataset.code) onSelect(first.dataset.code);
          }
        }}
      />
      <small id={hintId} className="note">
        {t(lang, 'searchHint')}
      </small>
      <ul id={listId} ref={list} className="options" role="listbox" aria-label={t(lang, 'indicator')}>
        {groups.length === 0 && catalog ? <li className="empty">{t(lang, 'noIndicatorMatch')}</li> : null}
        {groups.map((g) => (
          <li key={g.theme.code} role="presentation">
            <ul role="group" aria-label={g.label}>
              <li role="presentation" className="group-label" aria-hidden="true">
                {g.label}
              </li>
              {g.indicators.map((i) => {
                // Without figures, or without a direction (the API ranks neither way), there is nothing to rank.
                const empty = i.periods.length === 0 || i.direction === 'NEITHER';
                const isSelected = i.code === selected;
                return (
                  <li
                    key={i.code}
                    role="option"
                    data-testid="indicator-option"
                    data-code={i.code}
                    aria-selected={isSelected}
                    aria-disabled={empty || undefined}
                    tabIndex={isSelected ? 0 : -1}
                    title={i.description}
                    className={isSelected ? 'option selected' : 'option'}
                    onClick={() => !empty && onSelect(i.code)}
                    onKeyDown={(e) => {
                      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                        e.preventDefault();
                        move(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
                      } else if ((e.key === 'Enter' || e.key === ' ') && !empty) {
                        e.preventDefault();
                        onSelect(i.code);
                      }
                    }}
                  >
                    <span className="option-name">{lang === 'nb' ? i.nameNb : i.nameEn}</span>
                    <span className="option-meta">
                      {unitLabel(lang, i.unit)}
                      {' · '}
                      <span aria-label={t(lang, i.direction === 'HIGHER_IS_BETTER' ? 'higherIsBetter' : i.direction === 'LOWER_IS_BETTER' ? 'lowerIsBetter' : 'noDirection')}>
                        {i.direction === 'HIGHER_IS_BETTER' ? '↑' : i.direction === 'LOWER_IS_BETTER' ? '↓' : '–'}
                      </span>
                      {i.periods.length === 0 ? ` · ${t(lang, 'noFigures')}` : i.direction === 'NEITHER' ? ` · ${t(lang, 'notRanked')}` : null}
                    </span>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
