/**
 * A goal of the speed and memory issue (README, Performance) against what a benchmark measured.
 * `npm run bench`, `bench:memory` and `bench:import` each end with the goals they can judge.
 */
export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

export function printGoals(goals: readonly Goal[]): void {
  console.log('\n  goals:');
  for (const g of goals) console.log(`  ${g.met ? 'met    ' : 'NOT MET'}  ${g.goal}: ${g.measured}`);
}
