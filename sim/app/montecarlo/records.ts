import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../../src/core/files';
import type { RunRecord } from './task';

/*
 * runs.jsonl: one line per finished run (what its seed decides), appended the moment it ends, so an interrupted batch loses
 * nothing it finished. A line torn by a crash mid-write (or anything else that is not a whole record)
 * is dropped alone, wherever it lies: every whole record stands, and the file is rewritten with the
 * whole records only, so the resumed batch appends after whole lines.
 */

export const recordKeyOf = (plan: string, index: number): string => `${plan}#${index}`;

/**
 * Beside runs.jsonl: each run's wall time, one line a run, the one thing a rerun of it changes; so the
 * same batch twice gives the same runs.jsonl (sorted) and summary.json, byte for byte.
 */
export const TIMING_FILE = 'timing.jsonl';

export function appendRecord(file: string, record: RunRecord): void {
  const { wall_s: wallS, ...seeded } = record;
  appendFileSync(file, JSON.stringify(seeded) + '\n');
  if (wallS !== undefined) appendFileSync(join(dirname(file), TIMING_FILE), JSON.stringify({ plan: record.plan, index: record.index, wall_s: wallS }) + '\n');
}

/** The record on a line, or undefined if the line is not a whole one. */
function parseRecord(line: string): RunRecord | undefined {
  try {
    const r = JSON.parse(line) as RunRecord;
    return r && typeof r === 'object' && typeof r.plan === 'string' && Number.isInteger(r.index) ? r : undefined;
  } catch {
    return undefined;
  }
}

export function readRecords(file: string): RunRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const records: RunRecord[] = [];
  const whole: string[] = [];
  for (const line of text.split('\n')) {
    const record = line.trim() ? parseRecord(line) : undefined;
    if (!record) continue;
    records.push(record);
    whole.push(line + '\n');
  }
  if (whole.join('') !== text) writeFileAtomic(file, whole.join(''));
  // The same run twice (a retried queue job): the first record stands.
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = recordKeyOf(r.plan, r.index);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
