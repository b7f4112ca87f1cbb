import type { MobilityCommand } from '../../../src/fsw/ports';
import type { VehicleStep } from '../vehicle/vehicle';
import { WheelEncoders } from './encoders';

/** Drive motor model [assumed]: no-load current, amps per newton of tractive force, stall current. */
const NO_LOAD_CURRENT_A = 0.3;
const AMPS_PER_NEWTON = 0.01;
const ROLLING_SHARE = 0.1;
const STALL_CURRENT_A = 4;

/**
 * The six wheel drives as their sensors report them: motor currents and encoder counts, with stalls
 * injected as faults (a stalled motor draws its stall current and its encoder stops counting).
 */
export class WheelDrive {
  private readonly encoders = new WheelEncoders();
  private currents = [0, 0, 0, 0, 0, 0];
  /** Wheels whose motor is stalled (fault injection): they draw stall current and do not turn. */
  private readonly stalled = new Set<number>();
  /** Encoder angle frozen at the moment each wheel stalled. */
  private readonly stalledAngle = new Map<number, number>();
  /** Rotation each wheel's encoder missed while stalled (rad), so it resumes counting from where it froze. */
  private readonly encoderOffset = new Map<number, number>();

  /** What one vehicle step did to the drives, under the command it executed. */
  record(step: VehicleStep, command: MobilityCommand, dtS: number): void {
    this.encoders.integrate(step.wheelRateRadS, dtS);
    this.currents = this.motorCurrents(step, command);
  }

  /** Motor currents (A), WHEELS order. */
  currentsA(): number[] {
    return this.currents.slice();
  }

  /** Encoder angles (rad) as reported: frozen while stalled, counting on from there afterwards. */
  encoderAngles(): number[] {
    const angles = this.encoders.read();
    for (const [wheel, offset] of this.encoderOffset) angles[wheel] -= offset;
    for (const [wheel, angle] of this.stalledAngle) angles[wheel] = angle;
    return angles;
  }

  /** Fault injection: the wheel's drive motor stalls (it stops turning and draws stall current). */
  injectStall(wheel: number): void {
    this.stalledAngle.set(wheel, this.encoderAngles()[wheel]);
    this.stalled.add(wheel);
  }

  /** Ends an injected stall: the motor turns again; its encoder counts on from where it froze. */
  clearStall(wheel: number): void {
    const frozen = this.stalledAngle.get(wheel);
    if (frozen === undefined) return;
    // From now on the encoder reads its turning less what it turned while reported frozen.
    this.encoderOffset.set(wheel, this.encoders.read()[wheel] - frozen);
    this.stalled.delete(wheel);
    this.stalledAngle.delete(wheel);
  }

  /**
   * Drive currents [assumed model]: a no-load current while the wheel is commanded to turn, plus a
   * share proportional to the tractive force the wheel carries (its load times rolling resistance
   * and grade); a stalled motor draws its stall current.
   */
  private motorCurrents(step: VehicleStep, command: MobilityCommand): number[] {
    const loads = step.settled.wheelLoadsN;
    const grade = Math.max(0, Math.sin(step.settled.state.pitchRad));
    return command.wheelRateRadS.map((rate, i) => {
      // A motor stalls when injected so, or when its wheel is held against a step it cannot climb.
      if (this.stalled.has(i) || (rate !== 0 && step.blockedWheels[i])) return STALL_CURRENT_A;
      // The wheels are held, not driven, while the corner wheels steer: their motors draw nothing yet.
      if (rate === 0 || step.steering) return 0;
      return NO_LOAD_CURRENT_A + AMPS_PER_NEWTON * Math.max(0, loads[i]) * (ROLLING_SHARE + grade);
    });
  }
}
