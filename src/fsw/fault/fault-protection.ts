import { degToRad, radToDeg as deg } from '../../core/geometry';
import { SOL_S } from '../../core/time';
import type { VehicleGeometry } from '../../core/vehicle-geometry';
import { EVENTS, type EventArgs } from '../event-dictionary';
import type { EventLog } from '../events';
import type { FaultParams } from '../params';
import type { HardwarePorts } from '../ports';
import type { Telemetry } from '../telemetry';

export type FswMode = 'NOMINAL' | 'SAFE';

/** Fault-protection limits; defaults from docs/reference.md where it has them, else [assumed]. */
export interface FaultLimits {
  /** Tilt limit (rad): the vehicle's configured limit (default 20 deg, docs/reference.md). */
  tiltRad: number;
  rockerRad: number;
  bogieRad: number;
  /** Belly-pan clearance below this (m) trips [assumed 0.1 m margin]. */
  minClearanceM: number;
  /** MER slip-check limit: 40% (docs/reference.md), over at least this much odometry (m). */
  slip: number;
  slipMinDistanceM: number;
  /** A wheel drawing this much current (A) without turning for stallTimeS is stalled [assumed]. */
  stallCurrentA: number;
  stallTimeS: number;
  /** No uplink for this long (s) means the link is lost [assumed: 3 sols]. */
  lossOfLinkS: number;
  /** Consecutive out-of-limit samples before a monitor trips (filters sensor noise) [assumed]. */
  persistence: number;
  /** Battery state of charge under which driving stops [assumed]. */
  socFloor: number;
}

export function faultLimits(g: VehicleGeometry, p: FaultParams): FaultLimits {
  return {
    tiltRad: degToRad(g.tilt_limit_deg),
    rockerRad: degToRad(g.joint_limits.rocker_deg),
    bogieRad: degToRad(g.joint_limits.bogie_deg),
    minClearanceM: p.min_clearance_m,
    slip: p.slip_limit,
    slipMinDistanceM: p.slip_min_distance_m,
    stallCurrentA: p.stall_current_a,
    stallTimeS: p.stall_time_s,
    lossOfLinkS: p.loss_of_link_sols * SOL_S,
    persistence: p.persistence,
    socFloor: p.soc_floor,
  };
}

export interface FaultResponses {
  /** Stop the wheels and cancel motion activities. */
  halt(reason: string): void;
  /** Cancel sequences and refuse motion until the ground clears the fault. */
  safe(reason: string): void;
}

/**
 * Fault protection: monitors that compare what the sensors say with limits, and responses that make
 * the rover safe and wait for the ground (Biesiadecki & Maimone 2006: reactive checks on tilt and
 * motor current; slip checked against VO). Every trip raises an event naming the monitor, the value
 * and the limit; the rover stays in SAFE mode until FP_CLEAR_FAULT.
 */
export class FaultProtection {
  mode: FswMode = 'NOMINAL';
  /** Monitors that tripped since the last clear. */
  readonly tripped = new Set<string>();
  private readonly counts = new Map<string, number>();
  private stallSinceS = new Map<number, number>();
  private lastAngles: number[] | undefined;
  private lastUplinkS = 0;

  constructor(
    private readonly ports: HardwarePorts,
    readonly limits: FaultLimits,
    private readonly events: EventLog,
    private readonly telemetry: Telemetry,
    private readonly responses: FaultResponses,
  ) {}

  /** Reactive monitors at the mobility rate: tilt, suspension, stall. `moving`: wheels commanded to turn. */
  checkMobility(nowS: number, moving: boolean, commandedRates: readonly number[]): void {
    const imu = this.ports.imu.read();
    const tilt = Math.acos(Math.min(1, Math.cos(imu.rollRad) * Math.cos(imu.pitchRad)));
    this.persist('FP_TILT_LIMIT', tilt > this.limits.tiltRad, { angle_deg: deg(tilt), limit_deg: deg(this.limits.tiltRad) });
    const s = this.ports.suspension.read();
    const rocker = Math.abs(s.rockerRad), bogie = Math.max(Math.abs(s.bogieLeftRad), Math.abs(s.bogieRightRad));
    // The truth suspension stops at its limits (a wheel lifts instead): reaching one is the fault.
    this.persist('FP_ROCKER_LIMIT', rocker >= this.limits.rockerRad, { angle_deg: deg(rocker), limit_deg: deg(this.limits.rockerRad) });
    this.persist('FP_BOGIE_LIMIT', bogie >= this.limits.bogieRad, { angle_deg: deg(bogie), limit_deg: deg(this.limits.bogieRad) });
    this.checkStall(nowS, moving, commandedRates);
    const soc = this.ports.power.read().stateOfCharge;
    this.persist('FP_LOW_BATTERY', moving && soc < this.limits.socFloor, { soc, floor: this.limits.socFloor });
    this.telemetry.write('fp.tilt_deg', Number(deg(tilt).toFixed(1)));
  }

