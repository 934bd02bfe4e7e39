// All or nothing: a run's files replace the old ones together, or not at all. A failure part way
// through the renames (a full disk, a file locked by another program) is simulated by failing one
// rename; everything must then be as it was before the run.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outcome } from './hostile-helpers.ts';

let failOn: string | null = null;
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (failOn && String(to).endsWith(failOn) && String(from).endsWith('.tmp')) throw new Error(`simulated failure renaming into ${failOn}`);
      real.renameSync(from, to);
    },
  };
});
const { RunOutput, OutputError } = await import('../../scripts/lib/output.ts');

const counts: Record<Outcome, number> = { error: 0, repaired: 0, correct: 0 };
afterAll(() => console.log(`hostile output cases by outcome: ${JSON.stringify(counts)}`));
const NAMES = ['gaps.geojson', 'indicators.csv', 'access.csv'];
const files = { 'gaps.geojson': 'new gaps', 'indicators.csv': 'new indicators', 'access.csv': 'new access' };
const read = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

describe('a run writes all of its files or none', () => {
  let root: string;
  beforeEach(() => {
    failOn = null;
    root = mkdtempSync(join(tmpdir(), 'hostile-out-'));
  });

  it('replaces every old file and leaves nothing else behind → correct', () => {
    const out = join(root, 'out');
    fs.mkdirSync(out);
    for (const n of NAMES) writeFileSync(join(out, n), `old ${n}`);
    new RunOutput(out, 'folder', NAMES, {}).commit(files);
    expect(read(out)).toEqual(files);
    counts.correct++;
  });

  it('a failure on the last rename puts the first two old files back → error', () => {
    const out = join(root, 'out');
    fs.mkdirSync(out);
    for (const n of NAMES) writeFileSync(join(out, n), `old ${n}`);
    const before = read(out);
    failOn = 'access.csv';
    expect(() => new RunOutput(out, 'folder', NAMES, {}).commit(files)).toThrow(OutputError);
    expect(read(out)).toEqual(before);
    counts.error++;
  });

  it('a failure in a new folder removes the folder again → error', () => {
    const out = join(root, 'a', 'b');
    failOn = 'indicators.csv';
    expect(() => new RunOutput(out, 'folder', NAMES, {}).commit(files)).toThrow(/simulated failure/);
    expect(existsSync(join(root, 'a'))).toBe(false);
    counts.error++;
  });

  it('a failure with some old files missing removes the new ones and keeps the old → error', () => {
    const out = join(root, 'out');
    fs.mkdirSync(out);
    writeFileSync(join(out, 'indicators.csv'), 'old indicators');
    failOn = 'access.csv';
    expect(() => new RunOutput(out, 'folder', NAMES, {}).commit(files)).toThrow(OutputError);
    expect(read(out)).toEqual({ 'indicators.csv': 'old indicators' });
    counts.error++;
  });

  it('a single output file is replaced or kept whole → error', () => {
    const out = join(root, 'iso.geojson');
    writeFileSync(out, 'old iso');
    failOn = 'iso.geojson';
    expect(() => new RunOutput(out, 'file', ['iso'], {}).commit({ iso: 'new iso' })).toThrow(OutputError);
    expect(read(root)).toEqual({ 'iso.geojson': 'old iso' });
    counts.error++;
  });
});
