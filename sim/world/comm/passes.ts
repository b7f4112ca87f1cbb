import { z } from 'zod';
import { InputError } from '../../../src/core/errors';
import { SOL_S } from '../../../src/core/time';

/*
 * Relay passes: when an orbiter (MRO, Odyssey) is over the rover and can carry data.
 *
 * docs/reference.md "Communications and operations": data return is mostly by UHF relay, one or two passes
 * a sol; rovers are commanded about once per sol. Pass times here repeat every sol at a fixed offset
 * into the sol. The real overflight times drift from sol to sol; a fixed offset keeps the operations
 * loop (downlink → plan → uplink) at its real cadence without an orbit propagator.
 *
 * Sol origin: simulation time 0 is the start of sol 0, so sol n spans [n·SOL_S, (n+1)·SOL_S) and a
 * pass with `start_s_into_sol` = x starts at n·SOL_S + x. A scenario run starts at the local mean
 * midnight at the site (sim/app/scenario/loader.ts, runEpochUtcMs), so x is local mean solar time in
 * Mars seconds (one Mars hour = SOL_S / 24).
 */

/** One Mars hour (s): a 24th of a sol, for writing pass times as local mean solar time. */
const MARS_HOUR_S = SOL_S / 24;

export const RelayPass = z.strictObject({
  /** Orbiter or pass name, unique within the config (e.g. "MRO"). */
  name: z.string().min(1),
  /** Pass start, seconds after the start of each sol. */
  start_s_into_sol: z.number().min(0).lt(SOL_S),
  /** Pass length (s). */
  duration_s: z.number().positive().lt(SOL_S),
  /** Data volume the pass returns to Earth (megabits, 1e6 bit). */
  downlink_mbit: z.number().positive(),
});
export type RelayPass = z.infer<typeof RelayPass>;

/**
 * Default passes, all [assumed]: Odyssey in the early morning (~04:30 LMST) and MRO in mid-afternoon
 * (~15:30 LMST; MRO's sun-synchronous orbit crosses near 3 pm), ~10 min UHF overflights. Volumes are
 * typical orders for Electra UHF relay: a few hundred megabits for MRO, less for Odyssey. The morning
 * pass comes first, so by default it carries the sol's commands (the plan made from the previous
 * afternoon's downlink).
 */
export const DEFAULT_RELAY_PASSES: readonly RelayPass[] = [
  { name: 'ODY', start_s_into_sol: Math.round(4.5 * MARS_HOUR_S), duration_s: 600, downlink_mbit: 150 },
  { name: 'MRO', start_s_into_sol: Math.round(15.5 * MARS_HOUR_S), duration_s: 600, downlink_mbit: 400 },
];

export const RelayConfig = z
  .strictObject({
    /** The passes of every sol. Default: DEFAULT_RELAY_PASSES [assumed]. */
    passes: z
      .array(RelayPass)
      .min(1)
      .default(() => DEFAULT_RELAY_PASSES.map((p) => ({ ...p }))),
    /** Name of the pass that carries the sol's commands. Default: the first pass listed. */
    uplink_pass: z.string().min(1).optional(),
    /** Sun–Earth–Mars angle (deg) below which the link is lost (docs/reference.md: ~3°). */
    conjunction_threshold_deg: z.number().positive().max(180).default(3),
  })
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.passes.forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: 'custom', path: ['passes', i, 'name'], message: `duplicate pass name "${p.name}"` });
      names.add(p.name);
    });
    if (c.uplink_pass !== undefined && !names.has(c.uplink_pass)) {
      ctx.addIssue({
        code: 'custom',
        path: ['uplink_pass'],
        message: `no pass named "${c.uplink_pass}"; expected one of ${[...names].map((n) => `"${n}"`).join(', ')}`,
      });
    }
    // One UHF radio on the rover: passes must not overlap, including across the end of the sol.
    const order = c.passes.map((p, i) => ({ p, i })).sort((a, b) => a.p.start_s_into_sol - b.p.start_s_into_sol);
    order.forEach(({ p, i }, k) => {
      const next = order[(k + 1) % order.length];
      const nextStart = next.p.start_s_into_sol + (k + 1 === order.length ? SOL_S : 0);
      if (order.length > 1 && p.start_s_into_sol + p.duration_s > nextStart) {
        ctx.addIssue({ code: 'custom', path: ['passes', i, 'duration_s'], message: `pass "${p.name}" overlaps pass "${next.p.name}"` });
      }
    });
  })
  // Resolve the default here so every consumer sees the same uplink pass.
  .transform((c) => ({ ...c, uplink_pass: c.uplink_pass ?? c.passes[0].name }));

/** A validated relay configuration (uplink_pass resolved). */
export type RelayConfig = z.output<typeof RelayConfig>;
/** What a scenario file may give (every field optional). */
export type RelayConfigInput = z.input<typeof RelayConfig>;

/** The defaults, as a parsed config. */
export const DEFAULT_RELAY_CONFIG: RelayConfig = RelayConfig.parse({});

/**
 * Validates a relay config given outside a scenario file (scenarios embed `RelayConfig` in their own
 * schema and get line numbers from the YAML loader). Bad input becomes an InputError naming the field.
 */
export function parseRelayConfig(value: unknown, file = 'relay config', fieldPrefix = ''): RelayConfig {
  const result = RelayConfig.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String);
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path.push(issue.keys[0]);
    problem = 'unknown field (check the spelling; see the relay config schema)';
  }
  const field = [fieldPrefix, ...path].filter((s) => s !== '').join('.');
  throw new InputError(file, field, problem);
}

/** One pass on one sol, in absolute simulation seconds. */
export interface PassWindow {
  name: string;
  /** Sol number (sol n starts at n·SOL_S). */
  sol: number;
  startS: number;
  endS: number;
  downlinkMbit: number;
  /** True if this pass carries the sol's commands. */
  uplink: boolean;
}

/** Absolute start of `pass` on `sol`. The one place this is computed, so equal passes compare equal. */
function passStartS(sol: number, pass: RelayPass): number {
  return sol * SOL_S + pass.start_s_into_sol;
}

/**
 * The pass windows that start in [fromS, toS), in time order. A window already under way at
 * `fromS` is not listed: the link treats a pass as an event at its start.
 */
export function passWindows(config: RelayConfig, fromS: number, toS: number): PassWindow[] {
  const out: PassWindow[] = [];
  if (!(toS > fromS)) return out;
  // One sol of margin each side: floor() of a time on a sol boundary can round either way.
  const firstSol = Math.floor(fromS / SOL_S) - 1;
  const lastSol = Math.floor(toS / SOL_S) + 1;
  for (let sol = firstSol; sol <= lastSol; sol++) {
    for (const p of config.passes) {
      const startS = passStartS(sol, p);
      if (startS >= fromS && startS < toS) {
        out.push({ name: p.name, sol, startS, endS: startS + p.duration_s, downlinkMbit: p.downlink_mbit, uplink: p.name === config.uplink_pass });
      }
    }
  }
  return out.sort((a, b) => a.startS - b.startS);
}

/**
 * The first pass window starting at or after `fromS` that `accept` takes. Every pass recurs each
 * sol, so a predicate that can be met at all is met within a few sols.
 */
export function nextPassWindow(config: RelayConfig, fromS: number, accept: (w: PassWindow) => boolean = () => true): PassWindow | undefined {
  for (let k = 0; k < 3; k++) {
    const found = passWindows(config, fromS + k * SOL_S, fromS + (k + 1) * SOL_S).find(accept);
    if (found) return found;
  }
  return undefined;
}
