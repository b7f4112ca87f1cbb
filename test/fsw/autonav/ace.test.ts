import { describe, expect, it } from 'vitest';
import { degToRad } from '../../../src/core/geometry';
import { Ace, aceLimits, TILT_MARGIN_DEG } from '../../../src/fsw/autonav/ace';
import { terrainFromFunction } from '../../../sim/world/terrain/analytic';
import { generateTerrain } from '../../../sim/world/terrain/generate';
import { ProceduralTerrainParams } from '../../../sim/world/terrain/params';
import { DEFAULT_VEHICLE } from '../../../sim/world/vehicle/config';
import { Settler, type Settled } from '../../../sim/world/vehicle/settle';
import { perfectMap } from './perfect-map';

const LIMIT = DEFAULT_VEHICLE.tilt_limit_deg;

/** Whether the settled truth vehicle breaks a limit the truth watch counts (tilt, joint travel, belly contact, tip-over). */
const breaksLimit = (s: Settled) => s.limits.tilt || s.limits.rocker || s.limits.bogieLeft || s.limits.bogieRight || s.limits.tipOver || s.bellyClearanceM < 0;

/** A small deterministic generator for the poses (the test's own, apart from every simulator stream). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('ACE on known planes', () => {
  /** ACE's verdict on a plane of `slopeDeg` falling away along +x, for a rover heading `headingDeg` from the fall line. */
  const onPlane = (slopeDeg: number, headingDeg: number) => {
    const g = Math.tan(degToRad(slopeDeg));
    const terrain = terrainFromFunction((x) => g * x, { xMin: -8, xMax: 8, yMin: -8, yMax: 8 }, { spacingM: 0.1 });
    return new Ace(perfectMap(terrain, 0, 0, 4), DEFAULT_VEHICLE, aceLimits(DEFAULT_VEHICLE)).check(0, 0, degToRad(headingDeg));
  };

  it(`passes every heading (every 15 deg) on every slope below the ${LIMIT} deg limit less its ${TILT_MARGIN_DEG} deg margin and half a degree for the map`, () => {
    const top = LIMIT - TILT_MARGIN_DEG - 0.5;
    for (let heading = 0; heading < 360; heading += 15) {
      for (const slope of [0, 5, 10, 15, top]) expect(onPlane(slope, heading), `${slope} deg at heading ${heading}`).toBeUndefined();
    }
  });

  it('refuses every heading on a slope past the limit, for tilt', () => {
    for (let heading = 0; heading < 360; heading += 15) expect(onPlane(LIMIT + 0.5, heading)).toBe('tilt');
  });
});

describe('ACE on perfect maps of rocky ground, refereed by the settled truth vehicle', () => {
  /**
   * Poses on generated rocky terrain (Golombek-Rapp rocks of abundance k on fractal relief over a
   * regional tilt), each checked by ACE on a perfect map and settled on the truth.
   */
  function survey(k: number, tiltDeg: number, seeds: number[]) {
    let acceptedSafe = 0, falseAccepts = 0, refusedSafe = 0, unsafe = 0;
    const examples: string[] = [];
    for (const seed of seeds) {
      const terrain = generateTerrain(ProceduralTerrainParams.parse({
        size_m: [40, 40], post_spacing_m: 0.5, relief: { median_slope_deg: 3, tilt_deg: tiltDeg, tilt_azimuth_deg: 30 },
        craters: { density_per_km2: 0 }, sand: { fraction: 0 }, rocks: { k },
      }), seed);
      const settler = new Settler(terrain, DEFAULT_VEHICLE);
      const rand = lcg(seed * 9973);
      for (let block = 0; block < 2; block++) {
        const cx = 12 + 16 * rand(), cy = 12 + 16 * rand();
        const ace = new Ace(perfectMap(terrain, cx, cy, 6), DEFAULT_VEHICLE, aceLimits(DEFAULT_VEHICLE));
        for (let i = 0; i < 120; i++) {
          const x = cx + 6 * (rand() - 0.5), y = cy + 6 * (rand() - 0.5), h = 2 * Math.PI * rand();
          const truth = settler.settle(x, y, h);
          // A settle left more than a centimetre off the ground has no verdict to give.
          if (!truth.converged && truth.residualM > 0.01) continue;
          const hazard = ace.check(x, y, h);
          if (breaksLimit(truth)) {
            unsafe++;
            if (!hazard) {
              falseAccepts++;
              examples.push(`seed ${seed} (${x.toFixed(2)}, ${y.toFixed(2)}, ${h.toFixed(3)}): ${JSON.stringify(truth.limits)} belly ${truth.bellyClearanceM.toFixed(2)}`);
            }
          } else if (hazard) refusedSafe++;
          else acceptedSafe++;
        }
      }
    }
    return { acceptedSafe, falseAccepts, refusedSafe, unsafe, acceptance: acceptedSafe / (acceptedSafe + refusedSafe), examples };
  }

  // Slopes up to 15 deg (regional tilt under 3 deg of fractal relief), rocks up to k = 0.25.
  for (const tilt of [0, 8, 15]) {
    for (const k of [0.05, 0.15, 0.25]) {
      it(`never passes a pose the truth breaks a limit at (k ${k}, ${tilt} deg)${k <= 0.15 ? ', and passes at least 60% of the safe ones' : ''}`, () => {
        const r = survey(k, tilt, [1, 2, 3]);
        console.log(`ACE k ${k} tilt ${tilt}: accepts ${(100 * r.acceptance).toFixed(1)}% of ${r.acceptedSafe + r.refusedSafe} truth-safe poses; ${r.unsafe} unsafe, ${r.falseAccepts} passed`);
        expect(r.falseAccepts, r.examples.join('\n')).toBe(0);
        if (k <= 0.15) expect(r.acceptance).toBeGreaterThanOrEqual(0.6);
      });
    }
  }
});
