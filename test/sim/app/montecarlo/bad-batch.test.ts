import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../../sim/app/cli';
import { rover } from '../../../cli-harness';
import { writeShortScenario } from '../runner/fixtures';

let work: string;
let scenario: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rover-bad-batch-'));
  scenario = writeShortScenario(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A batch folder whose batch.json holds `text`. */
function batchWith(name: string, text: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'batch.json'), text);
  writeFileSync(join(dir, 'runs.jsonl'), '');
  return dir;
}

describe('a batch.json that is not whole', () => {
  const cases: [string, string, RegExp][] = [
    ['torn', '{"identity": "x", "scen', /batch\.json: is not a batch\.json rover wrote \(.*JSON.*\)/],
    ['no-runs', JSON.stringify({ identity: 'x', scenarioFile: 'a.yaml', scenario: 'a', batchSeed: 1, plans: [], timeoutS: 60 }), /batch\.json: runs: .*not a batch\.json rover wrote/],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: --resume and replay name the file and the field, exit 1, and leave it as it was`, async () => {
      const dir = batchWith(name, text);
      for (const argv of [['montecarlo', scenario, '--runs', '1', '--out', dir, '--resume'], ['replay', dir, '--run', '0']]) {
        const r = await rover(...argv);
        expect(r.code, r.err).toBe(EXIT.invalidInput);
        expect(r.err).toMatch(message);
        expect(r.err).not.toMatch(/internal error|\n\s+at /);
        expect(readFileSync(join(dir, 'batch.json'), 'utf8')).toBe(text);
      }
    }, 120_000);
  }
});
