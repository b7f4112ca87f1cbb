import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { InputError } from './errors';

/**
 * Writes a file so that readers never see half of it: the bytes go to a temporary file beside the
 * target, which is then renamed over it (rename is atomic on one filesystem).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The file by which rover knows a folder as its own: the outputs it wrote there. */
export const OUTPUTS_MANIFEST = '.rover-outputs.json';

interface OutputsManifest {
  written_by: 'rover';
  /** Paths relative to the folder, sorted. */
  files: string[];
}

/**
 * What a write of rover's leaves for a moment (and a killed one until the next write there): a staging
 * folder, the folder it replaces, a temporary file, the list of renames that commit several files.
 */
const ROVER_TEMPORARY = /^\..+\.(staging-\d+|old-\d+|\d+\.tmp|\d+\.commit)$/;

/** Test hook (kill tests): ROVER_TEST_KILL_AT=<point> makes the process SIGKILL itself at that point of a commit. */
export const KILL_AT_ENV = 'ROVER_TEST_KILL_AT';

function killPoint(point: string): void {
  if (process.env[KILL_AT_ENV] === point) process.kill(process.pid, 'SIGKILL');
}

/** Whether process `pid` still runs (a leftover of a live rover is its own business, not one to clean up). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leftovers beside `path` named `.<name>.<kind>-<pid>` (or `.<name>.<pid>.<kind>`) of processes that are gone. */
function leftoversOfDeadProcesses(path: string, pattern: (name: string) => RegExp): { path: string; pid: number; mtimeMs: number }[] {
  const parent = dirname(path);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return [];
  const re = pattern(basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const found = [];
  for (const name of readdirSync(parent)) {
    const m = re.exec(name);
    if (!m || isRunning(Number(m[1]))) continue;
    const full = join(parent, name);
    found.push({ path: full, pid: Number(m[1]), mtimeMs: statSync(full).mtimeMs });
  }
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/**
 * Finishes what a killed StagedDir commit left (see commit()): if the kill came between moving the old
 * folder aside and moving the new one in, the old folder goes back; once the new one is in, the old
 * one aside is removed. A killed run's staging folder (new outputs never moved in) is removed.
 */
function recoverInterruptedCommit(dir: string): void {
  for (const old of leftoversOfDeadProcesses(dir, (n) => new RegExp(`^\\.${n}\\.old-(\\d+)$`))) {
    if (!existsSync(dir)) renameSync(old.path, dir);
    else rmSync(old.path, { recursive: true, force: true });
  }
  for (const staging of leftoversOfDeadProcesses(dir, (n) => new RegExp(`^\\.${n}\\.staging-(\\d+)$`))) rmSync(staging.path, { recursive: true, force: true });
}

/** Every file under `dir` (relative paths), leaving out subfolders that are rover's own output folders, and rover's temporaries. */
function filesUnder(dir: string, rel = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (ROVER_TEMPORARY.test(entry.name)) continue;
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      // A folder of rover's own (a comparison's run folder) answers for itself: it too must hold only rover's files.
      if (existsSync(join(dir, name, OUTPUTS_MANIFEST))) claimOutputDir(join(dir, name));
      else files.push(...filesUnder(dir, name));
    } else if (name !== OUTPUTS_MANIFEST) files.push(name);
  }
  return files;
}

function readManifest(dir: string): Set<string> {
  const path = join(dir, OUTPUTS_MANIFEST);
  if (!existsSync(path)) return new Set();
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as OutputsManifest;
    // Only paths inside the folder: a manifest naming ../anything must never make rover remove it.
    const inside = (f: unknown): boolean => typeof f === 'string' && f !== '' && !isAbsolute(f) && !f.split(/[\\/]/).includes('..');
    if (m.written_by === 'rover' && Array.isArray(m.files) && m.files.every(inside)) return new Set(m.files);
  } catch {
    // Unreadable: not a manifest rover wrote, so nothing in the folder is known to be rover's.
  }
  throw new InputError(dir, OUTPUTS_MANIFEST, 'is not a list of outputs rover wrote, so rover will not write into this folder; name a new folder');
}

/**
 * What rover owns in the output folder `dir`: nothing if the folder does not exist or is empty, else
 * what its manifest lists. Refuses (InputError, before anything is written) a path that is a file and a
 * folder holding anything rover did not write: rover never overwrites or deletes what is not its own.
 */
export function claimOutputDir(dir: string): Set<string> {
  recoverInterruptedCommit(dir);
  if (!existsSync(dir)) {
    requireFoldersAbove(dir, 'a folder');
    return new Set();
  }
  if (!statSync(dir).isDirectory()) {
    throw new InputError(dir, '', 'is a file, not a folder; rover writes its outputs into a folder of their own: name a new folder');
  }
  const owned = readManifest(dir);
  const foreign = filesUnder(dir).filter((f) => !owned.has(f));
  if (foreign.length) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
    throw new InputError(dir, '', `holds files rover did not write (${shown}), which it will not overwrite or delete: name a new folder, or one an earlier rover run wrote`);
  }
  return owned;
}

/** Refuses (InputError) a path to be created through a file: the nearest existing folder above `path` must be a folder. */
function requireFoldersAbove(path: string, what: string): void {
  for (let above = dirname(path); above !== dirname(above); above = dirname(above)) {
    if (!existsSync(above)) continue;
    if (!statSync(above).isDirectory()) throw new InputError(path, '', `${above} in its path is a file, not a folder: name ${what} rover can create`);
    break;
  }
}

/** Adds `names` (relative to `dir`) to the outputs rover has written in `dir`, for writers that are not a StagedDir. */
export function recordOutputs(dir: string, names: string[]): void {
  const files = [...new Set([...readManifest(dir), ...names])].sort();
  writeManifest(dir, files);
}

