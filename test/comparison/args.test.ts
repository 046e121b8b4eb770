import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { CompositeIndexArgs, IndicatorWeight, problemsOf, RankingArgs, RankingScope } from '../../src/modules/comparison/comparison.args';

/**
 * Validation of comparison arguments, as the CSV and JSON downloads use it (comparison.routes.ts):
 * every problem, nested input objects included, under the dotted path a client can fix.
 */

const scope = (fields: Partial<RankingScope>) => Object.assign(new RankingScope(), fields);
const weight = (code: string, w: number) => Object.assign(new IndicatorWeight(), { code, weight: w });

describe('comparison arguments', () => {
  it('accepts a valid ranking and checks no field that was left out', () => {
    expect(problemsOf(Object.assign(new RankingArgs(), { indicator: 'social_assistance.recipients_yearly' }))).toEqual([]);
    expect(problemsOf(Object.assign(new RankingArgs(), { indicator: 'social_assistance.recipients_yearly', period: '2018', scope: scope({ county: '18', kostraGroup: '13' }) }))).toEqual([]);
  });

  it('names each problem of a nested scope under its own path, each once', () => {
    const problems = problemsOf(
      Object.assign(new RankingArgs(), {
        indicator: 'social_assistance.recipients_yearly',
        period: '2018',
        scope: scope({ county: '1', kostraGroup: '17', municipalities: ['1804', '180'] }),
      }),
    );
    expect(problems).toEqual([
      { path: 'scope.county', message: 'county must be a two-digit county number such as "18"' },
      { path: 'scope.municipalities', message: 'municipalities must be four-digit municipality codes such as "1804"' },
      { path: 'scope.kostraGroup', message: 'kostraGroup must be a KOSTRA group number from 1 to 16, such as "13"' },
    ]);
  });

  it('checks each weighted indicator of a composite index by its place in the list', () => {
    const problems = problemsOf(
      Object.assign(new CompositeIndexArgs(), {
        period: '2018',
        indicators: [weight('social_assistance.recipients_yearly', 1), weight('Andel', 0), weight('staff.employees', 1001)],
      }),
    );
    // Each once, under its own path: the list itself adds no summary of its items' problems.
    expect(problems).toEqual([
      { path: 'indicators[1].code', message: expect.stringMatching(/^code must be an indicator code such as/) },
      { path: 'indicators[1].weight', message: 'weight must be more than 0' },
      { path: 'indicators[2].weight', message: 'weight must be at most 1000' },
    ]);
  });

  it('reads nothing into values that are not objects', () => {
    expect(problemsOf(null)).toEqual([]);
    expect(problemsOf('2018')).toEqual([]);
    expect(problemsOf([Object.assign(new RankingArgs(), { indicator: 'x y' })])).toEqual([
      { path: '[0].indicator', message: expect.stringMatching(/^indicator must be an indicator code/) },
    ]);
  });
});
