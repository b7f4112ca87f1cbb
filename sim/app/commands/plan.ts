import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { writeFilesTogether } from '../../../src/core/files';
import { BaselinePlanner } from '../../../src/ground/planners/baseline';
import { ClaudePlanner } from '../../../src/ground/planners/claude/claude-planner';
import { ClaudePlannerConfig } from '../../../src/ground/planners/claude/config';
import { HumanPlanner } from '../../../src/ground/planners/human';
import { ReplayPlanner } from '../../../src/ground/planners/claude/replay';
import type { PlannerName } from '../../../src/ground/plan';
import { plannerLabel, type PlannerArg } from './args';
import { PlanningError, type PlanOutcome, type Planner } from '../../../src/ground/planners/planner';
import { checkFlightRules } from '../../../src/ground/uplink/flight-rules';
import { sequenceId } from '../../../src/ground/uplink/to-seqjson';
import { routePoints } from '../../../src/ground/plan';
import { COLOURS, orbitalPicture, planningRegion } from '../../../src/ground/site-picture';
import { orbitalTwin } from '../runner/route-twin';
import { loadSite, type Site } from '../scenario/site';

export interface PlanOptions {
  planner: PlannerArg;
  out?: string;
  seed?: number;
  model?: string;
}

/** The planner a scenario offers under `name`; `model` overrides the scenario's Claude model. */
export function makePlanner(site: Site, name: PlannerArg, options: { model?: string; log?: (line: string) => void } = {}): Planner {
  if (name.startsWith('replay:')) return new ReplayPlanner(resolve(name.slice('replay:'.length)), orbitalTwin(site));
  const { scenario, file, dir } = site.loaded;
  switch (name as PlannerName) {
    case 'baseline':
      return new BaselinePlanner();
    case 'human':
      if (!scenario.planners.human) throw new InputError(file, 'planners.human', 'missing: the scenario names no human plan file (*.plan.json), so there is no human plan to use');
      return new HumanPlanner(resolve(dir, scenario.planners.human));
    case 'ai': {
      const config = ClaudePlannerConfig.parse({ ...scenario.planners.ai, ...(options.model ? { model: options.model } : {}) });
      return new ClaudePlanner({ config, log: options.log, twin: orbitalTwin(site) });
    }
  }
}

/**
 * `rover plan`: plan the scenario's drive on its orbital products, check the flight rules, and
 * write the plan, its uplink sequence (`.seq.json`), a picture of the route on the orbital image
 * (`.png`) and, for the ai planner, the exchange and the pictures the model saw, all together.
 * A plan that breaks a flight rule is not written.
 */
export async function planCommand(scenarioFile: string, options: PlanOptions, log: (line: string) => void): Promise<void> {
  const site = await loadSite(scenarioFile, options.seed);
  const name = site.loaded.scenario.name;
  const planner = makePlanner(site, options.planner, { model: options.model, log: (l) => log(`  ${l}`) });
  const label = plannerLabel(options.planner);
  const fileName = `${name}.${label}.plan.json`;
  // --out naming a folder puts the plan in it under its usual name.
  const named = options.out ?? join('out', fileName);
  const out = /[\\/]$/.test(named) || (existsSync(named) && statSync(named).isDirectory()) ? join(named, fileName) : named;
  const stem = join(dirname(out), basename(out).replace(/\.plan\.json$|\.json$/i, ''));
  let outcome: PlanOutcome;
  try {
    outcome = await planner.plan({ scenario: name, maps: site.orbital, mission: site.mission });
  } catch (e) {
    // A failed exchange is kept beside where the plan would have gone (no plan is written), named as
    // failed so that an earlier plan's own exchange there stays as it was; the error says where.
    if (!(e instanceof PlanningError)) throw e;
    writeFilesTogether(e.attachments.map((a) => ({ path: `${stem}.failed${a.suffix}`, data: a.data })).reverse());
    throw e.keptAt(`${stem}.failed.exchange.json`);
  }
  const { plan, attachments } = outcome;
  const check = checkFlightRules(plan, site.orbital, site.mission, { id: sequenceId(`${name}_${label}`) });
  const route = check.route;
  log(`${name}: ${label} plan, ${plan.waypoints.length} waypoint(s), ${route.total_length_m} m of legs for ${route.straight_line_m} m straight` +
    (plan.provenance.planning_time_s !== undefined ? `, planned in ${plan.provenance.planning_time_s} s` : '') +
    (plan.provenance.tokens ? `, ${plan.provenance.turns} turns, ${plan.provenance.tokens.input} input + ${plan.provenance.tokens.output} output tokens` : ''));
  for (const w of check.warnings) log(`  warning: ${w}`);
  if (!check.ok) {
    throw new InputError(`${label} plan for ${scenarioFile}`, '', `breaks the flight rules and is not uplinked:\n  - ${check.violations.map((v) => v.message).join('\n  - ')}`);
  }
  const planFile = out.endsWith('.json') ? out : `${out}.plan.json`;
  const picture = orbitalPicture(site.orbital, site.mission, planningRegion(site.orbital, site.mission), 1600);
  picture.drawRoute(routePoints(plan, site.mission.start), COLOURS.waypoints, { numbered: true });
  if (attachments.length) plan.provenance.exchange_file = basename(`${stem}.exchange.json`);
  // Wall times go to their own file: the plan is the same bytes for the same seed (and the same replies).
  const { planning_time_s: planningS, api_latency_s: apiLatencyS, ...provenance } = plan.provenance;
  // The plan goes in last; a kill between the renames is completed by the next write (writeFilesTogether).
  const written = writeFilesTogether([
    { path: `${stem}.seq.json`, data: JSON.stringify(check.sequence, null, 2) + '\n' },
    { path: `${stem}.png`, data: picture.png() },
    ...attachments.map((a) => ({ path: `${stem}${a.suffix}`, data: a.data })),
    ...(planningS !== undefined ? [{ path: `${stem}.timing.json`, data: JSON.stringify({ planning_s: planningS, ...(apiLatencyS !== undefined ? { api_latency_s: apiLatencyS } : {}) }, null, 2) + '\n' }] : []),
    { path: planFile, data: JSON.stringify({ ...plan, provenance }, null, 2) + '\n' },
  ]);
  log('  flight rules: pass');
  for (const f of written) log(`  wrote ${f}`);
}
