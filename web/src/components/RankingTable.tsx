import type { Direction, Ranking, RankingRow } from '../api/types';
import { flagLabel, formatExact, formatNumber, reasonLabel, t, unitLabel } from '../i18n';
import type { Lang } from '../state';

interface Props {
  ranking: Ranking;
  lang: Lang;
  selected: string | null;
  onSelect: (code: string) => void;
}

/** Better, worse or the same, by the indicator's direction; null without a change. */
export function changeVerdict(change: number | null, direction: Direction): 'improved' | 'worsened' | 'unchanged' | null {
  if (change === null || direction === 'NEITHER') return null;
  if (change === 0) return 'unchanged';
  return (change < 0) === (direction === 'LOWER_IS_BETTER') ? 'improved' : 'worsened';
}

export function RankingTable({ ranking, lang, selected, onSelect }: Props) {
  const unit = unitLabel(lang, ranking.unit);
  return (
    <div className="table-wrap">
      <h3 id="ranking-table-title">{t(lang, 'rankingTable')}</h3>
      <div className="scroll" role="region" aria-labelledby="ranking-table-title" tabIndex={0}>
        <table data-testid="ranking-table" className="ranking">
          <caption className="visually-hidden">{t(lang, 'rankingCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'rank')}</th>
              <th scope="col">{t(lang, 'name')}</th>
              <th scope="col" className="num">
                {t(lang, 'value')} <span className="unit">({unit})</span>
              </th>
              <th scope="col" className="num">
                {t(lang, 'change')}
              </th>
              <th scope="col">{t(lang, 'target')}</th>
              <th scope="col">{t(lang, 'flags')}</th>
            </tr>
          </thead>
          <tbody>
            {ranking.rows.map((row) => (
              <Row key={row.code} row={row} ranking={ranking} lang={lang} selected={row.code === selected} onSelect={onSelect} />
            ))}
          </tbody>
          {ranking.missing.length ? (
            <tbody className="missing">
              <tr>
                <th scope="rowgroup" colSpan={6}>
                  {t(lang, 'withoutFigure')} ({ranking.missing.length})
                </th>
              </tr>
              {ranking.missing.map((m) => (
                <tr key={m.code} data-testid="missing-row" data-code={m.code} className={m.code === selected ? 'selected' : undefined}>
                  <td>–</td>
                  <th scope="row">
                    {/* A unit without a figure this period may have figures in others. */}
                    <button type="button" className="link" aria-pressed={m.code === selected} onClick={() => onSelect(m.code)}>
                      {m.name}
                    </button>
                  </th>
                  <td className="num">{m.valueText ?? '–'}</td>
                  <td />
                  <td />
                  <td title={m.detail}>{reasonLabel(lang, m.reason)}</td>
                </tr>
              ))}
            </tbody>
          ) : null}
        </table>
      </div>
    </div>
  );
}

function Row({ row, ranking, lang, selected, onSelect }: { row: RankingRow; ranking: Ranking; lang: Lang; selected: boolean; onSelect: (code: string) => void }) {
  const verdict = changeVerdict(row.changeFromPrevious, ranking.direction);
  const arrow = row.changeFromPrevious === null ? '' : row.changeFromPrevious > 0 ? '▲' : row.changeFromPrevious < 0 ? '▼' : '▬';
  const met = row.target?.met ?? row.targetMet;
  return (
    <tr data-testid="ranking-row" data-code={row.code} data-rank={row.rank} data-value={row.exactValue} className={selected ? 'selected' : undefined} onClick={() => onSelect(row.code)}>
      <td>{row.rank}</td>
      <th scope="row">
        <button
          type="button"
          className="link"
          aria-pressed={selected}
          onClick={(e) => {
            // The row's own click would select it a second time.
            e.stopPropagation();
            onSelect(row.code);
          }}
        >
          {row.name}
        </button>
      </th>
      <td className="num" title={row.valueText ? `${row.valueText}` : undefined}>
        {formatExact(lang, row.exactValue)}
      </td>
      <td className={`num change ${verdict ?? ''}`}>
        {row.changeFromPrevious === null ? (
          '–'
        ) : (
          <>
            <span aria-hidden="true">{arrow}</span> {formatNumber(lang, row.changeFromPrevious)}
            <span className="visually-hidden">
              {' '}
              {t(lang, 'since')} {row.previousPeriod}
              {verdict ? `, ${t(lang, verdict)}` : ''}
            </span>
          </>
        )}
      </td>
      <td>
        {row.target ? (
          <>
            {row.target.text}{' '}
            {met === null || met === undefined ? null : (
              <span className={met ? 'met' : 'not-met'}>
                <span aria-hidden="true">{met ? '✓' : '✗'}</span> {t(lang, met ? 'met' : 'notMet')}
              </span>
            )}
          </>
        ) : null}
      </td>
      <td>
        {row.flags.map((f) => (
          <span key={f} className="flag">
            {flagLabel(lang, f)}
          </span>
        ))}
      </td>
    </tr>
  );
}
