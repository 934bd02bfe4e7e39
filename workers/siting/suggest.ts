// "Suggest sites": build the instance, run the heuristic, then let HiGHS solve exactly or bound the
// optimum within a time budget, and report the picks with their gains and the proven gap.

import type { Engine } from '../engine.ts';
import type { WalkProfile } from '../network/profile.ts';
import type { Standards } from '../analysis/standards.ts';
import { categoryStandard } from '../analysis/standards.ts';
import { isCounted, weights } from '../analysis/coverage.ts';
import { toLonLat } from '../model/geo.ts';
import {
  capacitatedHeuristic, coveringProblem, maxCoverHeuristic, savingsProblem, setCoverHeuristic, setValue, type MaxCoverProblem,
} from './heuristics.ts';
import { solveCapacitated, solveCovering, solveSavings, solveSetCover, type ExactResult } from './exact.ts';
import { buildInstance, SitingError, type SitingInstance } from './instance.ts';
import type { SuggestProgress, SuggestRequest, SuggestResult, SuggestedSite } from './types.ts';

const METHODS = ['mclp', 'lscp', 'pmedian', 'capacitated'] as const;
export const MAX_K = 50;

export interface SuggestHooks {
  progress?: (p: SuggestProgress) => void;
  cancelled?: () => boolean;
}

class Cancelled extends Error {}

/** Demand units per building for the capacity-aware method: the quota where the table has one, else the cohort. */
function capacityDemand(e: Engine, std: Standards, req: SuggestRequest): Float64Array {
  const cs = categoryStandard(std, req.category)!;
  if (!cs.quota) return weights(e.facts, std, cs.cohort);
  const base = weights(e.facts, std, cs.quota.base);
  const f = cs.quota.value / cs.quota.per;
  return base.map((v) => v * f);
}

function checkRequest(req: SuggestRequest, std: Standards): void {
  if (!METHODS.includes(req.method)) throw new SitingError(`Unknown method "${String(req.method)}": one of ${METHODS.join(', ')}.`);
  const cs = categoryStandard(std, req.category);
  if (!cs) throw new SitingError(`The standards table has no category "${String(req.category)}".`);
  const k = req.method === 'lscp' ? req.maxSites ?? MAX_K : req.k;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new SitingError(`The number of sites must be a whole number from 1 to ${MAX_K}.`);
  if (req.timeLimitS !== undefined && !(req.timeLimitS > 0 && req.timeLimitS <= 600)) throw new SitingError('The solver time limit must be between 0 and 600 seconds.');
  if (req.method === 'capacitated') {
    if (!isCounted(cs)) throw new SitingError(`${cs.name_zh} (${cs.id}) is not counted in places, beds or spaces; use maximal covering.`);
    if (req.capacity !== undefined && req.capacity !== null && !(req.capacity > 0 && req.capacity <= 1e6)) {
      throw new SitingError('The capacity of a new site must be a positive number.');
    }
  }
}

/** Average capacity of the category's facilities in force, used when the request names none. */
function defaultCapacity(e: Engine, req: SuggestRequest): number | null {
  const fs = e.facilities;
  let s = 0, n = 0;
  for (let f = 0; f < fs.ids.length; f++) {
    const c = fs.capacity[f];
    if (fs.category[f] === req.category && c !== null && c > 0) { s += c; n++; }
  }
  return n ? s / n : null;
}

/** Picks in the order a greedy would add them, each with its marginal value. */
function ordered(p: MaxCoverProblem, picks: number[]): { order: number[]; gains: number[] } {
  const order: number[] = [], gains: number[] = [];
  const left = [...picks];
  let value = 0;
  while (left.length) {
    let bi = 0, bv = -Infinity;
    left.forEach((j, q) => { const v = setValue(p, [...order, j]); if (v > bv) { bv = v; bi = q; } });
    order.push(left.splice(bi, 1)[0]);
    gains.push(bv - value);
    value = bv;
  }
  return { order, gains };
}