  /** Belly-pan clearance estimate from the onboard map, when one is available. */
  checkClearance(clearanceM: number | undefined): void {
    if (clearanceM === undefined) return;
    this.persist('FP_BELLY_CLEARANCE', clearanceM < this.limits.minClearanceM, { clearance_m: clearanceM, limit_m: this.limits.minClearanceM });
  }

  /** Slip measured by VO against wheel odometry at a VO update. */
  checkSlip(slip: number | undefined, overM: number): void {
    if (slip === undefined || overM < this.limits.slipMinDistanceM) return;
    this.telemetry.write('fp.slip', slip);
    if (slip > this.limits.slip) this.trip('FP_SLIP_LIMIT', { slip, over_m: overM, limit: this.limits.slip });
  }

  /** A sequence command ran past its timeout. */
  sequenceTimeout(message: string): void {
    this.trip('FP_SEQUENCE_TIMEOUT', { detail: message });
  }

  uplinkReceived(nowS: number): void {
    this.lastUplinkS = nowS;
  }

  /** Loss-of-link timer (checked at a slow rate). */
  checkLink(nowS: number): void {
    if (nowS - this.lastUplinkS > this.limits.lossOfLinkS && !this.tripped.has('FP_LOSS_OF_LINK')) {
      this.trip('FP_LOSS_OF_LINK', { hours: (nowS - this.lastUplinkS) / 3600 });
    }
  }

  /** Ground command FP_ENTER_SAFE_MODE. */
  enterSafeMode(reason: string): void {
    this.trip('FP_SAFE_MODE_COMMANDED', { reason });
  }

  /** Ground command FP_CLEAR_FAULT: back to NOMINAL, monitors re-armed. */
  clear(): void {
    this.events.emit('FP_CLEARED', { cleared: [...this.tripped].join(', ') });
    this.mode = 'NOMINAL';
    this.tripped.clear();
    this.counts.clear();
    this.stallSinceS.clear();
    this.telemetry.write('fp.mode', this.mode);
  }

  private checkStall(nowS: number, moving: boolean, rates: readonly number[]): void {
    const currents = this.ports.motors.read().currentA;
    const angles = this.ports.encoders.read().wheelAngleRad;
    const previous = this.lastAngles ?? angles;
    this.lastAngles = angles.slice();
    for (let i = 0; i < currents.length; i++) {
      const stuck = moving && rates[i] !== 0 && currents[i] >= this.limits.stallCurrentA && Math.abs(angles[i] - previous[i]) < 1e-6;
      if (!stuck) {
        this.stallSinceS.delete(i);
        continue;
      }
      const since = this.stallSinceS.get(i) ?? nowS;
      this.stallSinceS.set(i, since);
      if (nowS - since >= this.limits.stallTimeS) this.trip('FP_MOTOR_STALL', { wheel: i, current_a: currents[i] });
    }
  }

  private persist<M extends Monitor>(monitor: M, out: boolean, args: EventArgs<M>): void {
    const n = out ? (this.counts.get(monitor) ?? 0) + 1 : 0;
    this.counts.set(monitor, n);
    if (n >= this.limits.persistence) this.trip(monitor, args);
  }

  /**
   * Raises the monitor's event and runs the responses: halt always, safe mode for hazards to the
   * vehicle, the monitors the event dictionary rates WARNING_HI (the others are WARNING_LO).
   */
  private trip<M extends Monitor>(monitor: M, args: EventArgs<M>): void {
    const safe = EVENTS[monitor].severity === 'WARNING_HI';
    if (this.tripped.has(monitor)) return; // already handled; wait for the ground
    this.tripped.add(monitor);
    const { message } = this.events.emit(monitor, args);
    this.responses.halt(`${monitor}: ${message}`);
    if (safe && this.mode !== 'SAFE') {
      this.mode = 'SAFE';
      this.responses.safe(`${monitor}: ${message}`);
      this.events.emit('FP_SAFE_MODE', { after: monitor });
    }
    this.telemetry.write('fp.mode', this.mode);
    this.telemetry.write('fp.tripped', [...this.tripped].join(','));
  }
}


/** The monitors fault protection trips, each an event of the dictionary. */
type Monitor = 'FP_TILT_LIMIT' | 'FP_ROCKER_LIMIT' | 'FP_BOGIE_LIMIT' | 'FP_BELLY_CLEARANCE' | 'FP_SLIP_LIMIT' | 'FP_SEQUENCE_TIMEOUT' | 'FP_LOSS_OF_LINK' | 'FP_SAFE_MODE_COMMANDED' | 'FP_MOTOR_STALL' | 'FP_LOW_BATTERY';
