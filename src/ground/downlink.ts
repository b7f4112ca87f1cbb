import type { FswEvent } from '../fsw/events';
import type { TelemetrySample } from '../fsw/telemetry';
import type { TrackPose } from './back-out';

/** What comes down the link: events and telemetry samples, as the ground receives them. */
export type DownlinkItem = { kind: 'event'; event: FswEvent } | { kind: 'telemetry'; sample: TelemetrySample };

/**
 * The ground's picture of the rover, built only from what has come down the link: the latest pose
 * estimate and heading, the track of its navigation looks, and the events received since the last plan.
 */
export class DownlinkKnowledge {
  poseM: [number, number] | undefined;
  headingDeg: number | undefined;
  /** Where the rover stood and faced at each of its autonomous-navigation looks, oldest first. */
  readonly looks: TrackPose[] = [];
  /** Events received since `takeEvents()` was last called. */
  private pending: FswEvent[] = [];
  /** Time (rover clock) of the newest item received. */
  latestS = -Infinity;

  receive(item: DownlinkItem): void {
    if (item.kind === 'event') {
      this.pending.push(item.event);
      this.latestS = Math.max(this.latestS, item.event.timeS);
      return;
    }
    const { channel, value, timeS } = item.sample;
    this.latestS = Math.max(this.latestS, timeS);
    if (channel === 'nav.pose_estimate_m' && Array.isArray(value)) this.poseM = [value[0] as number, value[1] as number];
    else if (channel === 'nav.heading_deg' && typeof value === 'number') this.headingDeg = value;
    else if (channel === 'nav.look_pose' && Array.isArray(value)) {
      this.looks.push({ x: value[0] as number, y: value[1] as number, headingDeg: value[2] as number });
      this.poseM = [value[0] as number, value[1] as number];
      this.headingDeg = value[2] as number;
    }
  }

  /** The events received since the last call, oldest first. */
  takeEvents(): FswEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
