import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import type { PublishedTarget, SeriesPoint } from '../api/types';
import { formatExact, t, unitLabel } from '../i18n';
import type { Lang } from '../state';
import { COLOURS, hideDecoration } from './RankingChart';
import { useWidth } from './useWidth';

interface Props {
  points: SeriesPoint[];
  targets: PublishedTarget[];
  unit: string | null;
  lang: Lang;
}

/**
 * One unit's figures over time. The line is broken where the unit's area changed (a merger): the
 * figures on either side cover different areas. Targets are drawn as ticks at their period,
 * breaks as dashed lines, revised figures with a ring.
 */
export function TimeSeriesChart({ points, targets, unit, lang }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);

  useEffect(() => {
    const container = box.current;
    if (!container || width === 0) return;
    // Each stretch between breaks is its own line.
    let stretch = 0;
    const data = points.map((p) => {
      if (p.breakInSeries) stretch++;
      return { ...p, stretch };
    });
    const withValue = data.filter((p) => p.value !== null);
    const bounds = targets.flatMap((o) =>
      o.target
        ? (['lower', 'upper'] as const).flatMap((side) => {
            const bound = o.target?.[side];
            return bound === null || bound === undefined ? [] : [{ period: o.period, side, bound, text: o.target?.text ?? '' }];
          })
        : [],
    );
    const periods = [...new Set([...points.map((p) => p.period), ...bounds.map((b) => b.period)])].sort();
    const label = unitLabel(lang, unit);
    const chart = Plot.plot({
      width,
      height: 240,
      marginLeft: 56,
      marginBottom: 36,
      x: { type: 'point', domain: periods, label: null, padding: 0.3 },
      y: { grid: true, label, zero: false, nice: true },
      marks: [
        Plot.ruleX(
          data.filter((p) => p.breakInSeries),
          { x: 'period', stroke: COLOURS.break, strokeDasharray: '4 3', title: (p: SeriesPoint) => p.breakNote ?? t(lang, 'breakInSeries') },
        ),
        Plot.lineY(withValue, { x: 'period', y: 'value', z: 'stretch', stroke: COLOURS.bar, strokeWidth: 2 }),
        // A point scale has no band for a tick: each bound is a line through its periods, with a mark at each.
        Plot.lineY(bounds, { x: 'period', y: 'bound', z: 'side', stroke: COLOURS.target, strokeWidth: 1.5, strokeDasharray: '2 3', curve: 'step' }),
        Plot.dot(bounds, {
          x: 'period',
          y: 'bound',
          symbol: 'diamond2',
          r: 5,
          stroke: COLOURS.target,
          strokeWidth: 2,
          title: (b: { text: string; period: string }) => `${t(lang, 'target')} ${b.period}: ${b.text}`,
        }),
        Plot.dot(
          withValue.filter((p) => p.revised),
          { x: 'period', y: 'value', r: 8, stroke: COLOURS.revised, strokeWidth: 2, fill: 'none' },
        ),
        Plot.dot(withValue, {
          x: 'period',
          y: 'value',
          r: 4,
          fill: COLOURS.bar,
          title: (p: SeriesPoint) =>
            `${p.period}: ${formatExact(lang, p.exactValue)} ${label}${p.revised ? ` (${t(lang, 'revised')})` : ''}${p.breakInSeries ? ` (${t(lang, 'breakInSeries')})` : ''}`,
        }),
      ],
      ariaLabel: t(lang, 'timeSeries'),
    });
    // The last dot mark holds one circle per point with a value, in order.
    const dotGroups = chart.querySelectorAll('g[aria-label="dot"]');
    const dots = dotGroups[dotGroups.length - 1]?.querySelectorAll<SVGCircleElement>('circle') ?? [];
    dots.forEach((dot, i) => {
      const p = withValue[i];
      if (!p) return;
      dot.dataset.testid = 'series-point';
      dot.dataset.period = p.period;
      dot.dataset.value = p.exactValue ?? '';
    });
    hideDecoration(chart);
    container.replaceChildren(chart);
    return () => chart.remove();
  }, [points, targets, unit, lang, width]);

  return <div ref={box} data-testid="time-series-chart" className="plot" />;
}
