import type { VehicleGeometry } from '../../core/vehicle-geometry';
import type { PoseEstimator } from '../nav/pose-estimator';
import type { HardwarePorts, StereoFrame } from '../ports';
import { LocalMap } from './local-map';
import { apply, SuspensionModel } from './suspension-model';

/**
 * Height error of the ground under a wheel as the rover knows it from its own attitude, suspension
 * angles and height estimate (m, 1 sigma) [assumed]: the angle sensors and the IMU are good to a
 * fraction of a degree, the height estimate to centimetres over a drive.
 */
const WHEEL_CONTACT_SIGMA_M = 0.02;
/**
 * Uncertainty given to unseen ground inside the rover's outline (m, 1 sigma) [assumed]: the rover
 * stands on it, so it lies near the plane of the wheels' contacts and nothing there reaches the belly.
 */
const UNDER_BODY_SIGMA_M = 0.05;
/** While driving, the ground under the wheels is added every this much odometry (m): a quarter wheel turn [assumed]. */
const CONTACT_EVERY_M = 0.25;

/**
 * What the rover keeps of the ground around it, as ENav does: one local map for every
 * NAV_GOTO_WAYPOINT and every sol, fed by each stereo frame it takes (Hazcams while driving, the Navcam
 * mosaics before and after a drive) and by the ground under its own wheels, which it stands on and
 * has driven over. It moves with the pose estimate when a sun update corrects the heading.
 */
export class TerrainMemory {
  readonly map = new LocalMap();
  readonly suspension: SuspensionModel;
  private lastContactOdometerM = -Infinity;

  constructor(private readonly ports: HardwarePorts, private readonly pose: PoseEstimator, private readonly geometry: VehicleGeometry) {
    this.suspension = new SuspensionModel(geometry);
  }

  /**
   * Fuses a stereo frame taken now, placed with the current pose estimate and IMU attitude; the map's
   * height registration corrects the estimate's height (the ground has not moved, the estimate has).
   */
  fuse(frame: StereoFrame): void {
    this.pose.observeAttitude(this.ports.imu.read());
    const p = this.pose;
    p.correctHeight(this.map.addFrame(frame, { ...p.estimate, zM: p.zM, rollRad: p.rollRad, pitchRad: p.pitchRad }));
  }

  /**
   * The ground the rover stands on: under the six wheels from its own configuration (its height
   * estimate, the IMU's roll and pitch and the rocker and bogie angles give each wheel's contact
   * height, SuspensionModel, placed at the hubs on the pose estimate); under the rest of its outline,
   * where the map knows nothing, the plane of those contacts.
   */
  feelGround(): void {
    const imu = this.ports.imu.read(), s = this.ports.suspension.read();
    this.pose.observeAttitude(imu);
    const p = this.pose, est = p.estimate;
    const z = this.suspension.contactHeights(p.zM, p.rollRad, p.pitchRad, s.rockerRad, s.bogieLeftRad, s.bogieRightRad);
    const c = Math.cos(est.headingRad), sn = Math.sin(est.headingRad);
    const site = (fx: number, ry: number): [number, number] => [est.x + fx * c + ry * sn, est.y + fx * sn - ry * c];
    const r = this.geometry.wheel_radius_m, cell = this.map.cellM;
    this.suspension.hubs.forEach((h, i) => {
      this.map.addPoint(...site(h.x, h.y), z[i], WHEEL_CONTACT_SIGMA_M);
      // Nothing under a resting wheel stands above its rim: the map's drift cannot leave a rock there.
      for (let a = -r + cell / 2; a < r; a += cell) {
        this.map.clampAbove(...site(h.x + a, h.y), z[i] + r - Math.sqrt(r * r - a * a), 3 * WHEEL_CONTACT_SIGMA_M, WHEEL_CONTACT_SIGMA_M);
      }
    });
    // What it stands on and has not seen (under the deck, where it was parked): the plane of its contacts.
    const body = this.geometry.body;
    for (let fx = -body.length_m / 2; fx <= body.length_m / 2 + 1e-9; fx += cell) {
      for (let ry = -body.width_m / 2; ry <= body.width_m / 2 + 1e-9; ry += cell) {
        this.map.addPointIfUnknown(...site(fx, ry), apply(this.suspension.groundAt(fx, ry), z), UNDER_BODY_SIGMA_M);
      }
    }
    this.lastContactOdometerM = p.odometerM;
  }

  /** While driving: the ground under the wheels every quarter wheel turn. */
  feelGroundWhileDriving(): void {
    if (this.pose.odometerM - this.lastContactOdometerM >= CONTACT_EVERY_M) this.feelGround();
  }

  /** The pose estimate's heading was corrected about where the rover stands: the map turns with it. */
  headingCorrected(correctionRad: number): void {
    const est = this.pose.estimate;
    this.map.reregister(est.x, est.y, correctionRad);
  }
}
