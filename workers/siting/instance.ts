// A siting problem as flat arrays: candidate locations, each with the buildings it would reach and
// how far, and the demand those buildings carry given the facilities already in the plan (fixed).

import type { Engine } from '../engine.ts';
import type { CategoryId, Position } from '../model/dataset.ts';
import { pointInPolygon, toXY } from '../model/geo.ts';
import { fillSeeds, makeSeeds, type SnapRef } from '../routing/access.ts';
import type { WalkProfile } from '../network/profile.ts';
import { categoryStandard, type CategoryStandard, type Standards } from '../analysis/standards.ts';
import { searchLimit } from '../analysis/coverage.ts';
import { facilitiesOf, servingCategories } from '../analysis/facilities.ts';
import type { SuggestMethod, SuggestProgress, SuggestRequest } from './types.ts';

export class SitingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SitingError';
  }
}

/** More candidates than this is a typo in the spacing, not a plan: the search per candidate would take minutes. */
export const MAX_CANDIDATES = 20_000;
const MIN_SPACING_M = 10;

export interface Candidates {
  xy: Float64Array;
  refs: SnapRef[];
  siteId: Array<string | null>;
  /** Candidate points that could not join the network (site id or "area point"). */
  dropped: string[];
}

export interface SitingInstance {
  category: CategoryId;
  cs: CategoryStandard;
  method: SuggestMethod;
  threshold: number;
  /** How far each candidate's search runs: the threshold, or the search limit for p-median. */
  reach: number;
  /** Demand per building: the target cohort, or demand units for the capacity-aware method. */
  w: Float64Array;
  /** Walk per building to the nearest facility already in the plan (Infinity beyond the search limit). */
  base: Float64Array;
  candidates: Candidates;
  /** Per candidate (CSR): the buildings with demand it reaches within `reach`, and the walk. */
  start: Uint32Array;
  bld: Uint32Array;
  dist: Float64Array;
}

/** Candidate locations: the `sites` layer, and network points inside a drawn area thinned to a grid of `spacing`. */
export function candidatesFor(e: Engine, req: SuggestRequest): Candidates {
  const xy: number[] = [];
  const refs: SnapRef[] = [];
  const siteId: Array<string | null> = [];
  const dropped: string[] = [];
  const add = (x: number, y: number, id: string | null) => {
    const s = e.snapXY(x, y);
    if (!s.ref) { dropped.push(id ?? 'area point'); return; }
    xy.push(x, y);
    refs.push(s.ref);
    siteId.push(id);
  };
  if (req.useSites) for (let k = 0; k < e.siteIds.length; k++) add(e.siteXY[2 * k], e.siteXY[2 * k + 1], e.siteIds[k]);
  if (req.area && req.area.length >= 3) {
    const spacing = req.spacing_m ?? 50;
    if (!(spacing >= MIN_SPACING_M)) throw new SitingError(`Candidate spacing must be at least ${MIN_SPACING_M} m.`);
    const ring = new Float64Array(req.area.length * 2);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    req.area.forEach((p: Position, k) => {
      if (!Number.isFinite(p?.[0]) || !Number.isFinite(p?.[1])) throw new SitingError('The drawn area has a point with invalid coordinates.');
      const [x, y] = toXY(e.proj, p[0], p[1]);
      ring[2 * k] = x; ring[2 * k + 1] = y;
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    });
    const cells = ((maxX - minX) / spacing + 1) * ((maxY - minY) / spacing + 1);
    const g = e.graph;
    const taken = new Set<number>();
    const cols = Math.ceil((maxX - minX) / spacing) + 1;
    for (let v = 0; v < g.nodeCount; v++) {
      const x = g.x[v], y = g.y[v];
      if (x < minX || x > maxX || y < minY || y > maxY || !pointInPolygon(x, y, [ring])) continue;
      const cell = Math.floor((y - minY) / spacing) * cols + Math.floor((x - minX) / spacing);
      if (taken.has(cell)) continue;
      taken.add(cell);
      if (taken.size + refs.length > MAX_CANDIDATES) {
        throw new SitingError(`The area gives more than ${MAX_CANDIDATES} candidate points at ${spacing} m spacing (about ${Math.round(cells)} cells); draw a smaller area or space them wider.`);
      }
      add(x, y, null);
    }
  }
  return { xy: Float64Array.from(xy), refs, siteId, dropped };
}

/**
 * One bounded search per candidate, collecting the buildings with demand (`w` > 0) it reaches. The
 * caller yields to the event loop through `tick` so a long build can report progress and be cancelled.
 */
export async function buildInstance(e: Engine, std: Standards, profile: WalkProfile, req: SuggestRequest, w: Float64Array,
  tick: (p: SuggestProgress) => Promise<void>): Promise<SitingInstance> {
  const cs = categoryStandard(std, req.category);
  if (!cs) throw new SitingError(`The standards table has no category "${req.category}".`);
  const threshold = cs.threshold_m;
  const limit = searchLimit(threshold);
  const reach = req.method === 'pmedian' ? limit : threshold;
  const fs = e.facilities;
  const existing = facilitiesOf(fs, servingCategories(cs.id));
  const nb = e.buildingIds.length;
  const base = existing.length ? e.distancesFrom(existing.map((f) => fs.access[f]), limit, profile).dist : new Float64Array(nb).fill(Infinity);
  await tick({ phase: 'candidates', done: 0, total: 1 });
  const candidates = candidatesFor(e, req);
  const n = candidates.refs.length;
  if (n === 0) {
    if (candidates.dropped.length) throw new SitingError(`No candidate location joins the walking network (${candidates.dropped.length} too far from any street it may use).`);
    throw new SitingError(req.useSites && e.siteIds.length === 0
      ? 'There are no candidate locations: this dataset has no sites layer, so draw an area (CLI: --area polygon.geojson) to use points on its streets.'
      : 'There are no candidate locations: use the sites layer or draw an area.');
  }
  const costs = e.costs(profile);
  const seeds = makeSeeds(e.graph, costs, []);
  const start = new Uint32Array(n + 1);
  let bld = new Uint32Array(Math.max(1024, n * 32)), dist = new Float64Array(bld.length);
  let m = 0;
  const one: SnapRef[][] = [[]];
  let lastTick = performance.now();
  for (let j = 0; j < n; j++) {
    one[0] = [candidates.refs[j]];
    fillSeeds(seeds, e.graph, costs, one);
    e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, reach);
    e.reach.forEach(e.searcher, costs, seeds, reach, (i, d) => {
      if (!(w[i] > 0)) return;
      if (m === bld.length) {
        const b2 = new Uint32Array(m * 2), d2 = new Float64Array(m * 2);
        b2.set(bld); d2.set(dist);
        bld = b2; dist = d2;
      }
      bld[m] = i;
      dist[m++] = d;
    });
    start[j + 1] = m;
    if (performance.now() - lastTick > 50) {
      await tick({ phase: 'coverage', done: j + 1, total: n });
      lastTick = performance.now();
    }
  }
  return { category: cs.id, cs, method: req.method, threshold, reach, w, base, candidates, start, bld: bld.slice(0, m), dist: dist.slice(0, m) };
}
