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
    const mc = await rover('montecarlo', scenario, '--runs', '3', '--workers', '1', '--plans', 'human,baseline', '--out', join(work, 'mc'));
    expect(mc.code).toBe(EXIT.ok);
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

  it("a comparison's report.html: every plan in the table, one map, the plots overlaid (a line per plan)", async () => {
    const { page, problems } = await openFile(browser, join(work, 'cmp', 'report.html'));
    const rows = await page.$$eval('table tr td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(rows.slice(0, 2)).toEqual(['human', 'baseline']);
    const plots = await plotMarks(page);
    expect(plots.length).toBe(9);
    // Each overlaid plot draws a line for each plan.
    for (const p of plots) expect(p.marks, p.name).toBeGreaterThanOrEqual(2);
    expect(await brokenImages(page)).toEqual([]);
    const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['human/report.html', 'baseline/report.html']);
    await screenshot(page, 'comparison-report');
    expect(problems).toEqual([]);
  });

  it("a Monte Carlo batch's report.html: success with its interval per plan, the histograms drawn, a replay line per worst run", async () => {
    const { page, problems } = await openFile(browser, join(work, 'mc', 'report.html'));
    const summary = JSON.parse(readFileSync(join(work, 'mc', 'summary.json'), 'utf8'));
    const success = await page.$$eval('[data-success]', (ps) => ps.map((p) => Number(p.getAttribute('data-success'))));
    expect(success).toEqual([summary.plans.human.success.rate, summary.plans.baseline.success.rate]);
    const text = await page.$eval('body', (b) => b.textContent ?? '');
    expect(text).toContain(`95% interval ${(100 * summary.plans.human.success.ci95[0]).toFixed(1)}% to ${(100 * summary.plans.human.success.ci95[1]).toFixed(1)}%`);
    const plots = await plotMarks(page);
    expect(plots.map((p) => p.name).sort()).toEqual(['energy_wh', 'max_tilt_deg', 'min_clearance_m', 'outcomes', 'path_ratio', 'sols']);
    for (const p of plots) expect(p.svg && p.marks > 0, p.name).toBe(true);
    const replays = await page.$$eval('table.worst code', (cs) => cs.map((c) => c.textContent ?? ''));
    expect(replays.length).toBeGreaterThanOrEqual(2 * 3 * 2); // two plans: least clearance and most tilt, 3 runs each
    const mcDir = join(work, 'mc');
    expect(replays).toContain(`rover replay ${mcDir} --run ${summary.plans.human.worst_runs.most_tilt[0].index} --plan human --out ${mcDir}/run-${summary.plans.human.worst_runs.most_tilt[0].index}-human`);
    await screenshot(page, 'montecarlo-report');
    expect(problems).toEqual([]);
  });

  it('a replay line from the batch page writes that run\'s report and replay page, and the replay slider moves the rover', async () => {
    const { page: mcPage } = await openFile(browser, join(work, 'mc', 'report.html'));
    const line = (await mcPage.$$eval('table.worst code', (cs) => cs.map((c) => c.textContent ?? '')))[0];
    await mcPage.close();
    const args = line.split(' ').slice(1);
    const r = await rover(...args);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/identical to its line in runs\.jsonl/);
    const out = args[args.indexOf('--out') + 1];
    const { page, problems } = await openFile(browser, join(out, 'replay.html'));
    expect(await brokenImages(page)).toEqual([]);
    const max = Number(await page.$eval('#time', (s) => s.getAttribute('max')));
    expect(max).toBeGreaterThan(20);
    const at = async (i: number) => {
      await page.$eval('#time', (s, v) => { (s as unknown as { value: string }).value = String(v); s.dispatchEvent(new Event('input')); }, i);
      return {
        rover: await page.$eval('#rover', (e) => e.getAttribute('transform')),
        navcam: await page.$eval('#navcam', (e) => e.getAttribute('src')),
        position: await page.$eval('[data-field="truth: position (m)"]', (e) => e.textContent),
        now: await page.$eval('#now', (e) => e.textContent),
      };
    };
    const start = await at(0), middle = await at(Math.round(max / 2)), end = await at(max);
    expect(new Set([start.rover, middle.rover, end.rover]).size).toBe(3);
    expect(new Set([start.position, middle.position, end.position]).size).toBe(3);
    expect(middle.navcam).not.toBe(end.navcam);
    expect(end.now).toMatch(/m driven$/);
    // The rover on the map stands where the truth profile says, through the map's placement.
    const profile = readFileSync(join(out, 'truth-profile.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(end.position).toBe(`${profile.at(-1).x_m}, ${profile.at(-1).y_m}`);
    await at(Math.round(max / 2));
    expect(await brokenImages(page)).toEqual([]);
    await screenshot(page, 'replay');
    expect(problems).toEqual([]);
  });
});
