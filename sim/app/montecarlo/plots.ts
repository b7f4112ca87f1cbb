import { Resvg } from '@resvg/resvg-js';
import { renderSvgs } from '../report/vega-svg';
import type { RunRecord } from './task';

/*
 * The batch's plots, specified in vega-lite and rendered headless (vega to SVG, resvg to PNG): one
 * histogram per metric, coloured by plan, and the outcome counts per plan.
 */

const HISTOGRAMS: [string, string][] = [
  ['path_ratio', 'driven / straight-line distance'],
  ['min_clearance_m', 'least belly clearance (m)'],
  ['max_tilt_deg', 'worst tilt (deg)'],
  ['energy_wh', 'energy (Wh)'],
  ['sols', 'sols'],
];

type Spec = Record<string, unknown>;

export function plotSpecs(records: readonly RunRecord[]): Record<string, Spec> {
  const rows = records.filter((r) => r.summary).map((r) => ({ plan: r.plan, index: r.index, ...r.summary }));
  const specs: Record<string, Spec> = {};
  for (const [field, title] of HISTOGRAMS) {
    specs[field] = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title, width: 420, height: 220, background: 'white',
      data: { values: rows.map((r) => ({ plan: r.plan, value: (r as Record<string, unknown>)[field] })) },
      mark: { type: 'bar', opacity: 0.75 },
      encoding: {
        x: { field: 'value', type: 'quantitative', bin: { maxbins: 20 }, title },
        y: { aggregate: 'count', type: 'quantitative', title: 'runs', stack: null },
        color: { field: 'plan', type: 'nominal' },
      },
    };
  }
  specs.outcomes = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'outcomes', width: 420, height: 220, background: 'white',
    data: { values: records.map((r) => ({ plan: r.plan, outcome: r.summary?.outcome ?? 'error' })) },
    mark: 'bar',
    encoding: {
      x: { field: 'outcome', type: 'nominal', title: null },
      xOffset: { field: 'plan' },
      y: { aggregate: 'count', type: 'quantitative', title: 'runs' },
      color: { field: 'plan', type: 'nominal' },
    },
  };
  return specs;
}

/** SVG and PNG of each plot, by file name (`plots/<name>.svg`, `.png`). */
export async function renderPlots(records: readonly RunRecord[]): Promise<{ name: string; data: string | Uint8Array }[]> {
  const out: { name: string; data: string | Uint8Array }[] = [];
  for (const [name, svg] of Object.entries(await renderSvgs(plotSpecs(records)))) {
    out.push({ name: `plots/${name}.svg`, data: svg });
    out.push({ name: `plots/${name}.png`, data: new Resvg(svg, { font: { loadSystemFonts: true }, fitTo: { mode: 'zoom', value: 2 } }).render().asPng() });
  }
  return out;
}
