import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendRecord, readRecords } from '../../../../sim/app/montecarlo/records';
import type { RunRecord } from '../../../../sim/app/montecarlo/task';

const work = mkdtempSync(join(tmpdir(), 'rover-records-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const record = (index: number): RunRecord => ({ index, plan: 'human', seed: 100 + index, outcome: 'reached' } as unknown as RunRecord);

describe('runs.jsonl', () => {
  it('keeps every whole record wherever a torn line lies, drops the torn line alone, and appends after whole lines', () => {
    const file = join(work, 'runs.jsonl');
    const line = (i: number) => JSON.stringify(record(i)) + '\n';
    writeFileSync(file, line(0) + '{"index": 1, "plan": "hu\n' + line(2) + '{}\n' + '\n' + line(3) + '{"index": 4');
    expect(readRecords(file).map((r) => r.index)).toEqual([0, 2, 3]);
    expect(readFileSync(file, 'utf8')).toBe(line(0) + line(2) + line(3));
    appendRecord(file, record(1));
    expect(readRecords(file).map((r) => r.index)).toEqual([0, 2, 3, 1]);
  });

  it('keeps the first of two records of one run (a retried queue job)', () => {
    const file = join(work, 'twice.jsonl');
    writeFileSync(file, JSON.stringify({ ...record(0), seed: 1 }) + '\n' + JSON.stringify({ ...record(0), seed: 2 }) + '\n');
    expect(readRecords(file).map((r) => r.seed)).toEqual([1]);
  });
});
