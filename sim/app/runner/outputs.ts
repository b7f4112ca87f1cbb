import { StagedDir } from '../../../src/core/files';
import type { Site } from '../scenario/site';
import { runMap } from './map';
import type { Relief } from '../../../src/ground/relief';
import { framePng, reportHtml } from './report';
import { replayHtml } from './replay-page';
import { encodePng } from '../../../src/core/png';
import type { RunResult } from './run';
import { roundTo } from '../../../src/core/round';

/**
 * Writes a run's outputs into `dir`, all moved in together at the end: summary.json,
 * telemetry.jsonl, events.jsonl, truth-profile.jsonl, the uplinked sequences and plans per sol,
 * map.png, the front Hazcam view at each stop, the Navcam and the onboard local map along the drive,
 * report.html, replay.html, and `extra` files (what the planner kept: planning/...).
 * Every file is a function of the scenario and seed (same seed, same bytes); wall-clock figures go
 * to timing.json only.
 */
export async function writeRunOutputs(dir: string, site: Site, run: RunResult, timing: Record<string, number>, extra: { name: string; data: string | Uint8Array }[] = [], options: { relief?: Relief } = {}): Promise<string[]> {
  const out = new StagedDir(dir);
  try {
    for (const f of extra) out.write(f.name, f.data);
    out.write('summary.json', JSON.stringify(run.summary, null, 2) + '\n');
    out.write('telemetry.jsonl', run.telemetry.map((t) => JSON.stringify({ t_s: round(t.timeS), channel: t.channel, value: t.value })).join('\n') + '\n');
    out.write('events.jsonl', run.events.map((e) => JSON.stringify({ t_s: round(e.timeS), id: e.id, name: e.name, component: e.component, severity: e.severity, args: e.args, message: e.message })).join('\n') + '\n');
    for (const sol of run.sols) {
      if (!sol.sequence || !sol.plan) continue;
      out.write(`sequences/sol-${sol.sol}.seq.json`, JSON.stringify(sol.sequence, null, 2) + '\n');
      const { planning_time_s: _wallClock, api_latency_s: _apiWallClock, ...provenance } = sol.plan.provenance;
      out.write(`plans/sol-${sol.sol}.plan.json`, JSON.stringify({ ...sol.plan, provenance }, null, 2) + '\n');
    }
    const picture = runMap(site.orbital, site.mission, run, options.relief);
    const map = picture.png();
    out.write('map.png', map);
    const stopPngs = run.stops.map((stop, i) => {
      const png = stop.frame ? framePng(stop.frame) : new Uint8Array();
      if (stop.frame) out.write(`frames/stop-${i + 1}-sol-${stop.sol}-${stop.kind}.png`, png);
      return png;
    });
    const framePaths = run.driveFrames.map((f, i) => {
      const stem = `frames/drive-${String(i + 1).padStart(3, '0')}-sol-${f.sol}-${Math.round(f.distance_m)}m`;
      const paths = { navcam: `${stem}.png`, localMap: `${stem}-local-map.png` };
      out.write(paths.navcam, framePng(f.frame));
      out.write(paths.localMap, encodePng(f.localMap));
      return paths;
    });
    out.write('truth-profile.jsonl', run.profile.map((p) => JSON.stringify(p)).join('\n') + (run.profile.length ? '\n' : ''));
    out.write('report.html', await reportHtml(run, map, stopPngs, { tiltLimitDeg: site.vehicle.tilt_limit_deg, relief: options.relief }));
    const placement = { xMin: picture.region.xMin, yMax: picture.region.yMax, scale: picture.scale, width: picture.width, height: picture.height };
    out.write('replay.html', replayHtml({ run, map: placement, framePaths }));
    out.write('timing.json', JSON.stringify(timing, null, 2) + '\n');
    return out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}

const round = (v: number): number => roundTo(v, 3);
