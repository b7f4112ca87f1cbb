import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../sim/app/montecarlo/summary';
import type { RunRecord } from '../../../../sim/app/montecarlo/task';

/** A record whose run ended with `outcome`, stopped (if short) by `stop`. */
function record(plan: string, index: number, outcome: string, stop = ''): RunRecord {
  const summary = {
    outcome, stop_reason: stop, verdict: outcome, safety_violations: { tilt: false, clearance: false, joint: false, tip_over: false },
    path_ratio: 1, distance_m: 10, sols: 1, min_clearance_m: 0.3, max_tilt_deg: 5, energy_wh: 100, drive_energy_wh: 40, min_soc: 0.8, final_error_m: 1, hazard_stops: stop ? 1 : 0,
  };
  return { index, plan, seed: 1000 + index, summary: summary as unknown as RunRecord['summary'] };
}

describe('summary.json', () => {
  const records = [
    record('human', 0, 'reached'), record('ai', 0, 'reached'),
    record('human', 1, 'stopped_hazard', 'AUTONAV_NO_PATH'), record('ai', 1, 'reached'),
    record('human', 2, 'reached'), record('ai', 2, 'stopped_hazard', 'AUTONAV_NO_PATH'),
    record('human', 3, 'fault', 'FP_TILT'), record('ai', 3, 'reached'),
  ];
  const s = summarize({ scenario: 'x', batch_seed: 1, runs: 4, plans: ['human', 'ai'] }, records);

  it('gives the share of completed runs each onboard event stopped short of the goal', () => {
    expect(s.plans.human.stopped_by).toEqual({ AUTONAV_NO_PATH: { runs: 1, share: 0.25 }, FP_TILT: { runs: 1, share: 0.25 } });
    expect(s.plans.ai.stopped_by).toEqual({ AUTONAV_NO_PATH: { runs: 1, share: 0.25 } });
  });

  it('lists, by seed, the paired runs where only one plan reached the goal', () => {
    expect(s.paired_comparisons).toHaveLength(1);
    const p = s.paired_comparisons![0] as { only_first: number; only_second: number; discordant_runs: Record<string, unknown> };
    expect([p.only_first, p.only_second]).toEqual([1, 2]);
    expect(p.discordant_runs).toEqual({ human_only: [{ index: 2, seed: 1002 }], ai_only: [{ index: 1, seed: 1001 }, { index: 3, seed: 1003 }] });
  });
});
