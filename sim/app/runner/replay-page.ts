import type { TelemetrySample } from '../../../src/fsw/telemetry';
import type { RunResult } from './run';
import { SOL_S } from '../../../src/core/time';
import { esc, page } from '../report/html';

/*
 * replay.html: scrub through a run. A time slider over the truth profile moves the rover on the run's
 * map; beside it the Navcam frame and the onboard local map last kept before that moment, the truth
 * and the rover's telemetry as they stood then, and the latest events. Static: the page holds its
 * data and reads map.png and frames/ from its own folder (file:// works; no server, no network).
 */

/** The onboard channels the page shows (the high-rate fault-protection tilt is left out: the truth tilt is there). */
const CHANNELS = ['nav.pose_estimate_m', 'nav.heading_deg', 'nav.odometer_m', 'att.roll_deg', 'att.pitch_deg', 'mob.suspension_deg', 'mob.wheel_current_a', 'pwr.soc', 'pwr.energy_used_wh', 'fp.mode', 'seq.state', 'cmd.last_mnemonic', 'autonav.cycles'] as const;

export interface ReplayInputs {
  run: RunResult;
  /** How map.png is placed: site x of its left edge, y of its top edge, metres per pixel, size (px). */
  map: { xMin: number; yMax: number; scale: number; width: number; height: number };
  /** File names (relative to the page) of each drive frame's Navcam picture and local map, in order. */
  framePaths: { navcam: string; localMap: string }[];
}

const roundValue = (v: TelemetrySample['value']): unknown =>
  typeof v === 'number' ? Number(v.toFixed(4)) : Array.isArray(v) ? v.map((x) => Number(x.toFixed(3))) : v;

