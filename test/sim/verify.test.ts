import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../sim/app/cli';
import type { RunRecord } from '../../sim/app/montecarlo/task';
import type { RunSummary } from '../../sim/app/runner/run';
import { verifyDecision } from '../../sim/app/verify/verify';
import { rover } from '../cli-harness';

/*
 * rover verify: the twin check before uplink, GO or NO-GO with the reasons, on shipped scenarios
 * (one of each), a plan that breaks a flight rule, and the decision rule on made-up records.
 */

const ROOT = resolve(__dirname, '../..');
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-verify-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('rover verify', () => {
  it('GO for boulder-field\'s baseline plan: flight rules, the nominal run and dispersed runs that replay', async () => {
    const out = join(work, 'go');
    const r = await rover('verify', join(ROOT, 'scenarios/boulder-field.yaml'), '--plan', 'baseline', '--runs', '2', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/^boulder-field, baseline plan: GO$/m);
    const report = JSON.parse(readFileSync(join(out, 'verify.json'), 'utf8'));
    expect(report).toMatchObject({ decision: 'GO', reasons: [], flight_rules: { ok: true }, nominal: { outcome: 'reached' }, dispersed: { runs: 2, batch_seed: 2020 } });
    expect(readFileSync(join(out, 'verify.md'), 'utf8')).toMatch(/^# boulder-field, baseline plan: GO\n/);
    expect(existsSync(join(out, 'nominal/summary.json'))).toBe(true);
    const replay = await rover('replay', join(out, 'dispersed'), '--run', '1');
    expect(replay.code).toBe(EXIT.ok);
    expect(replay.out).toMatch(/identical to its line in runs\.jsonl/);
  }, 300_000);

  it('NO-GO (exit 4) for boulder-field\'s human plan: the nominal run stops on a hazard, and the reason says so', async () => {
    const out = join(work, 'nogo');
    const r = await rover('verify', join(ROOT, 'scenarios/boulder-field.yaml'), '--plan', 'human', '--runs', '0', '--out', out);
    expect(r.code).toBe(EXIT.noGo);
    expect(r.out).toMatch(/^boulder-field, human plan: NO-GO$/m);
    expect(r.out).toMatch(/- the nominal run does not reach the goal: stopped_hazard, /);
    const report = JSON.parse(readFileSync(join(out, 'verify.json'), 'utf8'));
    expect(report.decision).toBe('NO-GO');
    expect(report.reasons).toEqual([expect.objectContaining({ kind: 'nominal', run: 'nominal', seed: 2020 })]);
    expect(report.dispersed).toBeNull();
  }, 300_000);

  it('NO-GO for a plan that breaks a flight rule, naming it; nothing is run', async () => {
    const plan = { format: 'rover-plan/1', scenario: 'boulder-field', waypoints: [{ x_m: 500, y_m: 500, tolerance_m: 1 }], rationale: 'too far', provenance: { planner: 'human' } };
    writeFileSync(join(work, 'far.plan.json'), JSON.stringify(plan));
    const out = join(work, 'rule');
    const r = await rover('verify', join(ROOT, 'scenarios/boulder-field.yaml'), '--plan', join(work, 'far.plan.json'), '--out', out);
    expect(r.code).toBe(EXIT.noGo);
    const report = JSON.parse(readFileSync(join(out, 'verify.json'), 'utf8'));
    expect(report.reasons.length).toBeGreaterThan(0);
    expect(report.reasons.every((x: { kind: string }) => x.kind === 'flight_rule')).toBe(true);
    expect(report.reasons.map((x: { message: string }) => x.message).join(' ')).toMatch(/waypoint 1: .*more than .* m/);
    expect(report.nominal).toBeNull();
    expect(existsSync(join(out, 'nominal'))).toBe(false);
  });

  it('refuses a negative --runs, naming the option', async () => {
    const r = await rover('verify', join(ROOT, 'scenarios/boulder-field.yaml'), '--runs', '-1');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/command line: --runs: expected a whole number from 0/);
  });
});

describe('verifyDecision', () => {
  const safe = { tilt: false, clearance: false, joint: false, tip_over: false };
  const summary = (outcome: string, violations = safe): RunSummary => ({ outcome, verdict: `${outcome} (made up)`, seed: 7, safety_violations: violations } as unknown as RunSummary);
  const record = (index: number, outcome: string, violations = safe): RunRecord => ({ index, plan: 'p', seed: 100 + index, summary: summary(outcome, violations) } as unknown as RunRecord);
  const rules = { ok: true, violations: [], warnings: [] };

  it('is GO when every run is safe and the nominal run reaches; a dispersed run stopped short is a finding with its replay', () => {
    const r = verifyDecision({ scenario: 's', plan: 'p', flightRules: rules, nominal: summary('reached'), dispersed: { batchSeed: 3, records: [record(1, 'stopped_hazard'), record(0, 'reached')], replay: (k) => `rover replay d --run ${k}` } });
    expect(r.decision).toBe('GO');
    expect(r.dispersed).toMatchObject({ runs: 2, reached: 1, success_rate: 0.5, findings: [{ index: 1, seed: 101, outcome: 'stopped_hazard', replay: 'rover replay d --run 1' }] });
  });

  it('is NO-GO on a truth safety limit broken in any run, or a run that could not be made, naming run and seed', () => {
    const r = verifyDecision({
      scenario: 's', plan: 'p', flightRules: rules, nominal: summary('reached'),
      dispersed: { batchSeed: 3, records: [record(0, 'reached', { ...safe, tip_over: true }), { index: 1, plan: 'p', seed: 101, error: 'timed out after 600 s (worker stopped)' } as RunRecord], replay: () => '' },
    });
    expect(r.decision).toBe('NO-GO');
    expect(r.reasons.map((x) => x.message)).toEqual([
      'dispersed run 0 (seed 100) breaks truth safety limits: tip-over',
      'dispersed run 1 (seed 101) could not be made: timed out after 600 s (worker stopped)',
    ]);
    const nominalUnsafe = verifyDecision({ scenario: 's', plan: 'p', flightRules: rules, nominal: summary('reached', { ...safe, clearance: true }) });
    expect(nominalUnsafe.reasons).toEqual([{ kind: 'safety', run: 'nominal', seed: 7, message: 'the nominal run breaks truth safety limits: clearance' }]);
  });
});
