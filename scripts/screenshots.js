#!/usr/bin/env node
// Regenerates the pictures the README shows (npm run screenshots): the quick start's comparison map
// (docs/jezero-rim-compare.png) and a screenshot of each page, taken in headless Chromium (Debian's,
// or ROVER_CHROMIUM) from the outputs of real runs on the default scenario, into docs/screenshots/.
// Takes a few minutes (a comparison, a 4-run Monte Carlo batch per plan, the terrain products).
'use strict';
const { execFileSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');
const puppeteer = require('puppeteer-core');

const ROOT = resolve(__dirname, '..');
const WORK = join(ROOT, 'out', 'screenshots');
const DOCS = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.ROVER_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

function rover(...args) {
  console.log(`rover ${args.join(' ')}`);
  execFileSync(process.execPath, [join(ROOT, 'sim', 'rover.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

async function main() {
  if (!CHROMIUM) throw new Error('no Chromium found: apt-get install chromium, or set ROVER_CHROMIUM');
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(DOCS, { recursive: true });
  const scenario = 'scenarios/jezero-rim.yaml';
  const compare = join(WORK, 'jezero-rim'), batch = join(WORK, 'jezero-rim-montecarlo');
  rover('compare', scenario, '--out', compare);
  copyFileSync(join(compare, 'map.png'), join(ROOT, 'docs', 'jezero-rim-compare.png'));
  rover('montecarlo', scenario, '--runs', '4', '--plans', 'human,baseline', '--out', batch);
  rover('terrain', scenario, '--out', join(WORK, 'terrain'));
  copyFileSync(join(WORK, 'terrain', 'slope.png'), join(DOCS, 'terrain-slope.png'));

  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const shoot = async (file, name, { height = 1400, select, slider } = {}) => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      if (slider !== undefined) {
        await page.$eval('#time', (s, f) => { s.value = String(Math.round(Number(s.max) * f)); s.dispatchEvent(new Event('input')); }, slider);
        await new Promise((done) => setTimeout(done, 300));
      }
      const path = join(DOCS, `${name}.png`);
      if (select) await (await page.$(select)).screenshot({ path });
      else await page.screenshot({ path });
      console.log(`wrote ${path}`);
      await page.close();
    };
    await shoot(join(compare, 'human', 'report.html'), 'run-report');
    await shoot(join(compare, 'human', 'report.html'), 'run-report-plots', { select: '.plots' });
    await shoot(join(compare, 'report.html'), 'comparison-report');
    await shoot(join(batch, 'report.html'), 'montecarlo-report');
    await shoot(join(compare, 'baseline', 'replay.html'), 'replay', { height: 1100, slider: 0.55 });
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`screenshots: ${e.message}`);
  process.exit(1);
});
