import { z } from 'zod';
import { degToRad } from '../../../src/core/geometry';
import type { CameraId as CameraName } from '../../../src/fsw/ports';

/*
 * Camera models of the rover's engineering cameras (docs/reference.md, Vehicle): pinhole-equivalent,
 * with optional radial distortion. Frames:
 * - camera (computer-vision convention): x right, y down, z along the optical axis;
 * - rover (URDF): x forward, y right, z down, origin on the ground under the middle axle.
 * A stereo pair is two cameras `baseline_m` apart along the camera x axis, centred on the mount;
 * the left camera is the reference (ranges and points are given for it).
 */

const positive = z.number().positive();

export const CameraSpec = z.strictObject({
  /** Image size of the frames autonomy uses (downsampled from the 5120 x 3840 sensors). */
  width_px: z.int().positive().default(512),
  height_px: z.int().positive().default(384),
  /** Horizontal field of view, pinhole-equivalent (deg). Square pixels: the vertical FOV follows. */
  hfov_deg: z.number().gt(1).lt(170),
  /** Radial distortion (Brown): r_d = r (1 + k1 r^2 + k2 r^4), r in normalised image coordinates. */
  k1: z.number().default(0),
  k2: z.number().default(0),
  /** Mount: pair centre in the rover frame, forward and right (m), and height above the ground (m). */
  mount: z.strictObject({
    x_m: z.number(),
    y_m: z.number().default(0),
    height_m: positive,
    /** Pointing: pan to the right (deg, about the rover's down axis) and tilt below horizontal (deg). */
    pan_deg: z.number().default(0),
    tilt_deg: z.number().min(-90).max(90),
  }),
  stereo: z.strictObject({
    baseline_m: positive,
    /**
     * Disparity noise, 1 sigma, in pixels of this (downsampled) image [assumed]: correlators reach
     * ~0.3 px at full resolution; matching at full resolution and reporting at 1/10 scale leaves ~0.1 px.
     */
    disparity_noise_px: z.number().min(0).default(0.1),
    /**
     * Onboard stereo matches the autonomy image at 1/onboard_scale of its width and height, and
     * flight software receives frames of that size [assumed: 2, every second pixel each way, what the
     * onboard map fused of full frames before]. People's views (`rover view`, stop frames in reports)
     * stay at the full width_px x height_px. disparity_noise_px stays in pixels of the full image, so
     * the range error of a match does not change with the scale.
     */
    onboard_scale: z.int().min(1).max(8).default(2),
    /** Ranges beyond this are not returned (m) [assumed]. */
    max_range_m: positive.default(20),
    /** Probability that a pixel has no stereo match, by what it sees [assumed]: low-texture sand fails most. */
    dropout_sand: z.number().min(0).max(1).default(0.3),
    dropout_other: z.number().min(0).max(1).default(0.02),
  }),
  /** The renderer looks this far (m); beyond it pixels see nothing. */
  render_range_m: positive.default(30),
});

export type CameraSpec = z.infer<typeof CameraSpec>;

/**
 * Perseverance's engineering cameras (docs/reference.md): front Hazcam baseline 0.248 m, ~0.73 m above
 * ground, boresight ~25.6 deg down, ~100 deg wide; rear Hazcam baseline 0.934 m, ~45 deg down;
 * Navcam baseline 0.424 m, ~82 deg wide, on the mast. Mount positions along the body and the mast
 * height are [assumed] (the URDF camera frames are not in docs/reference.md).
 */
export const CAMERAS = {
  front_hazcam: CameraSpec.parse({
    hfov_deg: 100,
    mount: { x_m: 1.2, height_m: 0.73, tilt_deg: 25.6 },
    stereo: { baseline_m: 0.248, max_range_m: 12 },
  }),
  rear_hazcam: CameraSpec.parse({
    hfov_deg: 100,
    mount: { x_m: -1.2, height_m: 0.8, pan_deg: 180, tilt_deg: 45 },
    stereo: { baseline_m: 0.934, max_range_m: 12 },
  }),
  navcam: CameraSpec.parse({
    hfov_deg: 82,
    mount: { x_m: 0.7, y_m: 0.0, height_m: 1.98, tilt_deg: 30 },
    stereo: { baseline_m: 0.424, max_range_m: 30 },
  }),
} as const satisfies Record<CameraName, CameraSpec>;


/** Row-major 3x3 rotation. */
export type Rotation = Float64Array;

/**
 * Intrinsics and mounting of one camera of a pair. `side` shifts the optical centre half the
 * baseline left (-1) or right (+1) along the camera x axis; 0 is the pair centre.
 */
export class CameraModel {
  readonly width: number;
  readonly height: number;
  /** Focal length (px), the same in x and y. */
  readonly f: number;
  readonly cx: number;
  readonly cy: number;
  readonly k1: number;
  readonly k2: number;
  /** rover-from-camera rotation and the optical centre in the rover frame. */
  readonly roverFromCamera: Rotation;
  readonly centreInRover: Float64Array;

  constructor(readonly spec: CameraSpec, side: -1 | 0 | 1 = -1, pointing?: { panDeg?: number; tiltDeg?: number }) {
    this.width = spec.width_px;
    this.height = spec.height_px;
    this.f = this.width / 2 / Math.tan(degToRad(spec.hfov_deg) / 2);
    this.cx = (this.width - 1) / 2;
    this.cy = (this.height - 1) / 2;
    this.k1 = spec.k1;
    this.k2 = spec.k2;
    const pan = degToRad(pointing?.panDeg ?? spec.mount.pan_deg);
    const tilt = degToRad(pointing?.tiltDeg ?? spec.mount.tilt_deg);
    this.roverFromCamera = roverFromCameraRotation(pan, tilt);
    // Rover frame z is down: height above ground h is at z = -h.
    const half = (side * spec.stereo.baseline_m) / 2;
    const r = this.roverFromCamera;
    this.centreInRover = Float64Array.of(spec.mount.x_m + r[0] * half, spec.mount.y_m + r[3] * half, -spec.mount.height_m + r[6] * half);
  }

