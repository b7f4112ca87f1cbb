import type { Mission } from '../../mission';
import type { Region } from '../../site-picture';
import { HAZARD_LEGEND } from '../../site-picture';

/*
 * What Claude is told: its job, the flight rules and the hazards (system prompt), and the drive at
 * hand (the first user message, before the two pictures). The flight rules are those the uplink
 * checks; the hazards are those submit_route holds a route to (avoided, or accepted with a reason).
 */

export function systemPrompt(mission: Mission): string {
  const r = mission.rules;
  return [
    'You are a strategic route planner for a six-wheel Mars rover (Perseverance-class: 3 m long, 2.7 m wide, top speed 152 m/h).',
    'From orbital data you choose waypoints; onboard autonomous navigation then drives between them, mapping rocks too small for orbit to see and stopping on hazards.',
    '',
    'Coordinates: the site frame, in metres; x grows east, y grows north. Every picture is north-up with grid lines labelled x=… along the top and y=… down the left, and a scale bar.',
    '',
    'Flight rules (checked before uplink; submit_route refuses a route that breaks one):',
    `- Consecutive waypoints (and the start to the first waypoint) at most ${r.max_waypoint_spacing_m} m apart; at most ${r.max_waypoints} waypoints; the last waypoint within the goal tolerance.`,
    `- Orbital slope at most ${r.max_slope_deg} deg over the rover footprint at every waypoint.`,
    `- Stay inside the keep-in box and at least ${r.margin_m} m from its edges, at least ${r.margin_m} m from keep-out zones, and on the map.`,
    '',
    'Hazards (judgement calls: avoid each one, or accept it with a one-line reason; submit_route sends back a route with any hazard neither avoided nor justified):',
    '- Sand ripples on a leg: the rover slips and can embed in them.',
    `- Ground steeper than ${r.max_slope_deg} deg along a leg.`,
    `- Rocks seen from orbit within ${r.margin_m} m of a leg.`,
    'check_route lists each hazard with its id and where it is: where a leg enters and leaves sand or steep ground, each rock\'s centre and the leg\'s clearance to it.',
    '',
    'How to work: look at both pictures, look closer with render_region (a zoomed picture with a finer grid) and inspect_region (the numbers) wherever you are unsure, draft the route as short straight segments (about 10 m) around hazards, then place waypoints where the route turns.',
    'Check the draft with check_route, read its violations and hazards, revise, and check again. Drive the checked route in the digital twin with simulate_route and read where it stopped and why. Then call submit_route with the waypoints, a short rationale (which hazards you avoided and why),',
    'and hazard_justifications for any hazard you chose to accept (crossing a short sand stretch may be better than a long detour over steep ground, say). Use the tools; do not answer in prose alone.',
  ].join('\n');
}

export function briefText(scenario: string, mission: Mission, region: Region, metresPerPx: number): string {
  const { start, goal, keepIn, keepOut } = mission;
  const distance = Math.hypot(goal.x_m - start.x_m, goal.y_m - start.y_m);
  const lines = [
    `Site: ${scenario}. Plan a drive from the start to the goal.`,
    `- Start: (${start.x_m}, ${start.y_m}), heading ${start.heading_deg} deg counter-clockwise from east.`,
    `- Goal: (${goal.x_m}, ${goal.y_m}), tolerance ${goal.tolerance_m} m; ${distance.toFixed(0)} m in a straight line.`,
    keepIn
      ? `- Keep-in box: x ${keepIn.x_min_m}..${keepIn.x_max_m} m, y ${keepIn.y_min_m}..${keepIn.y_max_m} m (yellow rectangle).`
      : '- No keep-in box: stay on the map.',
    keepOut.length
      ? `- Keep-out zones (red circles): ${keepOut.map((c) => `(${c.x_m}, ${c.y_m}) r ${c.radius_m} m${c.reason ? ` – ${c.reason}` : ''}`).join('; ')}.`
      : '- No keep-out zones.',
    `The pictures cover x ${region.xMin.toFixed(0)}..${region.xMax.toFixed(0)} m, y ${region.yMin.toFixed(0)}..${region.yMax.toFixed(0)} m at ${metresPerPx.toFixed(2)} m per pixel.`,
    'The start is the green disc (S, with a heading tick), the goal the cyan ring (G).',
  ];
  return lines.join('\n');
}

export const ORBITAL_CAPTION = 'Picture 1: the orbital image (HiRISE-like; dark patches are often sand, rocks show as bright specks beside dark shadows).';
export const HAZARD_CAPTION = `Picture 2: the hazard map of the same area: ${HAZARD_LEGEND}.`;
