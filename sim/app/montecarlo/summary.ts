import { SAFETY_LIMITS, type SafetyLimit } from '../../world/safety';
import { distribution, pairedDifference, wilson } from './stats';
import type { RunRecord } from './task';
import { fixedTo } from '../../../src/core/round';

/*
 * A batch's summary.json: per plan, the success rate with its 95% Wilson interval, counts by outcome
 * and failure mode, the onboard event that stopped the runs that fell short, truth safety violations,
 * distributions, and the worst runs with their seeds; with several plans, the paired difference in
 * success rate and the runs where only one plan succeeded. A function of the records alone, in
 * index order, so the same batch gives the same summary however its runs were scheduled.
 */

/** How many discordant runs a paired comparison lists for each side (the counts are complete). */
const DISCORDANT_LISTED = 100;

const METRICS = ['path_ratio', 'distance_m', 'sols', 'min_clearance_m', 'max_tilt_deg', 'energy_wh', 'drive_energy_wh', 'min_soc', 'final_error_m', 'hazard_stops'] as const;

export interface BatchMeta {
  scenario: string;
  batch_seed: number;
  runs: number;
  plans: string[];
}

function planSummary(records: readonly RunRecord[]) {
  const done = records.filter((r) => r.summary);
  const errors = records.filter((r) => r.error);
  const reached = done.filter((r) => r.summary!.outcome === 'reached').length;
  const ci = wilson(reached, done.length);
  const count = (key: (r: RunRecord) => string) => {
    const out: Record<string, number> = {};
    for (const r of done) {
      const k = key(r);
      if (k) out[k] = (out[k] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  };
  const violations = { ...Object.fromEntries(SAFETY_LIMITS.map((k) => [k, 0])) as Record<SafetyLimit, number>, any: 0 };
  for (const r of done) {
    const v = r.summary!.safety_violations;
    for (const k of SAFETY_LIMITS) if (v[k]) violations[k]++;
    if (Object.values(v).some(Boolean)) violations.any++;
  }
  const worst = (metric: 'min_clearance_m' | 'max_tilt_deg', low: boolean) =>
    [...done].sort((a, b) => (low ? a.summary![metric] - b.summary![metric] : b.summary![metric] - a.summary![metric]) || a.index - b.index)
      .slice(0, 5).map((r) => ({ index: r.index, seed: r.seed, [metric]: r.summary![metric], outcome: r.summary!.outcome }));
  return {
    runs: records.length,
    completed: done.length,
    errors: errors.length,
    success: { reached, rate: round(done.length ? reached / done.length : 0), ci95: [round(ci.lo), round(ci.hi)], method: 'Wilson score' },
    outcomes: count((r) => r.summary!.outcome),
    failure_modes: count((r) => (r.summary!.outcome === 'reached' ? '' : `${r.summary!.outcome}${r.summary!.stop_reason ? `: ${r.summary!.stop_reason}` : ''}`)),
    // The onboard event that ended each run short of the goal, and the share of completed runs it stopped.
    stopped_by: Object.fromEntries(Object.entries(count((r) => (r.summary!.outcome === 'reached' ? '' : r.summary!.stop_reason)))
      .map(([event, n]) => [event, { runs: n, share: round(n / done.length) }])),
    safety_violations: violations,
    distributions: Object.fromEntries(METRICS.map((m) => [m, distribution(done.map((r) => r.summary![m]))])),
    worst_runs: {
      failures: done.filter((r) => r.summary!.outcome !== 'reached').slice(0, 10).map((r) => ({ index: r.index, seed: r.seed, outcome: r.summary!.outcome, verdict: r.summary!.verdict })),
      least_clearance: worst('min_clearance_m', true),
      most_tilt: worst('max_tilt_deg', false),
    },
    error_runs: errors.slice(0, 20).map((r) => ({ index: r.index, seed: r.seed, error: r.error })),
  };
}

/** One plan's part of a batch summary. */
export type PlanSummary = ReturnType<typeof planSummary>;

export function summarize(meta: BatchMeta, records: readonly RunRecord[]) {
  const byPlan = new Map<string, RunRecord[]>(meta.plans.map((p) => [p, []]));
  for (const r of [...records].sort((a, b) => a.index - b.index)) byPlan.get(r.plan)?.push(r);
  const plans = Object.fromEntries([...byPlan].map(([p, rs]) => [p, planSummary(rs)]));
  const paired: Record<string, unknown>[] = [];
  for (let i = 0; i < meta.plans.length; i++) {
    for (let j = i + 1; j < meta.plans.length; j++) {
      const [p1, p2] = [meta.plans[i], meta.plans[j]];
      const second = new Map(byPlan.get(p2)!.filter((r) => r.summary).map((r) => [r.index, r.summary!.outcome === 'reached']));
      let a = 0, d = 0;
      // The runs where one plan reached the goal and the other did not, by seed: the ones to replay.
      const onlyFirst: { index: number; seed: number }[] = [], onlySecond: { index: number; seed: number }[] = [];
      for (const r of byPlan.get(p1)!) {
        if (!r.summary || !second.has(r.index)) continue;
        const s1 = r.summary.outcome === 'reached', s2 = second.get(r.index)!;
        if (s1 && s2) a++;
        else if (s1) onlyFirst.push({ index: r.index, seed: r.seed });
        else if (s2) onlySecond.push({ index: r.index, seed: r.seed });
        else d++;
      }
      const b = onlyFirst.length, c = onlySecond.length;
      const diff = pairedDifference(a, b, c, d);
      paired.push({
        plans: [p1, p2], pairs: a + b + c + d, both: a, only_first: b, only_second: c, neither: d,
        success_difference: round(diff.difference), ci95: [round(diff.lo), round(diff.hi)], method: 'Newcombe (1998) method 10, paired',
        discordant_runs: { [`${p1}_only`]: onlyFirst.slice(0, DISCORDANT_LISTED), [`${p2}_only`]: onlySecond.slice(0, DISCORDANT_LISTED) },
      });
    }
  }
  return { scenario: meta.scenario, batch_seed: meta.batch_seed, runs_per_plan: meta.runs, plans, ...(paired.length ? { paired_comparisons: paired } : {}) };
}

const round = (v: number): number => fixedTo(v, 4);
