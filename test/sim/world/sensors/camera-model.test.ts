import { describe, expect, it } from 'vitest';
import { radToDeg } from '../../../../src/core/geometry';
import { CameraModel, CameraSpec, CAMERAS } from '../../../../sim/world/sensors/camera-model';

describe('camera models', () => {
  it('match the published Hazcam and Navcam geometry', () => {
    const haz = new CameraModel(CAMERAS.front_hazcam, 0);
    expect(radToDeg(haz.verticalFovRad)).toBeCloseTo(84, 0); // ~100 x 84 deg (docs/reference.md)
    // The boresight points 25.6 deg below horizontal, straight ahead; the pair centre is 0.73 m up.
    expect(radToDeg(Math.asin(haz.roverFromCamera[8]))).toBeCloseTo(25.6, 6);
    expect(haz.centreInRover[2]).toBeCloseTo(-0.73, 9);
    const left = new CameraModel(CAMERAS.front_hazcam, -1), right = new CameraModel(CAMERAS.front_hazcam, 1);
    expect(right.centreInRover[1] - left.centreInRover[1]).toBeCloseTo(0.248, 9); // baseline, left to right
    const nav = new CameraModel(CAMERAS.navcam, 1);
    expect(nav.centreInRover[1] - new CameraModel(CAMERAS.navcam, -1).centreInRover[1]).toBeCloseTo(0.424, 9);
    // Pointing: a Navcam panned 90 deg right looks along the rover's +y.
    const panned = new CameraModel(CAMERAS.navcam, 0, { panDeg: 90, tiltDeg: 0 });
    expect(panned.roverFromCamera[5]).toBeCloseTo(1, 9);
  });

  it('projects and unprojects through radial distortion consistently', () => {
    const cam = new CameraModel(CameraSpec.parse({ ...CAMERAS.front_hazcam, k1: -0.12, k2: 0.02 }), -1);
    const px = { u: 0, v: 0 }, ray = { x: 0, y: 0 };
    for (const [x, y] of [[0.3, -0.2], [-0.8, 0.5], [1.0, 0.8], [0, 0]]) {
      cam.project(x, y, 1, px);
      cam.rayThrough(px.u, px.v, ray);
      expect(ray.x).toBeCloseTo(x, 6);
      expect(ray.y).toBeCloseTo(y, 6);
    }
    // Barrel distortion (k1 < 0) pulls off-axis points toward the centre.
    const plain = new CameraModel(CAMERAS.front_hazcam, -1);
    const a = { u: 0, v: 0 }, b = { u: 0, v: 0 };
    cam.project(1, 0, 1, a);
    plain.project(1, 0, 1, b);
    expect(a.u - cam.cx).toBeLessThan(b.u - plain.cx);
  });

  it('caches each pixel ray length exactly as the undistorted ray gives it, in single precision for pixelRays', () => {
    const cam = new CameraModel(CameraSpec.parse({ ...CAMERAS.front_hazcam, width_px: 64, height_px: 48, k1: -0.2, k2: 0.05 }), -1);
    const lengths = cam.rayLengths(), rays = cam.pixelRays(), ray = { x: 0, y: 0 };
    for (const [c, r] of [[0, 0], [63, 47], [31, 20], [5, 40]]) {
      cam.rayThrough(c, r, ray);
      const i = r * 64 + c;
      expect(lengths[i]).toBe(Math.sqrt(ray.x * ray.x + ray.y * ray.y + 1));
      expect(rays.norm[i]).toBe(Math.fround(lengths[i]));
    }
    expect(cam.rayLengths()).toBe(lengths);
  });
});
