import { wilson } from '../montecarlo/stats';
import type { RunRecord } from '../montecarlo/task';
import type { RunSummary } from '../runner/run';
import { roundTo } from '../../../src/core/round';

/*
 * The twin check before uplink: GO or NO-GO for a plan, with the reasons. A plan is NO-GO
 * when it breaks a flight rule (nothing is run then: the uplink would refuse it), when the nominal run
 * does not reach the goal, when any run (nominal or dispersed) breaks a truth safety limit (tilt,
 * belly clearance, suspension travel, tip-over), or when a run could not be made (an error: the check
 * is not complete). A dispersed run that stops safely short of the goal is a finding, listed with its
 * seed and a replay line, not a veto: the rover waits for the ground, as on Mars.
 */

export type Decision = 'GO' | 'NO-GO';

export interface NoGoReason {
  kind: 'flight_rule' | 'nominal' | 'safety' | 'error';
  /** 'nominal', or the dispersed run's index. */
  run?: 'nominal' | number;
  seed?: number;
  message: string;
}

export interface DispersedFinding {
  index: number;
  seed: number;
  outcome: string;
  verdict: string;
  /** The command that reruns this run alone. */
  replay: string;
}

export interface VerifyReport {
  scenario: string;
  plan: string;
  decision: Decision;
  reasons: NoGoReason[];
  flight_rules: { ok: boolean; violations: string[]; warnings: string[] };
  nominal: Pick<RunSummary, 'outcome' | 'verdict' | 'seed' | 'distance_m' | 'sols' | 'max_tilt_deg' | 'min_clearance_m' | 'hazard_stops' | 'safety_violations'> | null;
  dispersed: {
    runs: number;
    batch_seed: number;
    reached: number;
    success_rate: number;
    ci95: [number, number];
    /** Runs that stopped safely short of the goal. */
    findings: DispersedFinding[];
  } | null;
}

export interface VerifyInputs {
  scenario: string;
  plan: string;
  flightRules: { ok: boolean; violations: string[]; warnings: string[] };
  nominal?: RunSummary;
  dispersed?: { batchSeed: number; records: RunRecord[]; replay: (index: number) => string };
}

const unsafe = (v: RunSummary['safety_violations']): string[] => Object.entries(v).filter(([, broken]) => broken).map(([limit]) => limit.replace('_', '-'));

export function verifyDecision(i: VerifyInputs): VerifyReport {
  const reasons: NoGoReason[] = i.flightRules.violations.map((message) => ({ kind: 'flight_rule', message }));
  const n = i.nominal;
  if (n) {
    if (n.outcome !== 'reached') reasons.push({ kind: 'nominal', run: 'nominal', seed: n.seed, message: `the nominal run does not reach the goal: ${n.outcome}, ${n.verdict}` });
    const broken = unsafe(n.safety_violations);
    if (broken.length) reasons.push({ kind: 'safety', run: 'nominal', seed: n.seed, message: `the nominal run breaks truth safety limits: ${broken.join(', ')}` });
  }
  let dispersed: VerifyReport['dispersed'] = null;
  if (i.dispersed) {
    const records = [...i.dispersed.records].sort((a, b) => a.index - b.index);
    const findings: DispersedFinding[] = [];
    let reached = 0;
    for (const r of records) {
      if (!r.summary) {
        reasons.push({ kind: 'error', run: r.index, seed: r.seed, message: `dispersed run ${r.index} (seed ${r.seed}) could not be made: ${r.error ?? 'no summary'}` });
        continue;
      }
      const broken = unsafe(r.summary.safety_violations);
      if (broken.length) reasons.push({ kind: 'safety', run: r.index, seed: r.seed, message: `dispersed run ${r.index} (seed ${r.seed}) breaks truth safety limits: ${broken.join(', ')}` });
      if (r.summary.outcome === 'reached') reached++;
      else findings.push({ index: r.index, seed: r.seed, outcome: r.summary.outcome, verdict: r.summary.verdict, replay: i.dispersed.replay(r.index) });
    }
    const ci = wilson(reached, records.length);
    dispersed = { runs: records.length, batch_seed: i.dispersed.batchSeed, reached, success_rate: round(records.length ? reached / records.length : 0), ci95: [round(ci.lo), round(ci.hi)], findings };
  }
  return {
    scenario: i.scenario,
    plan: i.plan,
    decision: reasons.length ? 'NO-GO' : 'GO',
    reasons,
    flight_rules: i.flightRules,
    nominal: n ? { outcome: n.outcome, verdict: n.verdict, seed: n.seed, distance_m: n.distance_m, sols: n.sols, max_tilt_deg: n.max_tilt_deg, min_clearance_m: n.min_clearance_m, hazard_stops: n.hazard_stops, safety_violations: n.safety_violations } : null,
    dispersed,
  };
}

/** verify.md: the decision first, then why, then what was checked. */
export function verifyMarkdown(r: VerifyReport): string {
  const lines = [`# ${r.scenario}, ${r.plan} plan: ${r.decision}`, ''];
  if (r.reasons.length) {
    lines.push('## Why NO-GO', '', ...r.reasons.map((x) => `- ${x.message}`), '');
  }
  lines.push('## Flight rules', '', r.flight_rules.ok ? '- pass' : '- broken (nothing was run: the uplink would refuse the plan)');
  for (const w of r.flight_rules.warnings) lines.push(`- warning: ${w}`);
  lines.push('');
  if (r.nominal) {
    const n = r.nominal;
    lines.push('## Nominal run', '', `- seed ${n.seed}: ${n.outcome}, ${n.verdict}`, `- ${n.distance_m} m in ${n.sols} sol(s), max tilt ${n.max_tilt_deg} deg, min clearance ${n.min_clearance_m} m, ${n.hazard_stops} hazard stop(s)`, '');
  }
  if (r.dispersed) {
    const d = r.dispersed;
    lines.push('## Dispersed runs', '', `- ${d.reached} of ${d.runs} reached the goal (${pct(d.success_rate)}, 95% CI ${pct(d.ci95[0])}–${pct(d.ci95[1])}), batch seed ${d.batch_seed}`);
    for (const f of d.findings) lines.push(`- run ${f.index} (seed ${f.seed}) stopped safely short: ${f.outcome}, ${f.verdict}. Replay: \`${f.replay}\``);
    lines.push('');
  }
  return lines.join('\n');
}

const round = (v: number): number => roundTo(v, 3);
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
