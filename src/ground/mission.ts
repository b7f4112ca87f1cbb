import { z } from 'zod';
import { degToRad } from '../core/geometry';
import { PERSEVERANCE, type VehicleGeometry } from '../core/vehicle-geometry';
import { DEFAULT_FSW_PARAMS, type FswParams } from '../fsw/params';

/*
 * What a drive is asked to do, in the site frame (x east, y north, metres): where the rover starts,
 * where it should go, where it may and may not drive, and the flight rules every plan must keep.
 * Scenario files carry these fields (snake_case, units in the names); planners, flight-rule checks
 * and sequence generation read them.
 */

const siteM = z.number().finite();

export const StartPose = z.strictObject({
  x_m: siteM,
  y_m: siteM,
  /** Counter-clockwise from east (the site frame's +x), degrees. */
  heading_deg: z.number().finite().default(0),
});

export const Goal = z.strictObject({
  x_m: siteM,
  y_m: siteM,
  /** The drive has arrived within this distance (m). */
  tolerance_m: z.number().min(0.1).max(20).default(2),
});

export const KeepInBox = z
  .strictObject({ x_min_m: siteM, y_min_m: siteM, x_max_m: siteM, y_max_m: siteM })
  .refine((b) => b.x_min_m < b.x_max_m, { message: 'x_max_m must exceed x_min_m', path: ['x_max_m'] })
  .refine((b) => b.y_min_m < b.y_max_m, { message: 'y_max_m must exceed y_min_m', path: ['y_max_m'] });

export const KeepOutCircle = z.strictObject({
  x_m: siteM,
  y_m: siteM,
  radius_m: z.number().positive().max(500),
  /** Why the zone is there (a boulder, a sand patch), for reviewers. */
  reason: z.string().optional(),
});

/**
 * Flight rules a plan must keep before it is uplinked, and the limits planners plan to.
 * Defaults: waypoints no more than ~100 m apart, as human rover planners space them; slope limit
 * 20 deg, the configurable tilt limit's default (both docs/reference.md).
 */
export const FlightRules = z.strictObject({
  max_waypoint_spacing_m: z.number().positive().max(100).default(100),
  /** Orbital slope limit (deg) along the route and at waypoints. */
  max_slope_deg: z.number().positive().max(45).default(20),
  /**
   * Distance (m) a route keeps from keep-out circles and the keep-in edges, and from rocks resolved
   * from orbit: half the rover's 2.7 m width plus 0.5 m [assumed] for pose error.
   */
  margin_m: z.number().min(0).max(20).default(1.85),
  /** Most waypoints in one plan [assumed]: one sol's drive is a handful of legs. */
  max_waypoints: z.int().min(1).max(200).default(40),
});

export type StartPose = z.infer<typeof StartPose>;
export type Goal = z.infer<typeof Goal>;
export type KeepInBox = z.infer<typeof KeepInBox>;
export type KeepOutCircle = z.infer<typeof KeepOutCircle>;
export type FlightRules = z.infer<typeof FlightRules>;

export const DEFAULT_FLIGHT_RULES: FlightRules = FlightRules.parse({});

/** A drive request: the ground's whole statement of the job. */
export interface Mission {
  start: StartPose;
  goal: Goal;
  keepIn?: KeepInBox;
  keepOut: KeepOutCircle[];
  rules: FlightRules;
  /**
   * The rover that will drive it, as operations know it (its geometry and flight software parameters):
   * sequences are checked against its command dictionary. Perseverance with the default parameters when absent.
   */
  vehicle?: MissionVehicle;
}

/** What the ground knows of the rover: its geometry and its flight software's parameters. */
export interface MissionVehicle {
  geometry: VehicleGeometry;
  params: FswParams;
}

/** The mission's vehicle, or Perseverance with the default parameters. */
export function missionVehicle(mission: Pick<Mission, 'vehicle'>): MissionVehicle {
  return mission.vehicle ?? { geometry: PERSEVERANCE, params: DEFAULT_FSW_PARAMS };
}

export const startHeadingRad = (start: StartPose): number => degToRad(start.heading_deg);

/** Whether (x, y) lies inside the keep-in box shrunk by `margin` (always true without a box). */
export function insideKeepIn(box: KeepInBox | undefined, x: number, y: number, margin = 0): boolean {
  if (!box) return true;
  return x >= box.x_min_m + margin && x <= box.x_max_m - margin && y >= box.y_min_m + margin && y <= box.y_max_m - margin;
}

/** The first keep-out circle (grown by `margin`) that the segment (x0,y0)-(x1,y1) enters, if any. */
export function keepOutHit(circles: readonly KeepOutCircle[], x0: number, y0: number, x1: number, y1: number, margin = 0): KeepOutCircle | undefined {
  return circles.find((c) => distanceToSegment(c.x_m, c.y_m, x0, y0, x1, y1) < c.radius_m + margin);
}

/** Distance (m) from point (px, py) to the segment (x0,y0)-(x1,y1). */
export function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0, dy = y1 - y0;
  const L2 = dx * dx + dy * dy;
  const t = L2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / L2)) : 0;
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}
