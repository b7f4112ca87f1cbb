import { z } from 'zod';
import { deepFreeze } from '../core/deep-freeze';

/*
 * Flight software's parameters (F Prime's parameter database): the tunables of mobility, navigation,
 * autonomous navigation and fault protection, each named, with a default and a range. A vehicle file
 * sets them (`flight_software:`); flight software reads them from here and nowhere else, and the
 * command dictionary takes its defaults from them. Values are [assumed] unless a source is named.
 * `rover dictionary` lists them.
 */

/** A number parameter: default, inclusive range, and what it is. */
const param = (def: number, min: number, max: number, doc: string) => z.number().min(min).max(max).default(def).describe(doc);
const count = (def: number, min: number, max: number, doc: string) => z.int().min(min).max(max).default(def).describe(doc);

export const MobilityParams = z.strictObject({
  turn_rate_deg_s: param(1.5, 0.1, 10, 'Turn-in-place yaw rate (deg/s): the front corner wheel, 1.59 m from the turn centre, at top speed 0.042 m/s allows 1.5 deg/s. MOB_TURN_IN_PLACE\'s default, autonomous navigation\'s turns and the path planner\'s price of a turn.'),
});

export const NavParams = z.strictObject({
  vo_step_m: param(0.5, 0.1, 5, 'Travel between visual-odometry updates (m): MER and M2020 image every ~0.5-1 m with VO on (docs/reference.md).'),
});

export const AutonavParams = z.strictObject({
  stuck_cycles: count(20, 2, 1000, 'Navigation cycles without getting progress_m closer to the waypoint before the rover stops and waits for the ground.'),
  progress_m: param(1, 0.1, 10, 'Progress toward the waypoint (m) that counts against stuck_cycles.'),
  min_turn_deg: param(1, 0, 10, 'Turns smaller than this (deg) are skipped: the arc that follows absorbs them.'),
});

export const FaultParams = z.strictObject({
  min_clearance_m: param(0.1, 0, 1, 'Belly clearance floor (m) of the clearance monitor.'),
  slip_limit: param(0.4, 0.05, 1, 'Slip (VO against wheel odometry, 0..1) above which the drive halts.'),
  slip_min_distance_m: param(0.2, 0.01, 5, 'Shortest drive (m) over which slip is judged.'),
  stall_current_a: param(3, 0.5, 20, 'Drive motor current (A) that, without the wheel turning, is a stall.'),
  stall_time_s: param(1, 0.1, 60, 'How long (s) a stall lasts before the monitor trips.'),
  loss_of_link_sols: param(3, 0.5, 30, 'Sols without an uplink before SAFE mode.'),
  soc_floor: param(0.3, 0, 0.9, 'Battery state of charge (0..1) under which a drive halts and the rover goes to SAFE mode [assumed].'),
  persistence: count(3, 1, 100, 'Consecutive out-of-limit samples before a persistent monitor (tilt, rocker, bogie, clearance) trips.'),
});

export const FswParams = z.strictObject({
  mobility: MobilityParams.default(MobilityParams.parse({})),
  nav: NavParams.default(NavParams.parse({})),
  autonav: AutonavParams.default(AutonavParams.parse({})),
  fault: FaultParams.default(FaultParams.parse({})),
});

export type FswParams = z.infer<typeof FswParams>;
export type FaultParams = z.infer<typeof FaultParams>;

export const DEFAULT_FSW_PARAMS: FswParams = deepFreeze(FswParams.parse({}));

/** A frozen copy of `params`: what flight software holds of a vehicle file's parameters. */
export function onboardParams(params: FswParams): Readonly<FswParams> {
  return deepFreeze(FswParams.parse(structuredClone(params)));
}

/** Every parameter as tools read it (`rover dictionary`): `group.name`, default, range, what it is. */
export function paramDictionary(): { name: string; type: 'F64' | 'U32'; default: number; min: number; max: number; description: string }[] {
  return Object.entries(FswParams.shape).flatMap(([group, schema]) =>
    Object.entries(schema.unwrap().shape).map(([name, field]) => {
      const inner = field.unwrap();
      return {
        name: `${group}.${name}`,
        type: inner.format === 'safeint' ? ('U32' as const) : ('F64' as const),
        default: (DEFAULT_FSW_PARAMS as Record<string, Record<string, number>>)[group][name],
        min: inner.minValue ?? -Infinity,
        max: inner.maxValue ?? Infinity,
        description: field.description ?? '',
      };
    }),
  );
}
