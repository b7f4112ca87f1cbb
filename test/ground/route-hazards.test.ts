import { describe, expect, it } from 'vitest';
import { analyseRoute } from '../../src/ground/route-analysis';
import { routeHazards } from '../../src/ground/route-hazards';
import { BOULDER, MOUND, SAND, syntheticMaps, syntheticMission } from './synthetic-maps';

/* The hazards of a route, each with where it is, on the hand-made synthetic maps. */

const maps = syntheticMaps();
const mission = syntheticMission();

describe('routeHazards', () => {
  it('finds where a leg enters and leaves sand, agreeing with the leg report', () => {
    const points: [number, number][] = [[10, SAND.y], [50, SAND.y]];
    const hazards = routeHazards(points, maps, mission);
    const sand = hazards.filter((h) => h.kind === 'sand');
    expect(sand).toHaveLength(1);
    const h = sand[0];
    if (h.kind !== 'sand') throw new Error('not sand');
    expect(h.id).toBe('leg1.sand1');
    // The patch spans x 22..38 on its centre line (radius 8, 1 m posts, nearest-post sampling).
    expect(Math.abs(h.enter[0] - (SAND.x - SAND.radius))).toBeLessThanOrEqual(1);
    expect(Math.abs(h.leave[0] - (SAND.x + SAND.radius))).toBeLessThanOrEqual(1);
    expect(h.enter[1]).toBe(SAND.y);
    expect(h.length_m).toBe(analyseRoute(points, maps, mission).legs[0].sand_m);
    expect(h.text).toMatch(/^leg 1: 1\d(\.\d+)? m over sand from \(2\d(\.\d+)?, 62\) to \(3\d(\.\d+)?, 62\)$/);
  });

  it('gives each orbital rock inside the margin its centre and the clearance of the leg', () => {
    const margin = mission.rules.margin_m;
    const points: [number, number][] = [[80, BOULDER.y + 2], [100, BOULDER.y + 2]];
    const rocks = routeHazards(points, maps, mission).filter((h) => h.kind === 'rock');
    expect(rocks).toHaveLength(1);
    const r = rocks[0];
    if (r.kind !== 'rock') throw new Error('not a rock');
    expect(r.centre[0]).toBeCloseTo(BOULDER.x, 0);
    expect(r.centre[1]).toBeLessThan(BOULDER.y + 2);
    // The boulder's posts reach 1 m from its centre: the nearest is 1 m below the leg.
    expect(r.clearance_m).toBeCloseTo(1, 5);
    expect(r.clearance_m).toBeLessThan(margin);
    expect(r.posts).toBe(analyseRoute(points, maps, mission).legs[0].rock_posts_near);
    // Farther than the margin from every post: no hazard.
    expect(routeHazards([[80, BOULDER.y + 1 + margin + 0.6], [100, BOULDER.y + 1 + margin + 0.6]], maps, mission)).toEqual([]);
  });

  it('reports the steep stretch over the mound with its peak slope, leg by leg', () => {
    const points: [number, number][] = [[10, MOUND.y], [40, MOUND.y], [110, MOUND.y]];
    const hazards = routeHazards(points, maps, mission);
    expect(hazards.map((h) => h.id)).toEqual(['leg2.steep1', 'leg2.steep2']); // up one flank, down the other; the top is flat
    for (const h of hazards) {
      if (h.kind !== 'steep') throw new Error('not steep');
      expect(h.max_slope_deg).toBeGreaterThan(mission.rules.max_slope_deg);
      expect(Math.abs(h.enter[0] - MOUND.x)).toBeLessThan(MOUND.radius + 1);
    }
    const steepM = hazards.reduce((s, h) => s + (h.kind === 'steep' ? h.length_m : 0), 0);
    expect(steepM).toBeCloseTo(analyseRoute(points, maps, mission).legs[1].steep_m, 6);
  });
});
