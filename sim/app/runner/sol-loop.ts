import { fixedTo as round } from '../../../src/core/round';
import { SOL_S } from '../../../src/core/time';
import { parseSequence, type ValidatedSequence } from '../../../src/fsw/seq/seqjson';
import type { DownlinkItem, DownlinkKnowledge } from '../../../src/ground/downlink';
import type { Mission } from '../../../src/ground/mission';
import { classifyStop, type GroundOps, type StopKind } from '../../../src/ground/ops';
import type { MarsLink } from '../../world/comm/link';
import type { RoverWorld } from '../../world/rover-world';
import { localMapPicture } from '../report/local-map-picture';
import { refereeStop } from './referee';
import type { DriveFrame, SolRecord, StopRecord } from './run';
import type { LoopEnd } from './verdict';

/*
 * The operations loop of a run, sol by sol: the ground decides from what has come down; its sequence
 * goes up the link and is delivered at the uplink pass; the rover drives it; the stop is recorded
 * (with the truth referee's view of a hazard stop); the loop waits for the downlink that carries the
 * end of the drive, and the ground decides again.
 */

/** Simulated time (s) between progress reports while driving. */
const PROGRESS_EVERY_S = 300;
/** Travel (m) between the Navcam frames kept along a drive (checked at each progress report). */
const DRIVE_FRAME_EVERY_M = 10;

export interface SolLoop {
  world: RoverWorld;
  link: MarsLink<ValidatedSequence, DownlinkItem>;
  knowledge: DownlinkKnowledge;
  ops: GroundOps;
  mission: Mission;
  /** The simulated time the run may last (s). */
  limitS: number;
  /** Filled as the sols go. */
  sols: SolRecord[];
  stops: StopRecord[];
  /** Filled with a Navcam frame once each drive is under way and every 10 m after, when kept. */
  driveFrames?: DriveFrame[];
  report: (phase: string) => void;
}

export const solAt = (simS: number): number => Math.floor(simS / SOL_S) + 1;

/** Runs sols until the ground is done, a plan is refused, the rover embeds or the time runs out. */
export function runSols(r: SolLoop): LoopEnd {
  const { clock, engine } = r.world;
  const end: LoopEnd = { endReason: 'limit', endNote: '', lastStop: 'none', violations: [] };
  let pending: ReturnType<GroundOps['decide']> | undefined;
  while (clock.nowS() < r.limitS) {
    const decision = pending ?? r.ops.decide(r.knowledge);
    pending = undefined;
    if (decision.action === 'done') {
      end.endReason = decision.reason;
      end.endNote = decision.note;
      end.lastStop = decision.stop;
      break;
    }
    if (!decision.check.ok) {
      end.violations = decision.check.violations;
      const why = `breaks the flight rules and was not uplinked: ${end.violations.map((v) => v.message).join('; ')}`;
      // The first plan failing is the plan's fault; a later replan failing ends the drive where it stopped.
      end.endReason = r.sols.length ? 'gave_up' : 'rejected';
      end.endNote = r.sols.length ? `the replan ${why}` : `the plan ${why}`;
      end.lastStop = r.sols.length ? decision.stop : 'none';
      break;
    }
    // A sequence that would arrive after the run's last sol is not a sol of this run: no record, no files.
    if ((r.link.nextUplinkDelivery(clock.nowS()) ?? clock.nowS()) >= r.limitS) break;
    const text = JSON.stringify(decision.check.sequence, null, 2);
    const seq = parseSequence(text, 'uplink');
    const from = decision.check.route.legs[0]?.from ?? [r.mission.start.x_m, r.mission.start.y_m];
    const record: SolRecord = { sol: solAt(r.link.nextUplinkDelivery(clock.nowS()) ?? clock.nowS()), note: decision.note, plan: decision.plan, from: { x_m: from[0], y_m: from[1] }, sequence: decision.check.sequence, sequenceId: seq.id, distance_m: 0 };
    r.sols.push(record);
    const receipt = r.link.uplink(seq, seq.id);
    record.uplinkSentS = receipt.sentS;
    if (receipt.deliveredS === undefined) {
      // Solar conjunction: nothing goes up. Offer the same plan again a sol later.
      record.refused = receipt.refused;
      record.note = `${decision.note}; not sent: ${receipt.refused}`;
      pending = decision;
      engine.run(Math.min(r.limitS, clock.nowS() + SOL_S));
      r.report('waiting');
      continue;
    }
    record.deliveredS = receipt.deliveredS;
    if (receipt.deliveredS >= r.limitS) break;
    end.lastStop = drive(r, record, receipt.deliveredS);
    if (r.world.vehicle.embedded || r.world.vehicle.highCentred) break;
    // Wait for the downlink that carries the end of the drive.
    const endS = clock.nowS();
    while (r.knowledge.latestS < endS && clock.nowS() < r.limitS) engine.run(Math.min(r.limitS, clock.nowS() + 3600));
    r.report('downlink');
  }
  return end;
}

/** The sol's drive, from the sequence's delivery to its end; records where and how the rover stopped. */
function drive(r: SolLoop, record: SolRecord, deliveredS: number): StopKind {
  const { clock, engine, fsw, vehicle, hardware } = r.world;
  engine.run(deliveredS + 1);
  const odometerBefore = vehicle.odometerM;
  let framedAtM = -Infinity;
  const keepFrame = (): void => {
    // The first once the wheels have turned (the drive window is open: daylight), then every 10 m.
    if (!r.driveFrames || vehicle.odometerM <= odometerBefore || vehicle.odometerM - framedAtM < DRIVE_FRAME_EVERY_M) return;
    framedAtM = vehicle.odometerM;
    const view = hardware.viewForPeople('navcam');
    const p = vehicle.pose;
    r.driveFrames.push({
      t_s: round(clock.nowS(), 1), sol: record.sol, distance_m: round(vehicle.odometerM, 2), x_m: round(p.x, 2), y_m: round(p.y, 2),
      heading_deg: round((p.headingRad * 180) / Math.PI, 1), camera: 'navcam', frame: { width: view.camera.width, height: view.camera.height, image: view.image },
      localMap: localMapPicture({ height: (x, y) => fsw.terrain.map.height(x, y), pose: fsw.pose.estimate }),
    });
  };
  while (['loaded', 'running', 'waiting'].includes(fsw.sequencer.state()) && clock.nowS() < r.limitS) {
    engine.run(Math.min(r.limitS, clock.nowS() + PROGRESS_EVERY_S));
    keepFrame();
    r.report('driving');
  }
  // The drive ended when its sequence did (the engine ran on to the end of its 5-minute chunk).
  const ended = [...fsw.events.history].reverse().find((ev) => ev.timeS >= deliveredS && (ev.name === 'SEQ_COMPLETED' || ev.name === 'SEQ_ABORTED'));
  record.driveEndS = ended?.timeS ?? clock.nowS();
  record.distance_m = round(vehicle.odometerM - odometerBefore, 2);
  const frame = hardware.viewForPeople('front_hazcam');
  const kind = classifyStop(fsw.events.history.filter((ev) => ev.timeS >= deliveredS - 1e-6)).kind;
  r.stops.push({
    sol: record.sol, kind, x_m: round(vehicle.pose.x, 2), y_m: round(vehicle.pose.y, 2),
    frame: { width: frame.camera.width, height: frame.camera.height, image: frame.image },
    ...(kind === 'hazard' ? { truth: refereeStop(vehicle, fsw.zones) } : {}),
  });
  return kind;
}
