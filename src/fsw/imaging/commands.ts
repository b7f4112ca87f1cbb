import type { TerrainMemory } from '../autonav/terrain-memory';
import type { Dispatcher } from '../cmd/dispatcher';
import type { EventLog } from '../events';
import type { BellyClearanceEstimator } from '../nav/belly-clearance';
import type { PoseEstimator } from '../nav/pose-estimator';
import type { CameraId, HardwarePorts, StereoFrame } from '../ports';

/** What imaging acts on: the cameras, where frames are kept, and what learns from them. */
export interface ImagingDeps {
  ports: HardwarePorts;
  /** The latest frame of each camera (for the onboard map and downlink). */
  images: Map<CameraId, StereoFrame>;
  terrain: TerrainMemory;
  clearance: BellyClearanceEstimator;
  pose: PoseEstimator;
  events: EventLog;
}

/** Imaging's command: take a stereo frame, keep it, and let the map and the clearance estimate learn from it. */
export function registerImagingCommands(d: Dispatcher, m: ImagingDeps): void {
  d.register('IMG_TAKE', (a) => {
    const camera = a.camera as CameraId;
    const pointing = { panDeg: a.pan_deg as number | undefined, tiltDeg: a.tilt_deg as number | undefined };
    const frame = m.ports.cameras.capture(camera, pointing);
    m.images.set(camera, frame);
    // Every stereo frame the rover takes goes into what it keeps of the ground.
    m.terrain.fuse(frame);
    if (camera === 'front_hazcam') m.clearance.observe(frame, m.pose.estimate);
    let valid = 0;
    for (const v of frame.valid) valid += v;
    m.events.emit('IMG_TAKEN', { camera, width: frame.width, height: frame.height, coverage_pct: (100 * valid) / frame.valid.length });
    return { status: 'OK' };
  });
}
