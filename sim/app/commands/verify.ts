import { join, resolve } from 'node:path';
import { claimOutputDir, StagedDir } from '../../../src/core/files';
import { PlanningError } from '../../../src/ground/planners/planner';
import { checkFlightRules } from '../../../src/ground/uplink/flight-rules';
import { sequenceId } from '../../../src/ground/uplink/to-seqjson';
import { DEFAULT_RUN_TIMEOUT_S, runBatch, type BatchConfig } from '../montecarlo/batch';
import { writeRunOutputs } from '../runner/outputs';
import { verifyDecision, verifyMarkdown, type Decision, type VerifyReport } from '../verify/verify';
import { loadSite } from '../scenario/site';
import { batchProgress, Progress } from './progress';
import { defaultPlan, keepFailedExchange, obtainPlan, planLabel, planningFiles, runTiming, runWithProgress } from './run';

export interface VerifyOptions {
  plan?: string;
  runs?: number;
  workers?: number;
  seed?: number;
  out?: string;
  json?: boolean;
  model?: string;
  timeout?: number;
}

/** Dispersed runs when --runs is not given [assumed: a few minutes on two cores for a short drive]. */
export const DEFAULT_VERIFY_RUNS = 10;

/**
 * `rover verify`: the twin check before uplink. The plan's sequence against the command dictionary
 * and the flight rules, then a nominal run and N dispersed runs (the scenario's dispersions, on
 * worker threads), ending in GO or NO-GO with the reasons (sim/app/verify/verify.ts). Writes verify.json,
 * verify.md, the nominal run's folder (nominal/) and the dispersed batch (dispersed/, which
 * `rover replay` reruns run by run), all together. Returns the decision (the CLI exits 4 on NO-GO).
 */
export async function verifyCommand(scenarioFile: string, options: VerifyOptions, log: (line: string) => void): Promise<Decision> {
  const t0 = performance.now();
  const file = resolve(scenarioFile);
  const site = await loadSite(file, options.seed);
  const name = site.loaded.scenario.name;
  const which = options.plan ?? defaultPlan(site);
  const label = planLabel(which);
  const outShown = options.out ?? join('out', `${name}-verify-${label}`);
  const out = resolve(outShown);
  claimOutputDir(out);
  let obtained: Awaited<ReturnType<typeof obtainPlan>>;
  try {
    obtained = await obtainPlan(site, which, { model: options.model, log: options.json ? undefined : (l) => log(`  ${l}`) });
  } catch (e) {
    throw e instanceof PlanningError ? keepFailedExchange(out, outShown, label, e) : e;
  }
  const { plan, planningS, attachments } = obtained;
  const check = checkFlightRules(plan, site.orbital, site.mission, { id: sequenceId(`${name}_${label}`) });
  const flightRules = { ok: check.ok, violations: check.violations.map((v) => v.message), warnings: check.warnings };
  const runs = options.runs ?? DEFAULT_VERIFY_RUNS;
  const files = new StagedDir(out);
  let report: VerifyReport;
  try {
    let nominal, dispersed;
    if (check.ok) {
      const { run, wallS } = runWithProgress(site, plan, label, new Progress(Boolean(process.stderr.isTTY) && !options.json));
      await writeRunOutputs(files.subfolder('nominal'), site, run, runTiming(planningS, wallS, t0), planningFiles(label, attachments));
      nominal = run.summary;
      if (runs > 0) {
        const batchSeed = options.seed ?? site.loaded.scenario.seed;
        const config: BatchConfig = { scenarioFile: file, scenario: name, batchSeed, runs, plans: [{ label, plan }], timeoutS: options.timeout ?? DEFAULT_RUN_TIMEOUT_S };
        const bar = batchProgress(new Progress(Boolean(process.stderr.isTTY) && !options.json));
        try {
          const result = await runBatch(config, { out: files.subfolder('dispersed'), shownAs: join(outShown, 'dispersed'), workers: options.workers ?? 2, resume: false, progress: bar.update });
          dispersed = { batchSeed, records: result.records, replay: (k: number) => `rover replay ${join(outShown, 'dispersed')} --run ${k}` };
        } finally {
          bar.stop();
        }
      }
    } else {
      for (const f of planningFiles(label, attachments)) files.write(f.name, f.data);
    }
    report = verifyDecision({ scenario: name, plan: label, flightRules, nominal, dispersed });
    files.write('verify.json', JSON.stringify(report, null, 2) + '\n');
    files.write('verify.md', verifyMarkdown(report));
    files.commit();
  } catch (e) {
    files.abort();
    throw e;
  }
  if (options.json) {
    log(JSON.stringify(report, null, 2));
    return report.decision;
  }
  log(`${name}, ${label} plan: ${report.decision}`);
  for (const r of report.reasons) log(`  - ${r.message}`);
  if (report.nominal) log(`  nominal run (seed ${report.nominal.seed}): ${report.nominal.outcome}, ${report.nominal.verdict}`);
  if (report.dispersed) {
    const d = report.dispersed;
    log(`  dispersed runs: ${d.reached}/${d.runs} reached the goal (95% CI ${(100 * d.ci95[0]).toFixed(1)}-${(100 * d.ci95[1]).toFixed(1)}%)${d.findings.length ? `; ${d.findings.length} stopped safely short (verify.md lists them with a replay line)` : ''}`);
  }
  log(`  wrote verify.json, verify.md${report.nominal ? ', nominal/' : ''}${report.dispersed ? ', dispersed/' : ''} in ${outShown}`);
  return report.decision;
}