function writeManifest(dir: string, files: string[]): void {
  writeFileAtomic(join(dir, OUTPUTS_MANIFEST), JSON.stringify({ written_by: 'rover', files } satisfies OutputsManifest, null, 2) + '\n');
}

/**
 * An output folder written all at once: files are written into a hidden staging folder beside the
 * target, and `commit()` puts the staging folder in the target's place, so the target holds its old
 * outputs or its new ones, never a mix, whenever the process stops (a kill in the one step between
 * moving the old folder aside and the new one in is undone by the next claim of the folder). The
 * new folder holds exactly what was written (a rerun leaves none of the earlier outputs beside the
 * new ones) and its manifest. The target must be new, empty or rover's own (`claimOutputDir`).
 * `abort()` removes the staging folder.
 */
export class StagedDir {
  private readonly staging: string;
  private readonly names = new Set<string>();

  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    const cwd = process.cwd();
    if (cwd === this.dir || cwd.startsWith(this.dir + sep)) {
      throw new InputError(dir, '', 'is the folder you are in (or holds it): rover puts a new output folder in its place, so name a folder below it');
    }
    claimOutputDir(this.dir);
    this.staging = join(dirname(this.dir), `.${basename(this.dir)}.staging-${process.pid}`);
    try {
      rmSync(this.staging, { recursive: true, force: true });
      mkdirSync(this.staging, { recursive: true });
    } catch (e) {
      // The staging folder is rover's business: say where the outputs were to go.
      throw Object.assign(e as Error, { path: dir, syscall: 'mkdir' });
    }
  }

  /** Path in the staging folder to write `name` to (for writers that take a path). */
  path(name: string): string {
    this.names.add(name);
    return join(this.staging, name);
  }

  /** Where to put a subfolder that is an output folder of its own (a comparison's run folder: a StagedDir there). */
  subfolder(name: string): string {
    return join(this.staging, name);
  }

  /** Writes `name` (which may hold subfolders, e.g. `frames/stop-1.png`) into the staging folder. */
  write(name: string, data: string | Uint8Array): void {
    const path = this.path(name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }

  commit(): string[] {
    const written = [...this.names].sort();
    writeManifest(this.staging, written);
    // Claimed again: the folder may have changed while the run ran.
    claimOutputDir(this.dir);
    killPoint('commit-staged');
    if (existsSync(this.dir)) {
      const old = join(dirname(this.dir), `.${basename(this.dir)}.old-${process.pid}`);
      rmSync(old, { recursive: true, force: true });
      renameSync(this.dir, old);
      killPoint('commit-swap');
      renameSync(this.staging, this.dir);
      killPoint('commit-swapped');
      rmSync(old, { recursive: true, force: true });
    } else {
      mkdirSync(dirname(this.dir), { recursive: true });
      renameSync(this.staging, this.dir);
    }
    return written.map((n) => join(this.dir, n));
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * Writes several files as one: every file goes to a temporary name first, and only when all are
 * written are they renamed into place, the last one (the main file, e.g. the plan) last. The renames
 * are listed first in a commit file beside the last one: a kill between two renames is completed by
 * `completeInterruptedWrites` (which the next write of the same files runs), so the files end up all
 * new, never some new beside some old. A failure before the renames leaves none of them changed.
 */
export function writeFilesTogether(files: { path: string; data: string | Uint8Array }[]): string[] {
  const last = files[files.length - 1].path;
  completeInterruptedWrites(last);
  // The main file first: it is the one the user named.
  for (const f of [...files].reverse()) {
    if (!existsSync(f.path)) requireFoldersAbove(f.path, 'a file');
    else if (statSync(f.path).isDirectory()) throw new InputError(f.path, '', 'is a folder: rover writes a file there; name a file');
  }
  const staged: [string, string][] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`);
      staged.push([tmp, f.path]);
      writeFileSync(tmp, f.data);
    }
  } catch (e) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw e;
  }
  const journal = commitFile(last, process.pid);
  writeFileAtomic(journal, JSON.stringify(staged) + '\n');
  staged.forEach(([tmp, path], i) => {
    renameSync(tmp, path);
    killPoint(`together-${i + 1}`);
  });
  rmSync(journal, { force: true });
  return files.map((f) => f.path);
}

const commitFile = (last: string, pid: number): string => join(dirname(last), `.${basename(last)}.${pid}.commit`);

/** Completes the renames of a writeFilesTogether whose process was killed part-way (see there), and removes its leftovers. */
export function completeInterruptedWrites(last: string): void {
  for (const journal of leftoversOfDeadProcesses(last, (n) => new RegExp(`^\\.${n}\\.(\\d+)\\.commit$`))) {
    let renames: [string, string][] = [];
    try {
      renames = JSON.parse(readFileSync(journal.path, 'utf8')) as [string, string][];
    } catch {
      // A commit file is written whole (writeFileAtomic): an unreadable one is not rover's.
      continue;
    }
    // Only rover's own temporaries, each to the name its temporary name carries: a commit file cannot
    // make rover move anything else.
    const own = ([tmp, path]: [string, string]): boolean => typeof path === 'string' && tmp === join(dirname(path), `.${basename(path)}.${journal.pid}.tmp`);
    for (const pair of Array.isArray(renames) ? renames.filter(own) : []) if (existsSync(pair[0])) renameSync(pair[0], pair[1]);
    rmSync(journal.path, { force: true });
  }
  // Temporary files of a write killed before its renames began: never part of any outputs.
  for (const tmp of leftoversOfDeadProcesses(last, (n) => new RegExp(`^\\.${n}\\.(\\d+)\\.tmp$`))) rmSync(tmp.path, { force: true });
}
