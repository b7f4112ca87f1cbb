import type { EnergyParams } from './config';

const J_PER_WH = 3600;

/**
 * Energy (Wh) of one step of driving: avionics overhead for the time spent, plus the tractive work
 * against rolling resistance and gravity along the path (no regeneration downhill), divided by the
 * drivetrain efficiency; turning in place and steering cost per radian.
 */
export function stepEnergyWh(
  p: EnergyParams,
  step: {
    dtS: number;
    /** Whether the rover is driving or steering (else it is idle). */
    active: boolean;
    /** Distance the wheels were commanded to roll the rover (m). */
    commandedDistanceM: number;
    /** Yaw turned in place (rad). */
    turnRad: number;
    /** Sum of corner-steer angle changes (rad). */
    steerRad: number;
    /** Weight (N), rolling-resistance coefficient, and the uphill angle of travel (rad). */
    weightN: number;
    rollingResistance: number;
    uphillRad: number;
  },
): number {
  if (!step.active) return (p.idle_w * step.dtS) / J_PER_WH;
  const resist = step.weightN * (step.rollingResistance * Math.cos(step.uphillRad) + Math.sin(step.uphillRad));
  const tractiveJ = Math.max(0, resist) * step.commandedDistanceM / p.drivetrain_efficiency;
  return (p.drive_overhead_w * step.dtS + tractiveJ) / J_PER_WH + p.turn_wh_per_rad * step.turnRad + p.steer_wh_per_rad * step.steerRad;
}
