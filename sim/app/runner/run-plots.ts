import type { RunResult } from './run';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../report/vega-svg';

/*
 * The plots of a drive, as vega-lite: the truth profile against distance (ground elevation under the
 * track, tilt, belly clearance, slip, speed, energy) and the onboard telemetry against time (battery
 * state of charge, energy, odometer). Several runs overlay, one colour per plan (comparison page).
 */

export interface PlotSeries {
  /** The plan's label (colour and legend). */
  label: string;
  run: RunResult;
}

/** The figures a plot may draw as a dashed rule (truth limits of the vehicle), and the plans' colours. */
export interface PlotLimits {
  tiltLimitDeg?: number;
  /** CSS colours of the series in order (a comparison gives its map's); vega's palette otherwise. */
  colours?: readonly string[];
}

interface ProfileField {
  field: 'ground_z_m' | 'tilt_deg' | 'clearance_m' | 'slip' | 'speed_m_s' | 'energy_wh';
  title: string;
  /** A rule across the plot at this value (a limit), labelled. */
  rule?: (limits: PlotLimits) => { value: number; label: string } | undefined;
}

const PROFILE_FIELDS: readonly ProfileField[] = [
  { field: 'ground_z_m', title: 'ground elevation under the rover (m)' },
  { field: 'tilt_deg', title: 'tilt (deg, worst per 0.5 m)', rule: (l) => (l.tiltLimitDeg === undefined ? undefined : { value: l.tiltLimitDeg, label: 'tilt limit' }) },
  { field: 'clearance_m', title: 'belly clearance (m, least per 0.5 m)', rule: () => ({ value: 0, label: 'belly on the ground' }) },
  { field: 'slip', title: 'slip (0..1)' },
  { field: 'speed_m_s', title: 'speed while the wheels turn (m/s)' },
  { field: 'energy_wh', title: 'drive energy (Wh, loads while the wheels turn or steer)' },
];

const TELEMETRY_FIELDS: readonly { channel: string; title: string }[] = [
  { channel: 'pwr.soc', title: 'battery state of charge (onboard, 0..1)' },
  { channel: 'pwr.energy_used_wh', title: 'energy used (onboard, Wh, all loads)' },
  { channel: 'nav.odometer_m', title: 'odometer (onboard, m)' },
];

const WIDTH = 520;
const HEIGHT = 150;

function colour(series: readonly PlotSeries[], colours: readonly string[] | undefined): Record<string, unknown> {
  if (series.length < 2) return {};
  const scale = colours ? { scale: { domain: series.map((s) => s.label), range: series.map((_, i) => colours[i % colours.length]) } } : {};
  return { color: { field: 'plan', type: 'nominal', title: 'plan', ...scale } };
}

function withRule(spec: VegaLiteSpec, rule: { value: number; label: string } | undefined): VegaLiteSpec {
  if (!rule) return spec;
  const { data, mark, encoding, ...frame } = spec;
  return {
    ...frame,
    layer: [
      { data, mark, encoding },
      { data: { values: [rule] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#c62828' }, encoding: { y: { field: 'value', type: 'quantitative' } } },
      { data: { values: [rule] }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#c62828' }, encoding: { y: { field: 'value', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } } },
    ],
  };
}

/** The plot specifications, by name (`profile-<field>`, `telemetry-<channel>`), in the order a page shows them. */
export function runPlotSpecs(series: readonly PlotSeries[], limits: PlotLimits = {}): Record<string, VegaLiteSpec> {
  const specs: Record<string, VegaLiteSpec> = {};
  for (const f of PROFILE_FIELDS) {
    const values = series.flatMap(({ label, run }) => run.profile.filter((p) => Number.isFinite(p[f.field])).map((p) => ({ plan: label, distance_m: p.distance_m, value: p[f.field] })));
    specs[`profile-${f.field}`] = withRule({
      $schema: VEGA_LITE_SCHEMA, title: f.title, width: WIDTH, height: HEIGHT, background: 'white',
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'distance_m', type: 'quantitative', title: 'distance driven (m)' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        ...colour(series, limits.colours),
      },
    }, f.rule?.(limits));
  }
  for (const t of TELEMETRY_FIELDS) {
    const values = series.flatMap(({ label, run }) => run.telemetry.filter((s) => s.channel === t.channel && typeof s.value === 'number').map((s) => ({ plan: label, hours: Number((s.timeS / 3600).toFixed(3)), value: s.value as number })));
    specs[`telemetry-${t.channel}`] = {
      $schema: VEGA_LITE_SCHEMA, title: t.title, width: WIDTH, height: HEIGHT, background: 'white',
      data: { values },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'hours', type: 'quantitative', title: 'time since the run began (h, local midnight of sol 1)' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        ...colour(series, limits.colours),
      },
    };
  }
  return specs;
}
