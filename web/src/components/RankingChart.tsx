import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import type { Ranking } from '../api/types';
import { formatExact, formatNumber, t, unitLabel } from '../i18n';
import type { Lang } from '../state';
import { useWidth } from './useWidth';

interface Props {
  ranking: Ranking;
  lang: Lang;
  selected: string | null;
  onSelect: (code: string) => void;
}

/** Plot reads a colour only as a literal; these match the page's styles.css (contrast ≥ 3:1 on white). */
export const COLOURS = { bar: '#4a6fa5', selected: '#c2410c', median: '#111827', target: '#15803d', break: '#7c3aed', revised: '#b45309' } as const;

/** Beyond this many bars, names would overlap: the axis is left out and each bar has a title. */
const MAX_NAMED_BARS = 30;

/** One bar: Plot hands each row back to the channel functions untyped. */
type BarRow = Ranking['rows'][number];

/** The ranked units as bars, best first, with the median drawn across them. */
export function RankingChart({ ranking, lang, selected, onSelect }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);

  useEffect(() => {
    const container = box.current;
    if (!container || width === 0) return;
    const rows = ranking.rows;
    const named = rows.length <= MAX_NAMED_BARS;
    const unit = unitLabel(lang, ranking.unit);
    const chart = Plot.plot({
      width,
      height: named ? 320 : 260,
      marginBottom: named ? 90 : 20,
      marginLeft: 56,
      x: { domain: rows.map((r) => r.code), axis: named ? 'bottom' : null, tickRotate: -45, tickFormat: (code: string) => rows.find((r) => r.code === code)?.name ?? code, label: null },
      y: { grid: true, label: unit, zero: true },
      marks: [
        Plot.barY(rows, {
          x: 'code',
          y: 'value',
          fill: (r: BarRow) => (r.code === selected ? COLOURS.selected : COLOURS.bar),
          title: (r: BarRow) => `${r.rank}. ${r.name}: ${formatExact(lang, r.exactValue)} ${unit}`,
        }),
        ...(ranking.median === null ? [] : [Plot.ruleY([ranking.median], { stroke: COLOURS.median, strokeWidth: 2, strokeDasharray: '6 3' })]),
        ...(ranking.median === null
          ? []
          : [
              Plot.text([ranking.median], {
                y: (d: number) => d,
                frameAnchor: 'right',
                dy: -8,
                text: (d: number) => `${t(lang, 'median')} ${formatNumber(lang, d)}`,
                fill: COLOURS.median,
                ariaHidden: 'true',
              }),
            ]),
        Plot.ruleY([0]),
      ],
      ariaLabel: `${t(lang, 'chart')}: ${ranking.rows.length}`,
      ariaDescription: ranking.median === null ? undefined : `${t(lang, 'median')} ${formatNumber(lang, ranking.median)} ${unit}`,
    });
    // Plot draws one rect per row, in the order of the data: the rows' codes go on them for clicks and tests.
    const bars = chart.querySelectorAll<SVGRectElement>('g[aria-label="bar"] rect');
    bars.forEach((bar, i) => {
      const row = rows[i];
      if (!row) return;
      bar.dataset.code = row.code;
      bar.dataset.value = row.exactValue;
      bar.classList.add('bar');
    });
    // Plot labels every mark's group; the ones that hold no labelled element are decoration, and a
    // label on a group without a role is refused by ARIA. The median is in the figure's description.
    chart.querySelector('g[aria-label="rule"][stroke-dasharray]')?.setAttribute('data-testid', 'median');
    hideDecoration(chart);
    chart.addEventListener('click', (event) => {
      const code = (event.target as Element).closest<SVGElement>('[data-code]')?.dataset.code;
      if (code) onSelect(code);
    });
    container.replaceChildren(chart);
    return () => chart.remove();
  }, [ranking, lang, selected, width, onSelect]);

  return (
    <figure className="chart">
      <figcaption>{t(lang, 'chart')}</figcaption>
      <div ref={box} data-testid="ranking-chart" className="plot" />
    </figure>
  );
}

/** Rules and lines carry no text of their own: hidden from screen readers, which read the table. */
export function hideDecoration(chart: Element): void {
  for (const group of chart.querySelectorAll('g[aria-label="rule"], g[aria-label="line"], g[aria-label="text"]')) {
    group.removeAttribute('aria-label');
    group.setAttribute('aria-hidden', 'true');
  }
}
