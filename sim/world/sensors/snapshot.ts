import { StagedDir } from '../../../src/core/files';
import { radToDeg, type Vec3 } from '../../../src/core/geometry';
import { rasterToColour, writePng, type ColourRamp } from '../../../src/core/png';
import { Raster } from '../../../src/core/raster';
import type { RandomStreams } from '../../../src/core/random';
import type { TruthTerrain } from '../terrain/terrain';
import type { VehicleConfig } from '../vehicle/config';
import { roverPlacement } from '../vehicle/placement';
import { Settler } from '../vehicle/settle';
import type { CameraId as CameraName } from '../../../src/fsw/ports';
import { CAMERAS, CameraModel } from './camera-model';
import { renderFrame } from './render';
import { rayCastFrame } from './raycast';
import { measureStereo } from './stereo';

/** Range colours for people: near red through yellow and green to blue far; no return black. */
const RANGE_RAMP: ColourRamp = [
  [0, [220, 40, 40]],
  [3, [240, 200, 40]],
  [8, [60, 180, 80]],
  [20, [40, 80, 200]],
];

export interface SnapshotRequest {
  x: number;
  y: number;
  headingRad: number;
  camera: CameraName;
  pointing?: { panDeg?: number; tiltDeg?: number };
  sun: Vec3;
  /** Use the per-pixel ray caster (exact, slow) instead of the z-buffer renderer. */
  exact?: boolean;
}

/**
 * "What would the rover see and do here?": settles the rover at a pose, renders the camera pair,
 * and writes left.png and right.png (the stereo pair), range.png (truth range) and stereo.png (the
 * measured stereo range, with its noise and dropouts), and snapshot.json with the settled state.
 */
export function writeSnapshot(dir: string, terrain: TruthTerrain, vehicle: VehicleConfig, request: SnapshotRequest, streams: RandomStreams): { files: string[]; summary: Record<string, unknown> } {
  const settled = new Settler(terrain, vehicle).settle(request.x, request.y, request.headingRad);
  const placement = roverPlacement(settled);
  const spec = CAMERAS[request.camera];
  const render = request.exact ? rayCastFrame : renderFrame;
  const left = render(terrain, new CameraModel(spec, -1, request.pointing), placement, { sun: request.sun });
  const right = render(terrain, new CameraModel(spec, 1, request.pointing), placement, { sun: request.sun });
  const stereo = measureStereo(left, streams.stream(`sensors.stereo.${request.camera}`));
  const { width, height } = left.camera;
  const asRaster = (values: Float32Array) => new Raster({ rows: height, cols: width, spacing: 1, x0: 0, y0: 0 }, values);
  let returns = 0, matches = 0;
  for (let i = 0; i < left.rangeM.length; i++) {
    if (!Number.isNaN(left.rangeM[i])) returns++;
    matches += stereo.valid[i];
  }
  const summary = {
    pose: { x_m: request.x, y_m: request.y, heading_deg: radToDeg(request.headingRad) },
    camera: request.camera,
    renderer: request.exact ? 'ray cast (exact)' : 'z-buffer',
    settled: {
      converged: settled.converged,
      z_m: settled.state.zM,
      roll_deg: radToDeg(settled.state.rollRad),
      pitch_deg: radToDeg(settled.state.pitchRad),
      tilt_deg: radToDeg(settled.tiltRad),
      rocker_deg: radToDeg(settled.state.rockerRad),
      bogie_left_deg: radToDeg(settled.state.bogieLeftRad),
      bogie_right_deg: radToDeg(settled.state.bogieRightRad),
      belly_clearance_m: settled.bellyClearanceM,
      tip_over_margin_m: settled.tipOverMarginM,
      wheel_loads_n: Array.from(settled.wheelLoadsN, (l) => Math.round(l)),
      limits: settled.limits,
    },
    image_px: [width, height],
    truth_return_fraction: returns / left.rangeM.length,
    stereo_match_fraction: matches / left.rangeM.length,
  };
  const out = new StagedDir(dir);
  try {
    writePng(out.path('left.png'), { width, height, channels: 1, data: left.image });
    writePng(out.path('right.png'), { width, height, channels: 1, data: right.image });
    writePng(out.path('range.png'), rasterToColour(asRaster(left.rangeM), RANGE_RAMP));
    writePng(out.path('stereo.png'), rasterToColour(asRaster(stereo.rangeM), RANGE_RAMP));
    out.write('snapshot.json', JSON.stringify(summary, null, 2) + '\n');
    return { files: out.commit(), summary };
  } catch (e) {
    out.abort();
    throw e;
  }
}
