import type { Rgb } from '../../../src/core/draw';
import type { RunResult } from './run';
import { esc, page, plotGrid, pngUri } from '../report/html';
import { runPlotSpecs, type PlotLimits } from './run-plots';
import { renderSvgs } from '../report/vega-svg';
import type { Relief } from '../../../src/ground/relief';
import { RELIEF_CAPTION } from './report';

/*
 * A comparison's report.html: the plans side by side. The table of every run, one map with every
 * track (the comparison's map.png), the verdicts, and the plots of the drive with the plans overlaid
 * in their map colours; each plan's own report a link away (its folder).
 */

export interface ComparedRun {
  /** The plan's label and the folder its outputs are in (relative to the page). */
  label: string;
  folder: string;
  run: RunResult;
  colour: Rgb;
}

/** A map colour as CSS; white (the map's fifth colour, on dark ground) is drawn grey on a white plot. */
const css = ([r, g, b]: Rgb): string => (r > 240 && g > 240 && b > 240 ? '#555555' : `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`);

export async function comparisonHtml(scenario: string, table: { head: string[]; rows: string[][] }, verdicts: string[], runs: readonly ComparedRun[], mapPng: Uint8Array, limits: PlotLimits & { relief?: Relief } = {}): Promise<string> {
  const svgs = await renderSvgs(runPlotSpecs(runs.map((r) => ({ label: r.label, run: r.run })), { tiltLimitDeg: limits.tiltLimitDeg, colours: runs.map((r) => css(r.colour)) }));
  const body = `<h1>${esc(scenario)}: plans compared</h1>
<p>Each plan is run through the same simulation: the same terrain, the same seeds.</p>
<table><tr>${table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>
${table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</table>
<ul>${verdicts.map((v) => `<li>${esc(v)}</li>`).join('')}</ul>
<h2>Map</h2>
<p>${RELIEF_CAPTION[limits.relief ?? 'contours']}; every plan's waypoints (faded) and driven track in its colour; hazard and fault stops as red crosses.</p>
<img src="${pngUri(mapPng)}" alt="map of every track">
<h2>The drives, overlaid</h2>
<p>${runs.map((r) => `<span style="color:${css(r.colour)}">■</span> <a href="${esc(r.folder)}/report.html">${esc(r.label)}</a>`).join(' · ')} (each plan's own report)</p>
${plotGrid(svgs)}`;
  return page(`${scenario}: plans compared`, body);
}
