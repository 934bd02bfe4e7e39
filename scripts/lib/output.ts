// Output for the CLIs that never loses a file. A run declares its inputs and where its files go;
// before any work the target is checked (not an input, not inside the input dataset folder, no
// symbolic link followed, writable), and at the end every file is written beside its target and
// renamed into place: all of the run's files, or none of them.

import {
  closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, renameSync, rmdirSync, statSync,
  unlinkSync, writeSync, accessSync, constants,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

export interface Inputs {
  /** The dataset: a folder of layers or one file. */
  data?: string;
  /** Any other files the run reads (a standards table, a plan, an area). */
  files?: Array<string | undefined>;
}

function lstatOrNull(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

/** The real path of p, resolving links in the part that exists (the rest need not exist yet). */
function realish(p: string): string {
  const abs = resolve(p);
  const tail: string[] = [];
  let head = abs;
  for (;;) {
    try {
      return join(realpathSync(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      tail.push(basename(head));
      head = up;
    }
  }
}

const inside = (child: string, parent: string) => {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

interface InputSet {
  dataDir: string | null;
  files: Set<string>;
}

function inputSet(inputs: Inputs): InputSet {
  const files = new Set<string>();
  let dataDir: string | null = null;
  for (const f of inputs.files ?? []) if (f) files.add(realish(f));
  if (inputs.data) {
    const real = realish(inputs.data);
    const st = lstatOrNull(real);
    if (st?.isDirectory()) dataDir = real;
    else files.add(real);
  }
  return { dataDir, files };
}

/** The nearest folder that exists at or above p; it must be a folder we may write in. */
function checkWritableAncestor(p: string, label: string): void {
  let head = resolve(p);
  for (;;) {
    const st = lstatOrNull(head);
    if (st) {
      const real = st.isSymbolicLink() ? statSafe(head) : st;
      if (!real) throw new OutputError(`${label}: ${head} is a broken symbolic link`);
      if (!real.isDirectory()) throw new OutputError(`${label}: ${head} is a file, not a folder`);
      // A real write, not just the permission bits: root passes those everywhere, even in /proc.
      const probe = join(head, `.circletwin-write-test.${process.pid}`);
      try {
        accessSync(head, constants.W_OK | constants.X_OK);
        closeSync(openSync(probe, 'wx'));
        unlinkSync(probe);
      } catch (e) {
        throw new OutputError(`${label}: cannot write in ${head} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      return;
    }
    const up = dirname(head);
    if (up === head) throw new OutputError(`${label}: no folder to write in`);
    head = up;
  }
}

function statSafe(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

function checkTarget(target: string, ins: InputSet, label: string): void {
  const st = lstatOrNull(target);
  if (st?.isSymbolicLink()) {
    throw new OutputError(`${label} ${target} is a symbolic link (to ${readlinkSync(target)}): not followed; remove it or choose another name`);
  }
  const real = realish(target);
  if (ins.files.has(real)) throw new OutputError(`${label} ${target} is one of the run's input files: refusing to overwrite it`);
  if (ins.dataDir && inside(real, ins.dataDir)) {
    throw new OutputError(`${label} ${target} lies inside the input dataset folder ${ins.dataDir}: refusing to write there (give another folder)`);
  }
  if (st?.isDirectory()) throw new OutputError(`${label} ${target} is a folder, not a file`);
  if (st && !st.isFile()) throw new OutputError(`${label} ${target} is not a regular file`);
}

/**
 * A run's output: a folder with a fixed set of files (`kind: 'folder'`) or one file. Create it
 * before the work so a bad target fails fast; `commit` writes everything at the end.
 */
export class RunOutput {
  private readonly ins: InputSet;
  private readonly made: string[] = [];
  private readonly temps = new Set<string>();
  /** Files renamed into place so far in a commit, with the old file each replaced (moved aside). */
  private readonly placed: Array<{ final: string; backup: string | null }> = [];
  private readonly cleanup = () => this.removeTemps();

  constructor(readonly target: string, readonly kind: 'folder' | 'file', readonly names: string[], inputs: Inputs) {
    const label = kind === 'folder' ? 'output folder' : 'output file';
    if (target.trim() === '') throw new OutputError(`${label} name is empty`);
    this.ins = inputSet(inputs);
    if (kind === 'folder') {
      const real = realish(target);
      if (this.ins.dataDir && inside(real, this.ins.dataDir)) {
        throw new OutputError(`output folder ${target} is the input dataset folder or inside it: refusing to write there (give another folder)`);
      }
      const st = lstatOrNull(target);
      if (st && !st.isDirectory() && !(st.isSymbolicLink() && statSafe(target)?.isDirectory())) {
        throw new OutputError(`output folder ${target} is a file, not a folder`);
      }
      for (const n of names) checkTarget(join(target, n), this.ins, 'output');
      checkWritableAncestor(target, label);
    } else {
      checkTarget(target, this.ins, label);
      checkWritableAncestor(dirname(resolve(target)), label);
    }
    process.once('exit', this.cleanup);
    // Ctrl+C or a kill mid-write: staged files go, the targets stay as they were.
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        this.abort();
        process.exit(sig === 'SIGINT' ? 130 : 143);
      });
    }
  }

  /** Writes all files beside their targets, then renames them into place; on any failure none is changed. */
  commit(files: Record<string, string | Uint8Array>): string[] {
    const names = Object.keys(files);
    for (const n of names) if (!this.names.includes(n)) throw new OutputError(`internal: ${n} is not one of this run's outputs`);
    const dir = this.kind === 'folder' ? this.target : dirname(resolve(this.target));
    const pathOf = (n: string) => (this.kind === 'folder' ? join(this.target, n) : this.target);
    try {
      this.ensureDir(dir);
      // Re-checked now: the folder may have changed while the analysis ran.
      for (const n of names) checkTarget(pathOf(n), this.ins, 'output');
      const staged: Array<{ tmp: string; final: string }> = [];
      for (const n of names) {
        const final = pathOf(n);
        const tmp = join(dirname(final), `.${basename(final)}.${process.pid}.tmp`);
        this.temps.add(tmp);
        writeDurably(tmp, files[n]);
        staged.push({ tmp, final });
      }
      // Existing files are moved aside first, so a failure (or Ctrl+C) part way can put everything back.
      for (const s of staged) {
        if (lstatOrNull(s.final)) {
          const backup = join(dirname(s.final), `.${basename(s.final)}.${process.pid}.bak`);
          renameSync(s.final, backup);
          this.placed.push({ final: s.final, backup });
        } else {
          this.placed.push({ final: s.final, backup: null });
        }
        renameSync(s.tmp, s.final);
        this.temps.delete(s.tmp);
      }
      const backups = this.placed.map((p) => p.backup);
      this.placed.length = 0;
      for (const b of backups) if (b) unlinkQuiet(b);
      return staged.map((s) => s.final);
    } catch (e) {
      this.abort();
      if (e instanceof OutputError) throw e;
      throw new OutputError(`could not write ${this.target}: ${(e as Error).message}`);
    }
  }

  /** Undoes whatever this run did: new files removed, replaced ones put back, staged files and new folders gone. */
  abort(): void {
    for (const p of this.placed.reverse()) {
      if (p.backup) {
        try { renameSync(p.backup, p.final); } catch { /* the new file was never placed: the backup is the old file, left as is */ }
      } else {
        unlinkQuiet(p.final);
      }
    }
    this.placed.length = 0;
    this.removeTemps();
    for (const d of this.made.reverse()) {
      try { rmdirSync(d); } catch { /* not empty: something else is in it now, leave it */ }
    }
    this.made.length = 0;
  }

  private removeTemps() {
    for (const t of this.temps) unlinkQuiet(t);
    this.temps.clear();
  }

  /** Creates missing folders one level at a time (Node's recursive mkdir loops forever under /proc). */
  private ensureDir(dir: string) {
    const missing: string[] = [];
    let head = resolve(dir);
    while (!lstatOrNull(head)) {
      missing.push(head);
      const up = dirname(head);
      if (up === head) break;
      head = up;
    }
    for (const d of missing.reverse()) {
      mkdirSync(d);
      this.made.push(d);
    }
  }
}

function writeDurably(path: string, data: string | Uint8Array) {
  const fd = openSync(path, 'wx', 0o644);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuiet(p: string) {
  try { unlinkSync(p); } catch { /* already gone */ }
}
