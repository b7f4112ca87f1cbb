import { importEsm } from '../../../src/core/esm-import';

/** A vega-lite specification (https://vega.github.io/schema/vega-lite/v6.json). */
export type VegaLiteSpec = Record<string, unknown>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Renders vega-lite specifications to SVG text headless (vega's SVG renderer needs no canvas): the
 * pictures a page inlines, so it opens without a server, scripts or network.
 */
export async function renderSvgs(specs: Record<string, VegaLiteSpec>): Promise<Record<string, string>> {
  // vega and vega-lite are ES modules with top-level await: they load by import(), not require().
  const vega = await importEsm<typeof import('vega')>('vega');
  const vl = await importEsm<typeof import('vega-lite')>('vega-lite');
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const compiled = vl.compile(spec as never).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    out[name] = await view.toSVG();
    view.finalize();
  }
  return out;
}
