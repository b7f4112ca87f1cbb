import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../../sim/app/cli';
import { BROWSER_REQUIRED, brokenImages, CHROMIUM, launchBrowser, openFile, plotMarks, screenshot } from '../../../browser';
import { rover } from '../../../cli-harness';
import { writeShortScenario } from '../runner/fixtures';

/*
 * The pages as a reader sees them, in a real headless Chromium opened on file:// (no server): no
 * console error or failed resource, every plot an SVG with data marks, every picture decoded, the
 * controls working; a screenshot of each goes to out/test-screenshots/.
 */

describe.skipIf(!CHROMIUM && !BROWSER_REQUIRED)('the pages in a real browser', () => {
  let work: string;
  let browser: Browser;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rover-pages-'));
    const scenario = writeShortScenario(work);
    const r = await rover('compare', scenario, '--plans', 'human,baseline', '--out', join(work, 'cmp'));
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("a run's report.html: plots drawn, pictures decoded, the events table filters", async () => {
    const { page, problems } = await openFile(browser, join(work, 'cmp', 'human', 'report.html'));
    const plots = await plotMarks(page);
    expect(plots.map((p) => p.name)).toEqual(['profile-ground_z_m', 'profile-tilt_deg', 'profile-clearance_m', 'profile-slip', 'profile-speed_m_s', 'profile-energy_wh', 'telemetry-pwr.soc', 'telemetry-pwr.energy_used_wh', 'telemetry-nav.odometer_m']);
    for (const p of plots) expect(p.svg && p.marks > 0, `${p.name}: ${p.marks} data marks`).toBe(true);
    expect(await brokenImages(page)).toEqual([]);
    expect(await page.$$eval('.strip img', (imgs) => imgs.length)).toBeGreaterThan(2);
    // The filter shows exactly the events of the chosen severity, as events.jsonl has them.
    const events = readFileSync(join(work, 'cmp', 'human', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const visible = () => page.$$eval('#events tbody tr', (rows) => rows.filter((r) => (r as unknown as { style: { display: string } }).style.display !== 'none').length);
    expect(await visible()).toBe(events.length);
    await page.select('#event-severity', 'COMMAND');
    expect(await visible()).toBe(events.filter((e) => e.severity === 'COMMAND').length);
    await page.type('#event-text', 'NAV_GOTO_WAYPOINT');
    expect(await visible()).toBe(events.filter((e) => e.severity === 'COMMAND' && JSON.stringify(e).includes('NAV_GOTO_WAYPOINT')).length);
    expect(await visible()).toBeGreaterThan(0);
    await screenshot(page, 'run-report');
    expect(problems).toEqual([]);
  });
});
