import { encodePng } from '../../../src/core/png';
import type { Relief } from '../../../src/ground/relief';
import { esc, eventsTable, page, plotGrid, pngUri } from '../report/html';
import { runPlotSpecs, type PlotLimits } from './run-plots';
import { renderSvgs } from '../report/vega-svg';
import { refereeSentence } from './referee';
import type { RunResult } from './run';

/*
 * report.html: one self-contained page (pictures inlined: PNG as data URIs, plots as SVG; no network)
 * that a reviewer opens from the output folder or attaches to a review: the verdict, the numbers, the
 * map, the plots of the drive, each sol's decision, the Navcam along the drive, the Hazcam at each
 * stop, and the rover's events in a table to filter.
 */

/** Grey 8-bit frame to PNG. */
export const framePng = (f: { width: number; height: number; image: Uint8Array }): Uint8Array => encodePng({ width: f.width, height: f.height, channels: 1, data: f.image });

export function summaryRows(run: RunResult): [string, string][] {
  const s = run.summary;
  return [
    ['outcome', s.outcome], ['distance driven', `${s.distance_m} m`], ['straight line', `${s.straight_line_m} m`],
    ['driven / straight', String(s.path_ratio)], ['sols', String(s.sols)], ['final error (truth)', `${s.final_error_m} m`],
    ['max tilt', `${s.max_tilt_deg} deg`], ['min belly clearance', `${s.min_clearance_m} m`], ['hazard stops', String(s.hazard_stops)],
    ['faults', String(s.faults)], ['energy', `${s.energy_wh} Wh`], ['least state of charge', String(s.min_soc)], ['keep-in violations', String(s.keepin_violations)],
    ['truth safety limits exceeded', Object.entries(s.safety_violations).filter(([, v]) => v).map(([k]) => k).join(', ') || 'none'],
    ['seed', String(s.seed)],
  ];
}

/** What the map's ground shows, by --relief. */
export const RELIEF_CAPTION: Record<Relief, string> = {
  contours: 'The orbital image with contour lines of the orbital DEM (the interval is written on the map)',
  hillshade: 'The hillshade of the orbital DEM (sun from the north-west) with its contour lines',
  none: 'The orbital image',
};

export async function reportHtml(run: RunResult, mapPng: Uint8Array, stopPngs: Uint8Array[], limits: PlotLimits & { relief?: Relief } = {}): Promise<string> {
  const s = run.summary;
  const firstPlan = run.sols.find((x) => x.plan)?.plan;
  const svgs = await renderSvgs(runPlotSpecs([{ label: s.plan, run }], { tiltLimitDeg: limits.tiltLimitDeg }));
  const body = `<h1>${esc(s.scenario)}: the ${esc(s.plan)} plan</h1>
<p class="verdict ${s.outcome === 'reached' ? 'good' : 'bad'}"><b>${esc(s.outcome)}</b> — ${esc(s.verdict)}</p>
<table>${summaryRows(run).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Map</h2>
<p>${RELIEF_CAPTION[limits.relief ?? 'contours']}; planned waypoints in magenta, the driven track (truth) in orange, hazard and fault stops as red crosses, keep-out zones in red.</p>
<img src="${pngUri(mapPng)}" alt="map of the run">
${firstPlan ? `<h2>The plan</h2><p>${firstPlan.waypoints.length} waypoints by the ${esc(firstPlan.provenance.planner)} planner${firstPlan.provenance.model ? ` (${esc(firstPlan.provenance.model)})` : ''}.</p><p>${esc(firstPlan.rationale)}</p>` : ''}
<h2>The drive</h2>
<p>Against distance: the truth vehicle, a sample per half metre of travel. Against time: the rover's own telemetry (the battery charges while it is parked).</p>
${plotGrid(svgs)}
<h2>Sol by sol</h2>
<table><tr><th>sol</th><th>ground's decision</th><th>sequence</th><th>driven</th></tr>
${run.sols.map((x) => `<tr><td>${x.sol}</td><td>${esc(x.note)}</td><td><code>${esc(x.sequenceId ?? '')}</code>${x.refused ? ` (not sent: ${esc(x.refused)})` : ''}</td><td>${x.distance_m} m</td></tr>`).join('\n')}
</table>
<h2>Along the drive</h2>
${run.driveFrames.length ? `<p>The Navcam along the drive: once it is under way, then after each 10 m or more (checked every 5 simulated minutes).</p><div class="strip">${run.driveFrames.map((f) => `<figure><img src="${pngUri(framePng(f.frame))}" alt="Navcam at ${f.distance_m} m" width="256"><figcaption>sol ${f.sol}, ${f.distance_m} m, (${f.x_m}, ${f.y_m}) heading ${f.heading_deg}°</figcaption></figure>`).join('')}</div>` : '<p>No frames were kept along this drive.</p>'}
<h2>Stops</h2>
<div class="strip">${run.stops.map((stop, i) => `<figure><img src="${pngUri(stopPngs[i])}" alt="front Hazcam at stop ${i + 1}" width="256"><figcaption>sol ${stop.sol}: ${esc(stop.kind)} at (${stop.x_m}, ${stop.y_m})${stop.truth ? `<br>${esc(refereeSentence(stop.truth))}` : ''}</figcaption></figure>`).join('')}</div>
<h2>Events from the rover</h2>
${eventsTable(run.events)}`;
  return page(`${s.scenario} – ${s.plan}: ${s.outcome}`, body);
}
