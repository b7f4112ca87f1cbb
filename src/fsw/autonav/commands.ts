import { degToRad, radToDeg } from '../../core/geometry';
import type { VehicleGeometry } from '../../core/vehicle-geometry';
import type { Dispatcher } from '../cmd/dispatcher';
import type { EventLog } from '../events';
import { GoToWaypointBlind, type MobilityContext, type Zones } from '../mobility/activities';
import { numArg, type MotionGuard } from '../mobility/commands';
import type { PoseEstimator } from '../nav/pose-estimator';
import type { FswParams } from '../params';
import type { HardwarePorts } from '../ports';
import type { Telemetry } from '../telemetry';
import { AutonavGoTo } from './autonav';
import { EnavPlanner, GestaltPlanner, type NavPlanner } from './planners';
import type { TerrainMemory } from './terrain-memory';

/** What navigation's commands act on. */
export interface NavigationDeps {
  ports: HardwarePorts;
  geometry: VehicleGeometry;
  params: FswParams;
  mobility: MobilityContext;
  pose: PoseEstimator;
  terrain: TerrainMemory;
  zones: Zones;
  events: EventLog;
  telemetry: Telemetry;
}

/**
 * Navigation's commands: go to a waypoint (blind, or with ENav or GESTALT choosing the path), the
 * keep-in box and keep-out circles it honours, and the sun update of the heading.
 */
export function registerNavigationCommands(d: Dispatcher, n: NavigationDeps, motion: MotionGuard): void {
  // The planners keep state across commands (what they looked at); made on first use.
  let planners: Record<'AUTONAV' | 'ARC_VOTING', NavPlanner> | undefined;
  d.register('NAV_GOTO_WAYPOINT', motion((a) => {
    const goal = { x: numArg(a, 'x_m'), y: numArg(a, 'y_m') };
    if (a.mode === 'AUTONAV' || a.mode === 'ARC_VOTING') {
      const turnRateRadS = degToRad(n.params.mobility.turn_rate_deg_s);
      planners ??= { AUTONAV: new EnavPlanner(n.terrain.map, n.geometry, 1, turnRateRadS), ARC_VOTING: new GestaltPlanner(n.terrain.map, n.geometry) };
      return new AutonavGoTo(n.mobility, n.terrain, planners[a.mode], n.zones, goal, numArg(a, 'tolerance_m'), numArg(a, 'time_budget_s'), n.events, n.telemetry, n.params);
    }
    return new GoToWaypointBlind(n.mobility, n.zones, goal, numArg(a, 'tolerance_m'), numArg(a, 'time_budget_s'), n.geometry.top_speed_m_s);
  }));
  d.register('NAV_SET_KEEP_IN_BOX', (a) => {
    n.zones.keepIn = { xMin: numArg(a, 'x_min_m'), yMin: numArg(a, 'y_min_m'), xMax: numArg(a, 'x_max_m'), yMax: numArg(a, 'y_max_m') };
    return { status: 'OK' };
  });
  d.register('NAV_ADD_KEEP_OUT_CIRCLE', (a) => {
    n.zones.keepOut.push({ x: numArg(a, 'x_m'), y: numArg(a, 'y_m'), radiusM: numArg(a, 'radius_m') });
    return { status: 'OK' };
  });
  d.register('NAV_CLEAR_ZONES', () => {
    n.zones.clear();
    return { status: 'OK' };
  });
  d.register('NAV_SUN_UPDATE', () => {
    const sample = n.ports.sunSensor.measureHeading();
    const correction = n.pose.updateHeading(sample.headingRad, n.ports.imu.read());
    n.terrain.headingCorrected(correction);
    n.events.emit('NAV_HEADING_UPDATED', { heading_deg: radToDeg(sample.headingRad), correction_deg: radToDeg(correction) });
    return { status: 'OK' };
  });
}
