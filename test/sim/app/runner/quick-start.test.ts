import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rover } from '../../../cli-harness';

const ROOT = resolve(__dirname, '../../../..');
const work = mkdtempSync(join(tmpdir(), 'rover-quick-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The README's quick-start output block, as committed. */
function readmeOutput(): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = text.indexOf('This is its output, as committed:');
  const block = text.slice(text.indexOf('```\n', at) + 4);
  return block.slice(0, block.indexOf('```')).trimEnd().split('\n');
}

describe('the quick start (npm start: rover compare scenarios/jezero-rim.yaml)', () => {
  it('prints the table the README shows and draws the map it shows', async () => {
    const r = await rover('compare', join(ROOT, 'scenarios/jezero-rim.yaml'), '--out', join(work, 'jezero-rim'));
    expect(r.code, r.err).toBe(0);
    // From the table's title on (the lines before it report each run as it ends).
    const lines = r.out.split('\n');
    const from = lines.indexOf(readmeOutput()[0]);
    expect(from, r.out).toBeGreaterThanOrEqual(0);
    const printed = lines.slice(from, from + readmeOutput().length);
    // Line for line: wall times (planning, simulation) are in timing.json, not in the table.
    expect(printed).toEqual(readmeOutput());
    expect(readFileSync(join(work, 'jezero-rim', 'map.png')).equals(readFileSync(join(ROOT, 'docs/jezero-rim-compare.png')))).toBe(true);
  }, 600_000);
});