export async function suggest(e: Engine, std: Standards, profile: WalkProfile, req: SuggestRequest, hooks: SuggestHooks = {}): Promise<SuggestResult> {
  const t0 = performance.now();
  checkRequest(req, std);
  const cs = categoryStandard(std, req.category)!;
  const timeLimit = req.timeLimitS ?? 5;
  const tick = async (p: SuggestProgress) => {
    hooks.progress?.(p);
    await new Promise((r) => setTimeout(r, 0));
    if (hooks.cancelled?.()) throw new Cancelled();
  };
  let capacity = 0;
  if (req.method === 'capacitated') {
    const c = req.capacity ?? defaultCapacity(e, req);
    if (c === null) throw new SitingError(`Give the capacity of a new ${cs.name_zh}: the plan has none of this category to take it from.`);
    capacity = c;
  }
  const cohort = weights(e.facts, std, cs.cohort);
  let inst: SitingInstance;
  try {
    inst = await buildInstance(e, std, profile, req, req.method === 'capacitated' ? capacityDemand(e, std, req) : cohort, tick);
  } catch (err) {
    if (err instanceof Cancelled) return cancelledResult(req, t0);
    throw err;
  }
  const nb = inst.w.length;
  const uncovered = new Float64Array(nb);
  for (let i = 0; i < nb; i++) uncovered[i] = inst.base[i] <= inst.threshold ? 0 : inst.w[i];

  let picks: number[], gains: number[], objective: number, bound: number, proof: SuggestResult['proof'] = 'trivial';
  let uncoverable = 0;
  const progressSolver = async () => {
    try {
      await tick({ phase: 'solver', done: 0, total: 1 });
      return false;
    } catch (err) {
      if (err instanceof Cancelled) return true;
      throw err;
    }
  };
  /** Keeps the better of the heuristic and the solver, and the tighter of their bounds. */
  const merge = (x: ExactResult | null, sense: 'max' | 'min', p: MaxCoverProblem | null) => {
    if (!x) return;
    const better = x.picks && Number.isFinite(x.objective) && (sense === 'max' ? x.objective > objective + 1e-9 : x.objective < objective - 1e-9);
    if (better && x.picks) {
      objective = x.objective;
      if (p) ({ order: picks, gains } = ordered(p, x.picks));
      else { picks = x.picks; gains = x.picks.map(() => NaN); }
    }
    const tighter = sense === 'max' ? x.bound < bound : x.bound > bound;
    if (tighter) bound = x.bound;
    proof = x.optimal && Math.abs(x.objective - objective) <= 1e-6 * Math.max(1, Math.abs(objective)) ? 'exact' : tighter ? 'mip_bound' : proof;
  };

  if (req.method === 'mclp') {
    const p = coveringProblem(inst, uncovered);
    ({ picks, gains, objective, bound } = maxCoverHeuristic(p, req.k));
    if (await progressSolver()) return cancelledResult(req, t0);
    merge(await solveCovering(p, req.k, picks, timeLimit), 'max', p);
  } else if (req.method === 'pmedian') {
    const p = savingsProblem(inst);
    ({ picks, gains, objective, bound } = maxCoverHeuristic(p, req.k));
    if (await progressSolver()) return cancelledResult(req, t0);
    merge(await solveSavings(p, req.k, picks, timeLimit), 'max', p);
    // Report the walk itself (lower is better) rather than the walk saved.
    let total = 0;
    for (let i = 0; i < nb; i++) if (inst.w[i] > 0) total += inst.w[i] * Math.min(inst.base[i], inst.reach);
    objective = total - objective;
    bound = total - bound;
  } else if (req.method === 'capacitated') {
    const h = capacitatedHeuristic(inst, uncovered, capacity, req.k);
    ({ picks, gains, objective, bound } = h);
    if (await progressSolver()) return cancelledResult(req, t0);
    merge(await solveCapacitated(inst, uncovered, capacity, req.k, picks, timeLimit), 'max', null);
    if (gains.some(Number.isNaN)) gains = picks.map(() => objective / picks.length);
  } else {
    const p = coveringProblem(inst, uncovered);
    const maxSites = req.maxSites ?? MAX_K;
    const h = setCoverHeuristic(p, maxSites);
    ({ order: picks, gains } = ordered(p, h.picks));
    objective = picks.length;
    uncoverable = 0;
    for (let i = 0; i < nb; i++) uncoverable += uncovered[i];
    const covers = new Uint8Array(nb);
    for (let e2 = 0; e2 < p.bld.length; e2++) if (p.val[e2] > 0) covers[p.bld[e2]] = 1;
    for (let i = 0; i < nb; i++) if (covers[i]) uncoverable -= uncovered[i];
    bound = h.coverable > 0 ? 1 : 0;
    if (h.covered < h.coverable) throw new SitingError(`${maxSites} sites are not enough to cover everyone the candidates can reach; allow more sites.`);
    if (await progressSolver()) return cancelledResult(req, t0);
    const x = await solveSetCover(p, picks, timeLimit);
    if (x && x.picks && x.objective < objective - 1e-9) {
      ({ order: picks, gains } = ordered(p, x.picks));
      objective = x.objective;
    }
    if (x && x.bound > bound) { bound = Math.ceil(x.bound - 1e-6); proof = x.optimal ? 'exact' : 'mip_bound'; }
    if (x?.optimal && objective === x.objective) proof = 'exact';
  }

  let coveredBefore = 0, target = 0;
  const covered = new Uint8Array(nb);
  for (let i = 0; i < nb; i++) {
    target += cohort[i];
    if (inst.base[i] <= inst.threshold) { coveredBefore += cohort[i]; covered[i] = 1; }
  }
  let coveredAfter = coveredBefore;
  for (const j of picks) {
    for (let k = inst.start[j]; k < inst.start[j + 1]; k++) {
      const i = inst.bld[k];
      if (inst.dist[k] <= inst.threshold && !covered[i]) { covered[i] = 1; coveredAfter += cohort[i]; }
    }
  }
  const sites: SuggestedSite[] = picks.map((j, r) => {
    const [lon, lat] = toLonLat(e.proj, inst.candidates.xy[2 * j], inst.candidates.xy[2 * j + 1]);
    return { rank: r + 1, position: [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7], site_id: inst.candidates.siteId[j], gain: gains[r] };
  });
  const gap = Math.abs(bound - objective) / Math.max(Math.abs(bound), 1e-9);
  return {
    category: req.category, method: req.method, picks: sites, candidates: inst.start.length - 1, coveredBefore, coveredAfter, target,
    objective, bound, optimality_gap: gap < 1e-9 ? 0 : gap, proof: gap < 1e-9 ? 'exact' : proof, uncoverable,
    ms: performance.now() - t0, cancelled: false,
  };
}

function cancelledResult(req: SuggestRequest, t0: number): SuggestResult {
  return {
    category: req.category, method: req.method, picks: [], candidates: 0, coveredBefore: 0, coveredAfter: 0, target: 0, objective: NaN,
    bound: NaN, optimality_gap: NaN, proof: 'trivial', uncoverable: 0, ms: performance.now() - t0, cancelled: true,
  };
}
