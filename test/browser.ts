import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';

/*
 * Pages opened in a real, headless Chromium (Debian's, which .ci/run installs; ROVER_CHROMIUM names
 * another). With ROVER_REQUIRE_BROWSER=1 a missing browser fails the tests rather than skips them.
 * Every console error, uncaught exception, failed request and HTTP error is recorded as a problem.
 */

const ROOT = resolve(__dirname, '..');
export const CHROMIUM = process.env.ROVER_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
export const BROWSER_REQUIRED = process.env.ROVER_REQUIRE_BROWSER === '1';
/** Screenshots the browser tests save (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'out', 'test-screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('ROVER_REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium, or set ROVER_CHROMIUM)');
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'], timeout: 60_000 });
}

export interface OpenedPage {
  page: Page;
  /** What went wrong while loading and using the page. */
  problems: string[];
}

/** Opens a file in a new tab, 1280 px wide, and waits for it to load. */
export async function openFile(browser: Browser, file: string): Promise<OpenedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e instanceof Error ? e.message : String(e)}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url().slice(0, 120)} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url().slice(0, 120)}`); });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 60_000 });
  return { page, problems };
}

/** Saves a full-page screenshot as out/test-screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: path as `${string}.png`, fullPage: true });
  return path;
}

/**
 * Per plot (element with data-plot): its name, whether it holds an SVG, and how many data marks it
 * drew (vega's role-mark paths of lines, bars, areas and points with a non-empty outline; rules and
 * text, which draw limits and labels, do not count).
 */
export async function plotMarks(page: Page): Promise<{ name: string; svg: boolean; marks: number }[]> {
  return page.$$eval('[data-plot]', (plots) => plots.map((p) => ({
    name: p.getAttribute('data-plot') ?? '',
    svg: p.querySelector('svg') !== null,
    marks: [...p.querySelectorAll('g.role-mark.mark-line path, g.role-mark.mark-rect path, g.role-mark.mark-area path, g.role-mark.mark-symbol path')]
      .filter((m) => (m.getAttribute('d') ?? '').length > 4).length,
  })));
}

/** Images on the page (those with a source) that did not decode (naturalWidth 0). */
export async function brokenImages(page: Page): Promise<string[]> {
  type Img = { complete: boolean; naturalWidth: number };
  return page.$$eval('img[src]', (imgs) => imgs.filter((i) => !(i as unknown as Img).complete || (i as unknown as Img).naturalWidth === 0).map((i) => i.getAttribute('alt') ?? '?'));
}
