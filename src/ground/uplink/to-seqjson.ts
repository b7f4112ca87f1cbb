import type { BackOutStep } from '../back-out';
import { missionVehicle, type Mission } from '../mission';
import type { Plan } from '../plan';

/*
 * A plan becomes a SeqJSON sequence (NASA AMMOS format) of onboard commands: set the zones, update
 * the heading from the sun, image the surroundings with a Navcam mosaic, then one NAV_GOTO_WAYPOINT
 * per waypoint in AUTONAV mode (the onboard navigation picks the local path and stops on hazards),
 * then the end-of-drive Navcam mosaic for the next sol's planning.
 */

/**
 * Navcam pointings of a mosaic around the rover (pan right, deg, at the mount's tilt): six frames of
 * the ~82 deg wide Navcam (docs/reference.md) make a full ring with overlap. Onboard, each frame also goes
 * into the navigation map. Every drive opens with one [assumed]: the last drive may have stopped
 * before its end-of-drive imaging, and the rover needs the ground to its sides before it turns.
 */
export const NAVCAM_MOSAIC_PANS_DEG = [0, 60, 120, 180, -120, -60] as const;

/**
 * Time budget per leg [assumed]: ten minutes to turn and look, plus five times the leg at the rover's
 * top speed (Perseverance: 152 m/h, docs/reference.md): ENav stops to image every metre and detours (it
 * averages well under its 120 m/h best), and Perseverance has made as little as half its planned
 * distance on slopes.
 */
export function legBudgetS(lengthM: number, topSpeedMS: number): number {
  return Math.round(600 + (5 * lengthM) / topSpeedMS);
}

export type NavMode = 'AUTONAV' | 'BLIND' | 'ARC_VOTING';

export interface SequenceOptions {
  /** Sequence id (a SeqJSON identifier). */
  id: string;
  sol?: number;
  mode?: NavMode;
  /** Start with FP_CLEAR_FAULT: the rover is in SAFE mode after a fault the ground has assessed. */
  clearFault?: boolean;
  /** Blind moves before the drive: a back-out along the rover's own track (see back-out.ts). */
  backOut?: readonly BackOutStep[];
}

type Arg = { name: string; type: 'number' | 'string'; value: number | string };
const num = (name: string, value: number): Arg => ({ name, type: 'number', value: Math.round(value * 1000) / 1000 });
const str = (name: string, value: string): Arg => ({ name, type: 'string', value });

function command(stem: string, args: Arg[], description: string, first = false): object {
  return {
    type: 'command',
    stem,
    args,
    time: first ? { type: 'COMMAND_RELATIVE', tag: '00:00:00' } : { type: 'COMMAND_COMPLETE' },
    description,
  };
}

function mosaic(what: string): object[] {
  return NAVCAM_MOSAIC_PANS_DEG.map((pan, i) => command('IMG_TAKE', [str('camera', 'navcam'), num('pan_deg', pan)], `${what} (${i + 1} of ${NAVCAM_MOSAIC_PANS_DEG.length})`));
}

/** The SeqJSON document (a plain object; JSON.stringify it to write a file). */
export function planToSequence(plan: Plan, mission: Mission, options: SequenceOptions): object {
  const mode = options.mode ?? 'AUTONAV';
  const steps: object[] = [];
  if (options.clearFault) steps.push(command('FP_CLEAR_FAULT', [], 'The ground has assessed the fault: leave SAFE mode', true));
  steps.push(command('NAV_CLEAR_ZONES', [], "Forget the previous sol's zones", !options.clearFault));
  const k = mission.keepIn;
  if (k) {
    steps.push(command('NAV_SET_KEEP_IN_BOX', [num('x_min_m', k.x_min_m), num('y_min_m', k.y_min_m), num('x_max_m', k.x_max_m), num('y_max_m', k.y_max_m)], 'Keep-in box of the scenario'));
  }
  mission.keepOut.forEach((c, i) => {
    steps.push(command('NAV_ADD_KEEP_OUT_CIRCLE', [num('x_m', c.x_m), num('y_m', c.y_m), num('radius_m', c.radius_m)], c.reason ?? `Keep-out zone ${i}`));
  });
  steps.push(command('MOB_AWAIT_DRIVE_WINDOW', [], 'Hold until the drive window opens (at once if it is open)'));
  steps.push(command('NAV_SUN_UPDATE', [], 'Sun update: correct the gyro heading drift before driving'));
  for (const b of options.backOut ?? []) {
    const why = 'Back out along the rover\'s own track';
    if (b.stem === 'MOB_TURN_IN_PLACE') steps.push(command(b.stem, [num('angle_deg', b.angle_deg)], `${why}: turn as it turned there`));
    else if (b.stem === 'MOB_DRIVE_STRAIGHT') steps.push(command(b.stem, [num('distance_m', b.distance_m)], `${why}: reverse`));
    else steps.push(command(b.stem, [num('radius_m', b.radius_m), num('distance_m', b.distance_m)], `${why}: reverse along the arc it came by`));
  }
  steps.push(...mosaic('Pre-drive Navcam mosaic'));
  let [px, py] = [mission.start.x_m, mission.start.y_m];
  plan.waypoints.forEach((w, i) => {
    const length = Math.hypot(w.x_m - px, w.y_m - py);
    steps.push(command('NAV_GOTO_WAYPOINT', [
      num('x_m', w.x_m), num('y_m', w.y_m), num('tolerance_m', w.tolerance_m),
      num('time_budget_s', legBudgetS(length, missionVehicle(mission).geometry.top_speed_m_s)), str('mode', mode),
    ], `Waypoint ${i + 1} of ${plan.waypoints.length} (${length.toFixed(1)} m leg)`));
    [px, py] = [w.x_m, w.y_m];
  });
  steps.push(...mosaic('End-of-drive Navcam mosaic for the next plan'));
  return {
    id: options.id,
    metadata: {
      onboard_name: `${options.id}.mod`,
      description: `Drive ${plan.waypoints.length} waypoint(s) planned by the ${plan.provenance.planner} planner for ${plan.scenario}`,
      planner: plan.provenance.planner,
      ...(plan.provenance.model ? { model: plan.provenance.model } : {}),
      ...(options.sol !== undefined ? { sol: options.sol } : {}),
      frame: 'site',
    },
    steps,
  };
}

/** A SeqJSON id from free text: letters, digits and underscores, starting with a letter. */
export function sequenceId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(id) ? id : `seq_${id}`;
}
