import type { FswEvent } from '../../../src/fsw/events';

/*
 * What every page of the tool shares: escaping, inlined pictures, the style, and the events table a
 * reader filters in the page (a few lines of inline script: the pages open from the disk, with no
 * server and no network).
 */

export const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
export const pngUri = (png: Uint8Array): string => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1150px;color:#222;padding:0 1em}
h1{font-size:1.5em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.verdict{font-size:1.2em;padding:.6em}.good{background:#e3f6e3}.bad{background:#fbe9e7}
img{max-width:100%}.strip{display:flex;flex-wrap:wrap;gap:.8em}.strip figure{margin:0;width:260px;font-size:.85em}
.plots{display:flex;flex-wrap:wrap;gap:1em}.plot svg{max-width:100%;height:auto}
.replay{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1em;align-items:start}
.mapbox{position:relative}.mapbox img{width:100%;height:auto;display:block}.mapbox svg{position:absolute;left:0;top:0;width:100%;height:100%}
.side figure{margin:0 0 .8em 0}.side img{width:100%;height:auto}
code{font-size:.9em}.filter{margin:.5em 0}.filter input,.filter select{font:inherit;margin-right:1em}
`;

/** A whole page: title, body, the shared style. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body>
${body}
</body></html>
`;
}

/** Plots (inline SVG) in a flowing grid; each in a div with class "plot" and its name. */
export function plotGrid(svgs: Record<string, string>): string {
  return `<div class="plots">${Object.entries(svgs).map(([name, svg]) => `<div class="plot" data-plot="${esc(name)}">${svg}</div>`).join('\n')}</div>`;
}

/** The rover's events in a table the reader filters by severity and by text. */
export function eventsTable(events: readonly FswEvent[]): string {
  if (!events.length) return '<p>none</p>';
  const severities = [...new Set(events.map((e) => e.severity))];
  const rows = events.map((e) => `<tr data-severity="${esc(e.severity)}"><td>${e.timeS.toFixed(0)}</td><td>${esc(e.severity)}</td><td>${esc(e.component)}</td><td>${esc(e.name)}</td><td>${esc(e.message)}</td></tr>`).join('\n');
  return `<div class="filter"><label>severity <select id="event-severity"><option value="">all</option>${severities.map((s) => `<option>${esc(s)}</option>`).join('')}</select></label>
<label>text <input id="event-text" type="search" placeholder="name or message"></label><span id="event-count"></span></div>
<table id="events"><thead><tr><th>time (s)</th><th>severity</th><th>component</th><th>event</th><th>message</th></tr></thead><tbody>
${rows}
</tbody></table>
<script>
(function () {
  var sev = document.getElementById('event-severity'), text = document.getElementById('event-text'), count = document.getElementById('event-count');
  var rows = document.querySelectorAll('#events tbody tr');
  function apply() {
    var s = sev.value, t = text.value.toLowerCase(), shown = 0;
    rows.forEach(function (r) {
      var show = (!s || r.getAttribute('data-severity') === s) && (!t || r.textContent.toLowerCase().indexOf(t) >= 0);
      r.style.display = show ? '' : 'none';
      if (show) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' events';
  }
  sev.addEventListener('change', apply);
  text.addEventListener('input', apply);
  apply();
})();
</script>`;
}
