import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

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

/**
 * An output folder filled all at once: files are written into a hidden staging folder beside the
 * target and moved in by `commit()`, so a failure part-way leaves the target as it was (no
 * half-written outputs). `abort()` removes the staging folder.
 */
export class StagedDir {
  private readonly staging: string;
  private readonly names = new Set<string>();

  /** `replace`: commit() replaces the whole target folder (no files of an earlier run are left beside the new ones). */
  constructor(readonly dir: string, private readonly options: { replace?: boolean } = {}) {
    this.staging = join(dirname(dir), `.${basename(dir)}.staging-${process.pid}`);
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
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
    if (this.options.replace) {
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(dirname(this.dir), { recursive: true });
      renameSync(this.staging, this.dir);
    } else {
      mkdirSync(this.dir, { recursive: true });
      for (const name of written) {
        mkdirSync(dirname(join(this.dir, name)), { recursive: true });
        renameSync(join(this.staging, name), join(this.dir, name));
      }
      rmSync(this.staging, { recursive: true, force: true });
    }
    return written.map((n) => join(this.dir, n));
  }

  abort(): void {
    rmSync(this.staging, { recursive: true, force: true });
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
