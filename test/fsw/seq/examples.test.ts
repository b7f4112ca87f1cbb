import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../../sim/app/cli';
import { COMMANDS } from '../../../src/fsw/cmd/dictionary';
import { Dispatcher } from '../../../src/fsw/cmd/dispatcher';
import { parseSequence } from '../../../src/fsw/seq/seqjson';
import { Sequencer } from '../../../src/fsw/seq/sequencer';
import { FakeClock, fswBus, Recorder } from '../cmd/fakes';

/*
 * The example sequences in scenarios/sequences are documentation users copy from: they must validate,
 * through the library and through `rover validate`, and run to the end on the sequencer.
 */

const DIR = resolve(__dirname, '../../../scenarios/sequences');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.seq.json')).sort();

async function rover(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('example sequences', () => {
  it('include the blind square and the waypoint drive', () => {
    expect(FILES).toEqual(expect.arrayContaining(['drive-blind-square.seq.json', 'goto-waypoints.seq.json']));
  });

  it.each(FILES)('%s validates and runs to the end with stub components', (file) => {
    const seq = parseSequence(readFileSync(join(DIR, file), 'utf8'), file);
    const clock = new FakeClock();
    const { events, telemetry } = fswBus(clock);
    const d = new Dispatcher(events, telemetry);
    const rec = new Recorder();
    // Every command: a 5 s activity, so COMMAND_COMPLETE chains are exercised.
    for (const c of COMMANDS) d.register(c.mnemonic, rec.activity(c.mnemonic, 5));
    const s = new Sequencer(d, events, telemetry, { epoch: { utcMs: Date.UTC(2025, 11, 8) } });
    expect(s.load(seq, 0).status).toBe('OK');
    s.start(0);
    for (let t = 1; t <= 3600 && s.state() !== 'done'; t++) {
      clock.t = t;
      d.step(t, 1);
      s.tick(t);
    }
    expect(s.state()).toBe('done');
    expect(rec.mnemonics()).toEqual(seq.steps.map((st) => st.stem));
  });
});

describe('rover validate FILE.seq.json', () => {
  const work = mkdtempSync(join(tmpdir(), 'rover-seq-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(FILES)('accepts %s', async (file) => {
    const path = join(DIR, file);
    const seq = parseSequence(readFileSync(path, 'utf8'), file);
    const r = await rover('validate', path);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toBe(`${path}: valid sequence "${seq.id}" (${seq.steps.length} steps) for Perseverance (Mars 2020)`);
  });

  it('rejects a broken copy with exit 1 and a message naming the file, step and argument', async () => {
    const doc = JSON.parse(readFileSync(join(DIR, 'drive-blind-square.seq.json'), 'utf8'));
    doc.steps[1].args[0].value = 500; // a 500 m blind leg
    const path = join(work, 'broken.seq.json');
    writeFileSync(path, JSON.stringify(doc, null, 2));
    const r = await rover('validate', path);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(new RegExp(`^error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+: steps\\[1\\] \\(MOB_DRIVE_STRAIGHT\\): argument distance_m: 500 is out of range \\[-100, 100\\] m$`));
  });

  it('rejects malformed JSON and a missing file with exit 1', async () => {
    const path = join(work, 'truncated.seq.json');
    writeFileSync(path, readFileSync(join(DIR, 'goto-waypoints.seq.json'), 'utf8').slice(0, 200));
    const r = await rover('validate', path);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/not valid JSON/);
    const missing = await rover('validate', join(work, 'none.seq.json'));
    expect(missing.code).toBe(EXIT.invalidInput);
    expect(missing.err).toMatch(/none\.seq\.json: file not found/);
  });
});