  get verticalFovRad(): number {
    return 2 * Math.atan(this.height / 2 / this.f);
  }

  private rays?: { x: Float32Array; y: Float32Array; norm: Float32Array };

  /**
   * Every pixel's undistorted ray (x/z, y/z) and its length sqrt(x^2 + y^2 + 1), computed once per
   * camera: turning depths into ranges and points is then a multiply per pixel.
   */
  pixelRays(): { x: Float32Array; y: Float32Array; norm: Float32Array } {
    if (!this.rays) {
      const n = this.width * this.height;
      const rays = { x: new Float32Array(n), y: new Float32Array(n), norm: new Float32Array(n) };
      const ray = { x: 0, y: 0 };
      for (let r = 0; r < this.height; r++) {
        for (let c = 0; c < this.width; c++) {
          const i = r * this.width + c;
          this.rayThrough(c, r, ray);
          rays.x[i] = ray.x;
          rays.y[i] = ray.y;
          rays.norm[i] = Math.sqrt(ray.x * ray.x + ray.y * ray.y + 1);
        }
      }
      this.rays = rays;
    }
    return this.rays;
  }

  private rayLengthCache?: Float64Array;

  /**
   * Every pixel's ray length sqrt(x^2 + y^2 + 1) in double precision (pixelRays keeps single), computed
   * once per camera: stereo converts range to depth and back with it for every pixel of every frame,
   * and undistorting a ray takes twenty iterations.
   */
  rayLengths(): Float64Array {
    if (!this.rayLengthCache) {
      const lengths = new Float64Array(this.width * this.height);
      const ray = { x: 0, y: 0 };
      for (let r = 0, i = 0; r < this.height; r++) {
        for (let c = 0; c < this.width; c++, i++) {
          this.rayThrough(c, r, ray);
          lengths[i] = Math.sqrt(ray.x * ray.x + ray.y * ray.y + 1);
        }
      }
      this.rayLengthCache = lengths;
    }
    return this.rayLengthCache;
  }

  /** Applies radial distortion to normalised coordinates (x/z, y/z), in place in `out`. */
  distort(xn: number, yn: number, out: { u: number; v: number }): void {
    const r2 = xn * xn + yn * yn;
    const s = 1 + this.k1 * r2 + this.k2 * r2 * r2;
    out.u = this.f * xn * s + this.cx;
    out.v = this.f * yn * s + this.cy;
  }

  /** Pixel of a point in the camera frame (distortion applied); NaN behind the camera. */
  project(x: number, y: number, z: number, out: { u: number; v: number }): void {
    if (!(z > 0)) {
      out.u = NaN;
      out.v = NaN;
      return;
    }
    this.distort(x / z, y / z, out);
  }

  /**
   * The camera-frame ray (x/z, y/z, 1) through pixel (u, v), undoing distortion by fixed-point
   * iteration (it converges for the mild distortion of engineering cameras).
   */
  rayThrough(u: number, v: number, out: { x: number; y: number }): void {
    const xd = (u - this.cx) / this.f, yd = (v - this.cy) / this.f;
    let x = xd, y = yd;
    if (this.k1 !== 0 || this.k2 !== 0) {
      for (let i = 0; i < 20; i++) {
        const r2 = x * x + y * y;
        const s = 1 + this.k1 * r2 + this.k2 * r2 * r2;
        x = xd / s;
        y = yd / s;
      }
    }
    out.x = x;
    out.y = y;
  }
}

/**
 * rover-from-camera rotation for a camera panned right by `pan` and tilted down by `tilt`. At zero
 * pointing the optical axis (camera z) is rover x, camera x is rover y (right), camera y is rover z (down).
 */
export function roverFromCameraRotation(pan: number, tilt: number): Rotation {
  const cp = Math.cos(pan), sp = Math.sin(pan), ct = Math.cos(tilt), st = Math.sin(tilt);
  // Columns: the camera axes expressed in the rover frame.
  const zAxis = [cp * ct, sp * ct, st]; // optical axis: forward, turned right by pan, down by tilt
  const xAxis = [-sp, cp, 0]; // image right stays horizontal
  const yAxis = [zAxis[1] * xAxis[2] - zAxis[2] * xAxis[1], zAxis[2] * xAxis[0] - zAxis[0] * xAxis[2], zAxis[0] * xAxis[1] - zAxis[1] * xAxis[0]]; // z x x = down in the image
  return Float64Array.of(xAxis[0], yAxis[0], zAxis[0], xAxis[1], yAxis[1], zAxis[1], xAxis[2], yAxis[2], zAxis[2]);
}

/** What one rendered camera frame holds. Arrays are row-major, width x height. */
export interface RenderedFrame {
  camera: CameraModel;
  /** Range from the optical centre along each pixel's ray (m); NaN where the pixel sees nothing. */
  rangeM: Float32Array;
  /** 3-D points in the rover frame, [x, y, z] per pixel; NaN where no return. */
  pointsRover: Float32Array;
  /** Grayscale image (8 bits) shaded by the sun and soil albedo; sky is 0. */
  image: Uint8Array;
  /** Soil class seen by each pixel (SoilClass code), 255 where nothing. */
  soil: Uint8Array;
}
