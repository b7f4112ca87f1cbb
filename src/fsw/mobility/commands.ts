import { degToRad } from '../../core/geometry';
import type { ArgValues } from '../cmd/dictionary';
import type { Activity, CommandHandler, CommandResponse, Dispatcher } from '../cmd/dispatcher';
import { DriveArc, DriveStraight, TurnInPlace, type MobilityContext } from './activities';

/** Wraps a motion command's handler: fault protection refuses motion in SAFE mode (fault/commands.ts). */
export type MotionGuard = (make: (a: ArgValues) => Activity | CommandResponse) => CommandHandler;

/** The number argument `name` of a validated command (the dictionary has checked its type). */
export const numArg = (a: ArgValues, name: string): number => a[name] as number;

/** Mobility's commands: blind straight drives, arcs and turns in place. */
export function registerMobilityCommands(d: Dispatcher, mobility: MobilityContext, motion: MotionGuard): void {
  d.register('MOB_DRIVE_STRAIGHT', motion((a) => new DriveStraight(mobility, numArg(a, 'distance_m'), numArg(a, 'speed_m_s'))));
  d.register('MOB_DRIVE_ARC', motion((a) => new DriveArc(mobility, numArg(a, 'radius_m'), numArg(a, 'distance_m'), numArg(a, 'speed_m_s'))));
  d.register('MOB_TURN_IN_PLACE', motion((a) => new TurnInPlace(mobility, degToRad(numArg(a, 'angle_deg')), degToRad(numArg(a, 'rate_deg_s')))));
}
