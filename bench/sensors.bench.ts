import { RandomStreams } from '../src/core/random';
import { CameraModel, CAMERAS } from '../sim/world/sensors/camera-model';
import { renderFrame } from '../sim/world/sensors/render';
import { rayCastFrame } from '../sim/world/sensors/raycast';
import { measureStereo } from '../sim/world/sensors/stereo';
import { generateTerrain } from '../sim/world/terrain/generate';
import { sunDirection } from '../sim/world/terrain/orbital/sun';
import { ProceduralTerrainParams } from '../sim/world/terrain/params';
import { DEFAULT_VEHICLE } from '../sim/world/vehicle/config';
import { roverPlacement } from '../sim/world/vehicle/placement';
import { Settler } from '../sim/world/vehicle/settle';

/**
 * ms per rendered 512 x 384 front Hazcam frame on a rocky site (k = 0.15), over 20 poses along a
 * traverse; stereo frames per second with noise (one render of the reference camera plus the stereo
 * model, which is what autonomy consumes), and with both cameras rendered. Every figure starts from
 * an empty tile cache (each its own lighting, a thousandth of a degree apart, so none reuses another's
 * tiles) and warms it along the traverse as a drive does. Aim: <= 10 ms per frame on one core.
 */
export function sensorsBenchmark(): Record<string, number> {
  const terrain = generateTerrain(ProceduralTerrainParams.parse({ size_m: [200, 200], post_spacing_m: 0.5, rocks: { k: 0.15 }, sand: { fraction: 0.1 } }), 11);
  const settler = new Settler(terrain, DEFAULT_VEHICLE);
  const poses = Array.from({ length: 20 }, (_, i) => roverPlacement(settler.settle(40 + 6 * i, 60 + 3 * i, 0.4 + 0.1 * i)));
  // A lighting of its own per figure: the tile cache is keyed by it, so each figure starts cold.
  let figure = 0;
  const freshLighting = () => ({ sun: sunDirection(35 + 0.001 * ++figure, 250) });
  const sun = freshLighting();
  const left = new CameraModel(CAMERAS.front_hazcam, -1), right = new CameraModel(CAMERAS.front_hazcam, 1);
  const navcam = new CameraModel(CAMERAS.navcam, -1);
  const rng = new RandomStreams(1).stream('sensors.stereo.front_hazcam');
  for (const p of poses.slice(0, 3)) renderFrame(terrain, left, p, sun); // warm up the JIT

  const time = (fn: (i: number) => void): number => {
    const t0 = performance.now();
    for (let i = 0; i < poses.length; i++) fn(i);
    return (performance.now() - t0) / poses.length;
  };
  const timeFresh = (fn: (i: number, light: { sun: ReturnType<typeof sunDirection> }) => void): number => {
    const light = freshLighting();
    return time((i) => fn(i, light));
  };
  const hazcamMs = timeFresh((i, light) => renderFrame(terrain, left, poses[i], light));
  const navcamMs = timeFresh((i, light) => renderFrame(terrain, navcam, poses[i], light));
  const stereoMs = timeFresh((i, light) => measureStereo(renderFrame(terrain, left, poses[i], light), rng));
  const pairMs = timeFresh((i, light) => {
    measureStereo(renderFrame(terrain, left, poses[i], light), rng);
    renderFrame(terrain, right, poses[i], light);
  });
  const rayCastMs = timeFresh((i, light) => i < 5 && rayCastFrame(terrain, left, poses[i], light)) * (poses.length / 5);
  return {
    hazcam_frame_px: left.width * left.height,
    hazcam_render_ms: round(hazcamMs),
    navcam_render_ms: round(navcamMs),
    hazcam_ray_cast_reference_ms: round(rayCastMs),
    stereo_frames_per_s_reference_render_plus_noise: round(1000 / stereoMs),
    stereo_frames_per_s_both_cameras_plus_noise: round(1000 / pairMs),
  };
}

const round = (v: number): number => Number(v.toFixed(1));
