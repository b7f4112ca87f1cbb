import { refereeSentence } from './referee';
import type { RunResult } from './run';

/*
 * report.html: one self-contained page (images inlined as data URIs, no scripts, no network) that a
 * reviewer can open from the output folder or attach to a review: the verdict, the numbers, the map,
 * what happened each sol, the camera view at each stop, and the warnings the rover raised.
 */

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const dataUri = (png: Uint8Array): string => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

export function reportHtml(run: RunResult, mapPng: Uint8Array, stopPngs: Uint8Array[]): string {
  const s = run.summary;
  const rows: [string, string][] = [
    ['outcome', s.outcome], ['distance driven', `${s.distance_m} m`], ['straight line', `${s.straight_line_m} m`],
    ['driven / straight', String(s.path_ratio)], ['sols', String(s.sols)], ['final error (truth)', `${s.final_error_m} m`],
    ['max tilt', `${s.max_tilt_deg} deg`], ['min belly clearance', `${s.min_clearance_m} m`], ['hazard stops', String(s.hazard_stops)],
    ['faults', String(s.faults)], ['energy', `${s.energy_wh} Wh`], ['keep-in violations', String(s.keepin_violations)],
    ['truth safety limits exceeded', Object.entries(s.safety_violations).filter(([, v]) => v).map(([k]) => k).join(', ') || 'none'],
    ['seed', String(s.seed)],
  ];
  const warnings = run.events.filter((e) => e.severity === 'WARNING_HI');
  const firstPlan = run.sols.find((x) => x.plan)?.plan;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(s.scenario)} – ${esc(s.plan)}: ${esc(s.outcome)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.5em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.verdict{font-size:1.2em;padding:.6em;background:${s.outcome === 'reached' ? '#e3f6e3' : '#fbe9e7'}}
img{max-width:100%}.stops{display:flex;flex-wrap:wrap;gap:1em}.stops figure{margin:0}code{font-size:.9em}
</style></head><body>
<h1>${esc(s.scenario)}: the ${esc(s.plan)} plan</h1>
<p class="verdict"><b>${esc(s.outcome)}</b> — ${esc(s.verdict)}</p>
<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Map</h2>
<p>Orbital image; planned waypoints in magenta, the driven track (truth) in orange, hazard and fault stops as red crosses, keep-out zones in red.</p>
<img src="${dataUri(mapPng)}" alt="map of the run">
${firstPlan ? `<h2>The plan</h2><p>${firstPlan.waypoints.length} waypoints by the ${esc(firstPlan.provenance.planner)} planner${firstPlan.provenance.model ? ` (${esc(firstPlan.provenance.model)})` : ''}.</p><p>${esc(firstPlan.rationale)}</p>` : ''}
<h2>Sol by sol</h2>
<table><tr><th>sol</th><th>ground's decision</th><th>sequence</th><th>driven</th></tr>
${run.sols.map((x) => `<tr><td>${x.sol}</td><td>${esc(x.note)}</td><td><code>${esc(x.sequenceId ?? '')}</code>${x.refused ? ` (not sent: ${esc(x.refused)})` : ''}</td><td>${x.distance_m} m</td></tr>`).join('\n')}
</table>
<h2>Stops</h2>
<div class="stops">${run.stops.map((stop, i) => `<figure><img src="${dataUri(stopPngs[i])}" alt="front Hazcam at stop ${i + 1}" width="384"><figcaption>sol ${stop.sol}: ${esc(stop.kind)} at (${stop.x_m}, ${stop.y_m})${stop.truth ? `<br>${esc(refereeSentence(stop.truth))}` : ''}</figcaption></figure>`).join('')}</div>
<h2>Warnings from the rover</h2>
${warnings.length ? `<table><tr><th>time (s)</th><th>event</th><th>message</th></tr>${warnings.map((e) => `<tr><td>${e.timeS.toFixed(0)}</td><td>${esc(e.name)}</td><td>${esc(e.message)}</td></tr>`).join('')}</table>` : '<p>none</p>'}
</body></html>
`;
}
