// Shared pieces of the hostile-input suite: a small valid dataset written to disk, a CLI runner,
// byte-level snapshots of folders, and the outcome tally the suite reports.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, type FixtureSpec } from './fixtures.ts';
import type { Dataset } from '../../workers/model/dataset.ts';

/** Outcome classes of the suite: a named error, a repaired result with a warning, or a correct result. */
export type Outcome = 'error' | 'repaired' | 'correct';

const GRID = [0, 200, 400, 600, 800];

/** Streets on a 200 m grid over 800 × 800 m, buildings between them, a few facilities. */
export const SMALL: FixtureSpec = {
  // Every street has a vertex at each crossing: crossings without a shared vertex are bridges.
  streets: [
    ...GRID.map((y) => ({ pts: GRID.map((x) => [x, y]) as [number, number][] })),
    ...GRID.map((x) => ({ pts: GRID.map((y) => [x, y]) as [number, number][] })),
  ],
  buildings: [
    { id: 'b1', at: [100, 10], population: 120 }, { id: 'b2', at: [300, 210], population: 80 },
    { id: 'b3', at: [500, 410], population: 200 }, { id: 'b4', at: [700, 610], population: 60 },
    { id: 'b5', at: [110, 790], population: 90 }, { id: 'b6', at: [790, 110], population: 150 },
  ],
  facilities: [
    { id: 'hs1', category: 'health_station', at: [200, 200], capacity: 3000 },
    { id: 'm1', category: 'market', at: [400, 400] },
    { id: 'p1', category: 'park', ring: [[610, 610], [690, 610], [690, 690], [610, 690], [610, 610]] },
    { id: 'n1', category: 'nursery', at: [600, 200], capacity: 40 },
  ],
};

export function writeDataset(dir: string, ds: Dataset | Record<string, unknown>, raw: Record<string, string> = {}) {
  mkdirSync(dir, { recursive: true });
  for (const layer of ['buildings', 'communities', 'compounds', 'facilities', 'landuse', 'sites', 'streets']) {
    const value = (ds as Record<string, unknown>)[layer];
    if (raw[layer] !== undefined) writeFileSync(join(dir, `${layer}.geojson`), raw[layer]);
    else if (value !== undefined) writeFileSync(join(dir, `${layer}.geojson`), JSON.stringify(value));
  }
}

export function smallDataset(): Dataset {
  return fixture(SMALL);
}

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

export function runCli(script: 'analyze' | 'isochrone', args: string[]): CliRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every entry under the given paths with its bytes' hash (links by their target), for before/after comparisons. */
export function snapshot(paths: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string) => {
    let st;
    try { st = lstatSync(p); } catch { return; }
    if (st.isSymbolicLink()) out[p] = `link:${readlinkSync(p)}`;
    else if (st.isDirectory()) { out[p] = 'dir'; for (const n of readdirSync(p).sort()) walk(join(p, n)); }
    else out[p] = createHash('sha1').update(readFileSync(p)).digest('hex');
  };
  for (const p of paths) walk(p);
  return out;
}

export const tally: Record<Outcome, number> = { error: 0, repaired: 0, correct: 0 };
