import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
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

/** What a write of rover's leaves for a moment (and a killed one for good): a staging folder, a temporary file. */
const ROVER_TEMPORARY = /^\..+\.(staging-\d+|\d+\.tmp)$/;

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
  if (!existsSync(dir)) {
    for (let above = dirname(dir); above !== dirname(above); above = dirname(above)) {
      if (!existsSync(above)) continue;
      if (!statSync(above).isDirectory()) throw new InputError(dir, '', `${above} in its path is a file, not a folder: name a folder rover can create`);
      break;
    }
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

/** Adds `names` (relative to `dir`) to the outputs rover has written in `dir`, for writers that are not a StagedDir. */
export function recordOutputs(dir: string, names: string[]): void {
  const files = [...new Set([...readManifest(dir), ...names])].sort();
  writeManifest(dir, files);
}

function writeManifest(dir: string, files: string[]): void {
  writeFileAtomic(join(dir, OUTPUTS_MANIFEST), JSON.stringify({ written_by: 'rover', files } satisfies OutputsManifest, null, 2) + '\n');
}

/**
 * An output folder filled all at once: files are written into a hidden staging folder beside the
 * target and moved in by `commit()`, so a failure part-way leaves the target as it was (no
 * half-written outputs). `abort()` removes the staging folder. The target must be new, empty or
 * rover's own (`claimOutputDir`); commit() records what it holds in the folder's manifest.
 */
export class StagedDir {
  private readonly staging: string;
  private readonly names = new Set<string>();

  /** `replace`: commit() removes the files an earlier run wrote there (none of them are left beside the new ones). */
  constructor(readonly dir: string, private readonly options: { replace?: boolean } = {}) {
    claimOutputDir(dir);
    this.staging = join(dirname(dir), `.${basename(dir)}.staging-${process.pid}`);
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

  /** Writes `name` (which may hold subfolders, e.g. `frames/stop-1.png`) into the staging folder. */
  write(name: string, data: string | Uint8Array): void {
    const path = this.path(name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }

  commit(): string[] {
    const written = [...this.names].sort();
    // Claimed again: the folder may have changed while the run ran.
    const owned = claimOutputDir(this.dir);
    if (this.options.replace) {
      for (const name of owned) if (!this.names.has(name)) removeWithEmptyParents(this.dir, name);
    }
    mkdirSync(this.dir, { recursive: true });
    for (const name of written) {
      mkdirSync(dirname(join(this.dir, name)), { recursive: true });
      renameSync(join(this.staging, name), join(this.dir, name));
    }
    rmSync(this.staging, { recursive: true, force: true });
    const files = this.options.replace ? written : [...new Set([...owned, ...written])].sort();
    writeManifest(this.dir, files);
    return written.map((n) => join(this.dir, n));
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Removes `dir/name` and then each folder above it, up to `dir`, that it leaves empty. */
function removeWithEmptyParents(dir: string, name: string): void {
  rmSync(join(dir, name), { force: true });
  for (let parent = dirname(name); parent !== '.'; parent = dirname(parent)) {
    const path = join(dir, parent);
    if (!existsSync(path) || readdirSync(path).length) break;
    rmdirSync(path);
  }
}

/**
 * Writes several files as one: every file goes to a temporary name first and only when all are
 * written are they renamed into place, so a failure part-way leaves none of them half-written.
 */
export function writeFilesTogether(files: { path: string; data: string | Uint8Array }[]): string[] {
  const staged: [string, string][] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`);
      writeFileSync(tmp, f.data);
      staged.push([tmp, f.path]);
    }
  } catch (e) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw e;
  }
  for (const [tmp, path] of staged) renameSync(tmp, path);
  return files.map((f) => f.path);
}
