import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import type { RunRecord } from './task';

/*
 * runs.jsonl: one line per finished run, appended the moment it ends, so an interrupted batch loses
 * nothing it finished. A line torn by a crash mid-write is the only damage possible; reading drops it
 * (and cuts it from the file, so the resumed batch appends after whole lines).
 */

export const recordKeyOf = (plan: string, index: number): string => `${plan}#${index}`;

export function appendRecord(file: string, record: RunRecord): void {
  appendFileSync(file, JSON.stringify(record) + '\n');
}

export function readRecords(file: string): RunRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const records: RunRecord[] = [];
  let goodBytes = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    const end = offset + Buffer.byteLength(line) + 1;
    if (line.trim()) {
      try {
        records.push(JSON.parse(line) as RunRecord);
      } catch {
        break; // a torn last line: everything before it is whole
      }
    }
    goodBytes = Math.min(end, Buffer.byteLength(text));
    offset = end;
  }
  if (goodBytes < Buffer.byteLength(text)) truncateSync(file, goodBytes);
  // The same run twice (a retried queue job): the first record stands.
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = recordKeyOf(r.plan, r.index);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
