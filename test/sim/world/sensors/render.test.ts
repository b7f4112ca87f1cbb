import { describe, expect, it } from 'vitest';
import { degToRad } from '../../../../src/core/geometry';
import { CameraModel, CameraSpec, CAMERAS } from '../../../../sim/world/sensors/camera-model';
import { renderFrame } from '../../../../sim/world/sensors/render';
import type { RoverPlacement } from '../../../../sim/world/vehicle/placement';
import { terrainFromFunction } from '../../../../sim/world/terrain/analytic';
import { sunDirection } from '../../../../sim/world/terrain/orbital/sun';
import { SoilClass } from '../../../../sim/world/terrain/soil';
import { roverPlacement } from '../../../../sim/world/vehicle/placement';

const SUN = { sun: sunDirection(40, 250) };
const REGION = { xMin: -10, xMax: 40, yMin: -20, yMax: 20 };
/** A smaller Hazcam frame keeps the tests quick; geometry is the same. */
const HAZCAM = CameraSpec.parse({ ...CAMERAS.front_hazcam, width_px: 160, height_px: 120 });

/** The rover standing level at the site origin, facing east (+x), origin z at height z0. */
function levelRover(z0 = 0, headingRad = 0): RoverPlacement {
  return roverPlacement({ x: 0, y: 0, headingRad, state: { zM: z0, rollRad: 0, pitchRad: 0, rockerRad: 0, bogieLeftRad: 0, bogieRightRad: 0 } });
}

/** Site-frame centre and per-pixel ray of a camera on a placed rover. */
function siteRay(camera: CameraModel, rover: RoverPlacement, u: number, v: number) {
  const R = rover.rotation, rc = camera.roverFromCamera, c = camera.centreInRover;
  const ray = { x: 0, y: 0 };
  camera.rayThrough(u, v, ray);
  const dc = [rc[0] * ray.x + rc[1] * ray.y + rc[2], rc[3] * ray.x + rc[4] * ray.y + rc[5], rc[6] * ray.x + rc[7] * ray.y + rc[8]];
  const d = [R[0] * dc[0] + R[1] * dc[1] + R[2] * dc[2], R[3] * dc[0] + R[4] * dc[1] + R[5] * dc[2], R[6] * dc[0] + R[7] * dc[1] + R[8] * dc[2]];
  const C = [R[0] * c[0] + R[1] * c[1] + R[2] * c[2] + rover.origin[0], R[3] * c[0] + R[4] * c[1] + R[5] * c[2] + rover.origin[1], R[6] * c[0] + R[7] * c[1] + R[8] * c[2] + rover.origin[2]];
  return { C, d };
}

/** Pixel (fractional) where a site point appears. */
function pixelOf(camera: CameraModel, rover: RoverPlacement, p: number[]) {
  const R = rover.rotation, rc = camera.roverFromCamera, c = camera.centreInRover;
  const q = [p[0] - rover.origin[0], p[1] - rover.origin[1], p[2] - rover.origin[2]];
  const pr = [R[0] * q[0] + R[3] * q[1] + R[6] * q[2] - c[0], R[1] * q[0] + R[4] * q[1] + R[7] * q[2] - c[1], R[2] * q[0] + R[5] * q[1] + R[8] * q[2] - c[2]];
  const pc = [rc[0] * pr[0] + rc[3] * pr[1] + rc[6] * pr[2], rc[1] * pr[0] + rc[4] * pr[1] + rc[7] * pr[2], rc[2] * pr[0] + rc[5] * pr[1] + rc[8] * pr[2]];
  const out = { u: 0, v: 0 };
  camera.project(pc[0], pc[1], pc[2], out);
  return { ...out, rangeM: Math.hypot(pc[0], pc[1], pc[2]) };
}