export function replayHtml({ run, map, framePaths }: ReplayInputs): string {
  const s = run.summary;
  const data = {
    map,
    samples: run.profile,
    frames: run.driveFrames.map((f, i) => ({ t_s: f.t_s, sol: f.sol, distance_m: f.distance_m, ...framePaths[i] })),
    telemetry: Object.fromEntries(CHANNELS.map((c) => [c, run.telemetry.filter((t) => t.channel === c).map((t) => [Number(t.timeS.toFixed(1)), roundValue(t.value)])])),
    events: run.events.filter((e) => e.severity !== 'DIAGNOSTIC').map((e) => [Number(e.timeS.toFixed(1)), e.severity, e.name, e.message]),
  };
  // Inside a script element only "</" could end it early.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const body = `<h1>${esc(s.scenario)}: the ${esc(s.plan)} plan, replayed</h1>
<p><b>${esc(s.outcome)}</b> — ${esc(s.verdict)}. <a href="report.html">The report</a>.</p>
${run.profile.length ? `<div class="filter"><input id="time" type="range" min="0" max="${run.profile.length - 1}" value="0" step="1" style="width:100%" aria-label="time">
<div id="now"></div></div>
<div class="replay">
<div class="mapbox">
<img id="map" src="map.png" alt="map of the run" width="${map.width}" height="${map.height}">
<svg id="overlay" viewBox="0 0 ${map.width} ${map.height}" preserveAspectRatio="none">
<polyline id="trail" fill="none" stroke="#ffe000" stroke-width="2" points=""></polyline>
<g id="rover"><circle r="7" fill="#ffe000" stroke="#000" stroke-width="1.5"></circle><line id="heading" x1="0" y1="0" x2="18" y2="0" stroke="#000" stroke-width="3"></line></g>
</svg></div>
<div class="side">
<p id="no-frame" hidden>No Navcam frame kept yet (the first is taken once the drive is under way).</p>
<figure><img id="navcam" alt="Navcam" width="384"><figcaption id="navcam-caption"></figcaption></figure>
<figure><img id="localmap" alt="onboard local map" width="300"><figcaption>the onboard local map (30 m, north up; dark blue: never seen)</figcaption></figure>
</div></div>
<h2>At this moment</h2>
<table id="state"></table>
<h2>Latest events</h2>
<table id="recent"></table>` : '<p>The rover did not move: nothing to replay.</p>'}
<script type="application/json" id="replay-data">${json}</script>
<script>
(function () {
  var slider = document.getElementById('time');
  if (!slider) return;
  var d = JSON.parse(document.getElementById('replay-data').textContent);
  var SOL_S = ${SOL_S};
  var px = function (x, y) { return [(x - d.map.xMin) / d.map.scale - 0.5, (d.map.yMax - y) / d.map.scale - 0.5]; };
  /** The last item whose time (first field or t_s) is at or before t, or undefined. */
  function latest(items, t, time) {
    var lo = 0, hi = items.length - 1, found;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (time(items[mid]) <= t) { found = items[mid]; lo = mid + 1; } else hi = mid - 1; }
    return found;
  }
  var cell = function (v) { return Array.isArray(v) ? v.join(', ') : String(v); };
  var esc = function (s) { return String(s).replace(/[&<>]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]; }); };
  function show(i) {
    var s = d.samples[i];
    var p = px(s.x_m, s.y_m), h = s.heading_deg * Math.PI / 180;
    var rover = document.getElementById('rover');
    rover.setAttribute('transform', 'translate(' + p[0].toFixed(1) + ',' + p[1].toFixed(1) + ')');
    var hd = document.getElementById('heading');
    hd.setAttribute('x2', (18 * Math.cos(h)).toFixed(1));
    hd.setAttribute('y2', (-18 * Math.sin(h)).toFixed(1));
    document.getElementById('trail').setAttribute('points', d.samples.slice(0, i + 1).map(function (q) { var a = px(q.x_m, q.y_m); return a[0].toFixed(1) + ',' + a[1].toFixed(1); }).join(' '));
    // The run begins at local mean midnight of sol 1: the time of sol is local mean solar time.
    var sol = Math.floor(s.t_s / SOL_S) + 1, minutes = Math.floor(((s.t_s % SOL_S) / SOL_S) * 24 * 60);
    var lmst = String(Math.floor(minutes / 60)).padStart(2, '0') + ':' + String(minutes % 60).padStart(2, '0');
    document.getElementById('now').textContent = 'sol ' + sol + ', ' + lmst + ' LMST (t = ' + s.t_s + ' s); ' + s.distance_m + ' m driven';
    var f = latest(d.frames, s.t_s, function (x) { return x.t_s; });
    var navcam = document.getElementById('navcam'), localmap = document.getElementById('localmap');
    document.querySelectorAll('.side figure').forEach(function (fig) { fig.hidden = !f; });
    document.getElementById('no-frame').hidden = Boolean(f);
    if (f) {
      if (navcam.getAttribute('src') !== f.navcam) navcam.setAttribute('src', f.navcam);
      if (localmap.getAttribute('src') !== f.localMap) localmap.setAttribute('src', f.localMap);
      document.getElementById('navcam-caption').textContent = 'the Navcam at ' + f.distance_m + ' m (sol ' + f.sol + ', t = ' + f.t_s + ' s)';
    }
    var rows = [['truth: position (m)', s.x_m + ', ' + s.y_m], ['truth: heading (deg)', s.heading_deg], ['truth: tilt (deg)', s.tilt_deg], ['truth: belly clearance (m)', s.clearance_m],
      ['truth: slip', s.slip], ['truth: speed (m/s)', s.speed_m_s], ['truth: drive energy (Wh)', s.energy_wh], ['truth: state of charge', s.soc]];
    Object.keys(d.telemetry).forEach(function (c) { var v = latest(d.telemetry[c], s.t_s, function (x) { return x[0]; }); if (v) rows.push(['onboard: ' + c, cell(v[1])]); });
    document.getElementById('state').innerHTML = rows.map(function (r) { return '<tr><th>' + esc(r[0]) + '</th><td data-field="' + esc(r[0]) + '">' + esc(r[1]) + '</td></tr>'; }).join('');
    var k = 0; while (k < d.events.length && d.events[k][0] <= s.t_s) k++;
    document.getElementById('recent').innerHTML = '<tr><th>time (s)</th><th>severity</th><th>event</th><th>message</th></tr>' +
      d.events.slice(Math.max(0, k - 6), k).reverse().map(function (e) { return '<tr><td>' + e[0] + '</td><td>' + esc(e[1]) + '</td><td>' + esc(e[2]) + '</td><td>' + esc(e[3]) + '</td></tr>'; }).join('');
  }
  slider.addEventListener('input', function () { show(Number(slider.value)); });
  show(0);
})();
</script>`;
  return page(`${s.scenario} – ${s.plan}: replay`, body);
}