describe('rendering', () => {
  it('returns the analytic range to a tilted plane at every pixel, within 1 mm', () => {
    // Plane rising 12 deg toward the north-east.
    const a = Math.tan(degToRad(12)) * Math.cos(degToRad(45)), b = Math.tan(degToRad(12)) * Math.sin(degToRad(45));
    const terrain = terrainFromFunction((x, y) => a * x + b * y - 0.3, REGION, { spacingM: 0.5 });
    for (const headingRad of [0, 0.8, -1.3]) {
      const rover = levelRover(0.4, headingRad);
      const camera = new CameraModel(HAZCAM, -1);
      const frame = renderFrame(terrain, camera, rover, SUN);
      let checked = 0, worst = 0;
      for (let v = 0; v < camera.height; v++) {
        for (let u = 0; u < camera.width; u++) {
          const range = frame.rangeM[v * camera.width + u];
          const { C, d } = siteRay(camera, rover, u, v);
          const t = (a * C[0] + b * C[1] - 0.3 - C[2]) / (d[2] - a * d[0] - b * d[1]);
          const expected = t * Math.hypot(d[0], d[1], d[2]);
          if (!(t > 0) || expected > 25) continue; // the plane is behind or far: nothing to compare
          // Ignore the outermost tiles of the test site, where the plane ends.
          const hx = C[0] + t * d[0], hy = C[1] + t * d[1];
          if (hx < REGION.xMin + 1 || hx > REGION.xMax - 1 || hy < REGION.yMin + 1 || hy > REGION.yMax - 1) continue;
          expect(range).not.toBeNaN();
          worst = Math.max(worst, Math.abs(range - expected));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(camera.width * camera.height * 0.4);
      expect(worst).toBeLessThan(0.001);
    }
  });

  it('puts rover-frame points on flat ground at z = 0 (the rover frame is on the ground, z down)', () => {
    const terrain = terrainFromFunction(() => 0, REGION, { spacingM: 1 });
    const frame = renderFrame(terrain, new CameraModel(HAZCAM, -1), levelRover(), SUN);
    let n = 0;
    for (let i = 0; i < frame.rangeM.length; i++) {
      if (Number.isNaN(frame.rangeM[i])) continue;
      expect(Math.abs(frame.pointsRover[3 * i + 2])).toBeLessThan(1e-3);
      expect(frame.pointsRover[3 * i]).toBeGreaterThan(0); // in front of the rover
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  });

  it('shows a rock in front of the rover at the pixel its projection predicts', () => {
    const rock = { x: 4, y: 0.6, diameterM: 0.6, heightM: 0.3 };
    const terrain = terrainFromFunction(() => 0, REGION, { rocks: [rock], spacingM: 0.5 });
    const camera = new CameraModel(HAZCAM, -1);
    const rover = levelRover();
    const frame = renderFrame(terrain, camera, rover, SUN);
    // A point on the rock's near face (15 cm toward the rover from its centre), which the camera sees.
    const face = [rock.x - 0.15, rock.y, rock.heightM * Math.sqrt(1 - (0.15 / 0.3) ** 2)];
    const top = pixelOf(camera, rover, face);
    const i = Math.round(top.v) * camera.width + Math.round(top.u);
    expect(frame.soil[i]).toBe(SoilClass.bigRock);
    expect(Math.abs(frame.rangeM[i] - top.rangeM)).toBeLessThan(0.05);
    // The same pixel on bare ground would see much farther.
    const bare = renderFrame(terrainFromFunction(() => 0, REGION, { spacingM: 0.5 }), camera, rover, SUN);
    expect(bare.rangeM[i]).toBeGreaterThan(top.rangeM + 0.3);
    expect(bare.soil[i]).toBe(SoilClass.soil);
  });

  it('does not show a rock hidden behind a ridge', () => {
    const rock = { x: 9, y: 0, diameterM: 0.8, heightM: 0.4 };
    // A 1.2 m ridge across the view at x = 5 m, with gentle flanks.
    const ridge = (x: number) => Math.max(0, 1.2 - Math.abs(x - 5) * 1.5);
    const camera = new CameraModel(HAZCAM, -1);
    const rover = levelRover();
    const hidden = renderFrame(terrainFromFunction(ridge, REGION, { rocks: [rock], spacingM: 0.1 }), camera, rover, SUN);
    expect(hidden.soil.includes(SoilClass.bigRock)).toBe(false);
    const top = pixelOf(camera, rover, [rock.x, rock.y, rock.heightM]);
    const i = Math.round(top.v) * camera.width + Math.round(top.u);
    expect(hidden.rangeM[i]).toBeLessThan(top.rangeM - 2); // the ridge is what that pixel sees
    // Without the ridge the rock is there.
    const open = renderFrame(terrainFromFunction(() => 0, REGION, { rocks: [rock], spacingM: 0.5 }), camera, rover, SUN);
    expect(open.soil[i]).toBe(SoilClass.bigRock);
  });

  it('shades a slope facing the sun brighter than flat ground, and leaves the sky black', () => {
    // North of the rover (left in the image, which looks east) the ground rises to the north, so it
    // faces south, toward the afternoon sun in the south-west (azimuth 250 deg).
    const terrain = terrainFromFunction((_, y) => (y > 0.5 ? 0.4 * (y - 0.5) : 0), REGION, { spacingM: 0.25 });
    const camera = new CameraModel(CameraSpec.parse({ ...HAZCAM, mount: { ...HAZCAM.mount, tilt_deg: 5 } }), -1);
    const frame = renderFrame(terrain, camera, levelRover(), SUN);
    const meanOver = (c0: number, c1: number) => {
      let sum = 0, n = 0;
      for (let v = Math.floor(camera.height * 0.75); v < camera.height; v++) {
        for (let u = c0; u < c1; u++) {
          sum += frame.image[v * camera.width + u];
          n++;
        }
      }
      return sum / n;
    };
    expect(meanOver(0, 20)).toBeGreaterThan(meanOver(camera.width - 40, camera.width - 20) + 5);
    expect(frame.image[0]).toBe(0); // top-left corner: sky
    expect(Number.isNaN(frame.rangeM[0])).toBe(true);
  });
});
