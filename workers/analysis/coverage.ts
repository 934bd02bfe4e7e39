// Coverage against the standards: per building and category the network walk to the nearest
// facility, coverage of each category's target cohort, 2SFCA accessibility and facility load for
// capacity categories, parking deficit, circle completeness, gap hexagons and the brief's indicators.

import { COHORTS, type CategoryId, type Cohort, type Position } from '../model/dataset.ts';
import type { Engine } from '../engine.ts';
import { toLonLat, type Projection } from '../model/geo.ts';
import { fillSeeds, makeSeeds, type SnapRef } from '../routing/access.ts';
import type { WalkProfile } from '../network/profile.ts';
import { HEX_SIZE, hexCells, type DatasetFacts } from './facts.ts';
import { categoryStandard, fingerprint, MARK_SYMBOL, profileProblem, type CategoryStandard, type Standards } from './standards.ts';
import { servingCategories, type FacilitySet } from './facilities.ts';
import { BuildingEnds } from '../routing/reach.ts';
import { analysisWarnings, type AnalysisWarning } from './warnings.ts';
import { analysisOptionsProblem } from '../model/limits.ts';

/** Units whose capacity is a count of people or things served: these get 2SFCA and load. */
const COUNTED_UNITS = new Set(['places', 'beds', 'spaces', 'residents', 'pupils']);

export interface AnalysisOptions {
  profile?: WalkProfile;
  /** Hexagon size (centre to corner) for gap areas, metres. */
  hexSize?: number;
  /** Distance decay inside 2SFCA catchments. */
  decay?: 'none' | 'gaussian';
  /** Marked true when the table differs from the shipped default. */
  edited?: boolean;
  /** Facilities to analyse; the engine's set in force when absent. */
  facilities?: FacilitySet;
}

export interface FacilityLoad {
  id: string;
  name: string;
  community: string;
  capacity: number | null;
  /** Target cohort in the facility's network service area: those it is nearest to, within the search limit. */
  load: number;
  /** load / capacity; null without a usable capacity. */
  utilisation: number | null;
  /** 2SFCA step 1: capacity per unit of demand in the catchment. */
  ratio: number | null;
}

export interface Coverage {
  target: number;
  covered: number;
  share: number;
}

export interface CategoryResult {
  id: CategoryId;
  name_zh: string;
  name_en: string;
  threshold_m: number;
  search_limit_m: number;
  cohort: Cohort;
  circle: 5 | 10 | 15 | null;
  /** The standard it is judged by, readable: threshold, confidence mark and source. */
  standard: string;
  /** Per building: walking metres to the nearest facility (Infinity beyond the search limit). */
  dist: Float64Array;
  /** Per building: index of the nearest facility in the analysed facility set, -1 if none. */
  nearest: Int32Array;
  district: Coverage;
  byCommunity: Record<string, Coverage>;
  /** Per building 2SFCA accessibility (capacity per unit of demand within reach); null for area-type categories. */
  access: Float64Array | null;
  facilities: FacilityLoad[];
  supplyDemand: Record<string, { supply: number; demand: number; balance: number }>;
}

export interface IndicatorRow {
  scope: string;
  scope_name: string;
  id: string;
  name_zh: string;
  name_en: string;
  value: number | null;
  target: number;
  pass: boolean | null;
  unit: string;
  mark: string;
  source: string;
}

/** Gap areas as columns: one row per category and hexagon; NaN stands for "none". */
export interface GapTable {
  hexSize: number;
  projection: Projection;
  count: number;
  categoryIds: CategoryId[];
  category: Uint8Array;
  q: Int32Array;
  r: Int32Array;
  community: Int32Array;
  buildings: Int32Array;
  beyond: Int32Array;
  uncovered: Float64Array;
  /** Uncovered totals per cohort, in COHORTS order, COHORTS.length per row. */
  cohorts: Float64Array;
  meanWalk: Float64Array;
  worstWalk: Float64Array;
  deficit: Float64Array;
}

export interface GapFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: Position[][] };
  properties: Record<string, string | number | null>;
}

export interface DataProblem {
  kind: 'facility';
  id: string;
  category: CategoryId;
  issue: 'missing_capacity' | 'zero_capacity';
}

export interface AnalysisResult {
  table: { id: string; version: number; fingerprint: string; edited: boolean; name_zh: string; name_en: string };
  profile: string;
  buildingIds: string[];
  buildingCommunity: string[];
  communities: Array<{ id: string; name: string; name_en: string }>;
  categories: Partial<Record<CategoryId, CategoryResult>>;
  /** The analysed facility set's ids and names: what `nearest` indexes (a plan's set differs from the dataset's). */
  facilityIds: string[];
  facilityNames: string[];
  /** Per circle (5/10/15): per building, the share of the circle's categories within their thresholds. */
  completeness: Record<string, Float64Array>;
  completenessByCommunity: Record<string, Record<string, number>>;
  parkingDeficit: { district: number; byCommunity: Record<string, number> };
  gaps: GapTable;
  indicators: IndicatorRow[];
  problems: DataProblem[];
  /** What the figures cannot stand behind: no street, no building, no residents, no facility of a category. */
  warnings: AnalysisWarning[];
  timings: Record<string, number>;
}

/** Walks are searched up to twice the threshold, at least 1000 m, so "how far beyond" stays readable. */
export function searchLimit(threshold: number): number {
  return Math.max(2 * threshold, 1000);
}

/** The standard a category is judged by, readable: threshold, confidence mark and source. */
export function standardLabel(cs: CategoryStandard): string {
  return `${cs.name_zh} ≤ ${cs.threshold_m} m (${MARK_SYMBOL[cs.threshold_mark]} ${cs.source})`;
}

/** Categories whose capacity counts people or things served get 2SFCA and load. */
export function isCounted(cs: CategoryStandard): boolean {
  return cs.capacity_unit !== null && COUNTED_UNITS.has(cs.capacity_unit);
}

/** The target cohort's weight per building (cars from households when the table sets a ratio). */
export function weights(p: DatasetFacts, std: Standards, cohort: Cohort): Float64Array {
  if (cohort === 'cars' && std.parking.cars_per_household !== null) {
    const ratio = std.parking.cars_per_household;
    return p.cohorts.households.map((h) => h * ratio);
  }
  return p.cohorts[cohort];
}

/** What every category of one analysis reads: cohort weights, and their totals per community (district last). */
interface AnalysisContext {
  weightsOf: (cohort: Cohort) => Float64Array;
  totalsOf: (cohort: Cohort) => Float64Array;
}

function analysisContext(p: DatasetFacts, std: Standards): AnalysisContext {
  const w = new Map<Cohort, Float64Array>(), t = new Map<Cohort, Float64Array>();
  const weightsOf = (cohort: Cohort) => {
    let a = w.get(cohort);
    if (!a) w.set(cohort, (a = weights(p, std, cohort)));
    return a;
  };
  const totalsOf = (cohort: Cohort) => {
    let a = t.get(cohort);
    if (!a) {
      const x = weightsOf(cohort), comm = p.buildingCommunity, nc = p.communityIds.length;
      a = new Float64Array(nc + 1);
      for (let i = 0; i < x.length; i++) {
        if (comm[i] >= 0) a[comm[i]] += x[i];
        a[nc] += x[i];
      }
      t.set(cohort, a);
    }
    return a;
  };
  return { weightsOf, totalsOf };
}

export function analyze(e: Engine, std: Standards, opts: AnalysisOptions = {}): AnalysisResult {
  const badOptions = analysisOptionsProblem(opts) ?? (opts.profile ? profileProblem(opts.profile) : null);
  if (badOptions) throw new Error(`Analysis options: ${badOptions}.`);
  const t0 = performance.now();
  const p = e.facts;
  const timings: Record<string, number> = {};
  const profile = opts.profile ?? std.profiles[0];
  const nb = e.buildingIds.length;
  const nc = p.communityIds.length;
  const problems: DataProblem[] = [];
  const categories: Partial<Record<CategoryId, CategoryResult>> = {};
  const fs = opts.facilities ?? e.facilities;

  const t1 = performance.now();
  const ctx = analysisContext(p, std);
  // Every building's walk is read off the same terms in each category's searches (base network).
  const costs = e.costs(profile);
  const ends = costs.overlay ? null : new BuildingEnds(e.graph, costs, e.buildingSnaps);
  timings.ends = performance.now() - t1;
  for (const cs of std.categories) {
    categories[cs.id] = analyzeCategory(e, fs, p, ctx, cs, profile, ends, opts, problems, timings);
  }
  timings.categories = performance.now() - t1;

  // Circle completeness: a building's share of the circle's categories (that circle and the
  // smaller ones nested in it) whose nearest facility is within that category's threshold. The
  // share adds 1/n once per category within reach, so it is the same sum for the same count: the
  // counts are taken in one pass per category and the sums looked up.
  const completeness: Record<string, Float64Array> = {};
  const completenessByCommunity: Record<string, Record<string, number>> = {};
  const circles = [5, 10, 15];
  // Per circle, the count of its own categories within reach; a circle's count then adds the smaller ones'.
  const counts = circles.map(() => new Uint8Array(nb));
  for (const c of std.categories) {
    if (c.circle === null) continue;
    const dist = categories[c.id]!.dist, thr = c.threshold_m, cnt = counts[circles.indexOf(c.circle)];
    for (let i = 0; i < nb; i++) if (dist[i] <= thr) cnt[i]++;
  }
  circles.forEach((circle, ci) => {
    const n = std.categories.filter((c) => c.circle !== null && c.circle <= circle).length;
    const sumOf = new Float64Array(n + 1);
    for (let k = 1; k <= n; k++) sumOf[k] = sumOf[k - 1] + 1 / n;
    const share = new Float64Array(nb), cnt = counts[ci];
    if (ci > 0) for (let i = 0; i < nb; i++) cnt[i] += counts[ci - 1][i];
    for (let i = 0; i < nb; i++) share[i] = sumOf[cnt[i]];
    completeness[circle] = share;
    const sums = new Float64Array(nc + 1), pops = new Float64Array(nc + 1);
    for (let i = 0; i < nb; i++) {
      const w = p.cohorts.everyone[i];
      const c = p.buildingCommunity[i];
      if (c >= 0) { sums[c] += share[i] * w; pops[c] += w; }
      sums[nc] += share[i] * w; pops[nc] += w;
    }
    const row: Record<string, number> = {};
    for (let c = 0; c < nc; c++) row[p.communityIds[c]] = pops[c] ? sums[c] / pops[c] : 0;
    row.district = pops[nc] ? sums[nc] / pops[nc] : 0;
    completenessByCommunity[circle] = row;
  });

  const parkingDeficit = parkingDeficits(p, categories.parking ?? null, ctx.weightsOf);
  const t2 = performance.now();
  const gaps = gapHexagons(e, p, std, categories, opts.hexSize ?? HEX_SIZE, null, ctx.weightsOf);
  timings.gaps = performance.now() - t2;
  const indicators = computeIndicators(fs, p, std, categories);
  timings.total = performance.now() - t0;
  return {
    table: { id: std.id, version: std.version, fingerprint: fingerprint(std), edited: !!opts.edited, name_zh: std.name_zh, name_en: std.name_en },
    profile: profile.id,
    buildingIds: e.buildingIds,
    buildingCommunity: communityNames(p),
    communities: p.communityIds.map((id, c) => ({ id, name: p.communityNames[c], name_en: p.communityNamesEn[c] })),
    categories, facilityIds: fs.ids, facilityNames: fs.names, completeness, completenessByCommunity, parkingDeficit, gaps, indicators, problems, timings,
    warnings: analysisWarnings(e, fs, std),
  };
}

function analyzeCategory(e: Engine, fs: FacilitySet, p: DatasetFacts, ctx: AnalysisContext, cs: CategoryStandard, profile: WalkProfile,
  ends: BuildingEnds | null, opts: AnalysisOptions, problems: DataProblem[], timings: Record<string, number>): CategoryResult {
  // Of the categories' time: their searches, reading buildings off them, 2SFCA catchments.
  const clock = (k: string, t: number) => { const now = performance.now(); timings[k] = (timings[k] ?? 0) + now - t; return now; };
  const nb = e.buildingIds.length, nc = p.communityIds.length;
  const threshold = cs.threshold_m;
  const limit = searchLimit(threshold);
  const include = servingCategories(cs.id);
  const indices: number[] = [];
  const refs: SnapRef[][] = [];
  for (let f = 0; f < fs.ids.length; f++) {
    if (!include.includes(fs.category[f]) || fs.access[f].length === 0) continue;
    indices.push(f);
    refs.push(fs.access[f]);
  }
  let dist: Float64Array, nearest: Int32Array;
  if (refs.length) {
    // Engine.distancesFrom, in its two steps: buildings need only the two ends of their own edge,
    // so chain interiors are not filled.
    let t = performance.now();
    const costs = e.costs(profile);
    const seeds = makeSeeds(e.graph, costs, refs);
    e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, limit, false);
    t = clock('search', t);
    dist = new Float64Array(nb);
    nearest = new Int32Array(nb);
    if (ends) e.reach.distancesInto(ends, e.searcher, costs, seeds, limit, dist, nearest);
    else e.searcher.pointsInto(costs, seeds, e.buildingSnaps, limit, dist, nearest);
    // Search source indices become facility indices, in place.
    for (let i = 0; i < nb; i++) if (nearest[i] >= 0) nearest[i] = indices[nearest[i]];
    clock('buildings', t);
  } else {
    dist = new Float64Array(nb).fill(Infinity);
    nearest = new Int32Array(nb).fill(-1);
  }
  const w = ctx.weightsOf(cs.cohort);
  const tgt = ctx.totalsOf(cs.cohort), cov = new Float64Array(nc + 1);
  const comm = p.buildingCommunity;
  for (let i = 0; i < nb; i++) {
    if (!(dist[i] <= threshold)) continue;
    if (comm[i] >= 0) cov[comm[i]] += w[i];
    cov[nc] += w[i];
  }
  const mk = (k: number): Coverage => ({ target: tgt[k], covered: cov[k], share: tgt[k] > 0 ? cov[k] / tgt[k] : 1 });
  const byCommunity: Record<string, Coverage> = {};
  for (let c = 0; c < nc; c++) byCommunity[p.communityIds[c]] = mk(c);

  const own: number[] = [];
  for (let f = 0; f < fs.ids.length; f++) if (fs.category[f] === cs.id) own.push(f);
  const counted = isCounted(cs);
  if (counted) {
    for (const f of own) {
      const cap = fs.capacity[f];
      if (cap === null) problems.push({ kind: 'facility', id: fs.ids[f], category: cs.id, issue: 'missing_capacity' });
      else if (cap <= 0) problems.push({ kind: 'facility', id: fs.ids[f], category: cs.id, issue: 'zero_capacity' });
    }
  }
  // Load: the demand in each facility's network service area (everyone it is nearest to, within the search limit).
  const load = new Float64Array(fs.ids.length);
  for (let i = 0; i < nb; i++) {
    if (nearest[i] >= 0) load[nearest[i]] += w[i];
  }
  const t2 = performance.now();
  const { access, ratio } = counted ? twoStep(e, fs, own, w, threshold, profile, ends, opts.decay ?? 'none') : { access: null, ratio: null };
  if (counted) clock('catchments', t2);
  const facilities: FacilityLoad[] = own.map((f, k) => {
    const cap = fs.capacity[f];
    const l = load[f];
    return {
      id: fs.ids[f],
      name: fs.names[f],
      community: fs.community[f] >= 0 ? p.communityIds[fs.community[f]] : '',
      capacity: cap,
      load: l,
      utilisation: cap !== null && cap > 0 ? l / cap : null,
      ratio: ratio ? ratio[k] : null,
    };
  });
  const supplyDemand: CategoryResult['supplyDemand'] = {};
  const supply = new Float64Array(nc + 1);
  for (const f of own) {
    const cap = fs.capacity[f] ?? 0;
    if (fs.community[f] >= 0) supply[fs.community[f]] += cap;
    supply[nc] += cap;
  }
  const base = ctx.totalsOf(cs.quota ? cs.quota.base : cs.cohort);
  const demandOf = (k: number) => {
    if (!cs.quota) return base[k];
    const d = (cs.quota.value / cs.quota.per) * base[k];
    return cs.quota.minimum !== undefined && k < nc ? Math.max(cs.quota.minimum, d) : d;
  };
  for (let c = 0; c < nc; c++) {
    const d = demandOf(c);
    supplyDemand[p.communityIds[c]] = { supply: supply[c], demand: d, balance: supply[c] - d };
  }
  const dd = cs.quota?.minimum !== undefined ? p.communityIds.reduce((s, id) => s + supplyDemand[id].demand, 0) : demandOf(nc);
  supplyDemand.district = { supply: supply[nc], demand: dd, balance: supply[nc] - dd };
  return {
    id: cs.id, name_zh: cs.name_zh, name_en: cs.name_en, threshold_m: threshold, search_limit_m: limit, cohort: cs.cohort,
    circle: cs.circle, standard: standardLabel(cs),
    dist, nearest, district: mk(nc), byCommunity, access, facilities, supplyDemand,
  };
}

/**
 * Two-step floating catchment (Luo & Wang 2003): R_j = S_j / Σ D_i over buildings within d0 of j,
 * then A_i = Σ R_j over facilities within d0 of i. One bounded search per facility over junctions
 * only; the buildings in reach are read off the chains it reached, each from its chain's two ends
 * (BuildingReach.collectWithin), never by scanning every building. Under network edits the chains
 * are filled and the buildings found around reached nodes (BuildingReach.forEach).
 */
function twoStep(e: Engine, fs: FacilitySet, own: number[], demand: Float64Array, d0: number, profile: WalkProfile,
  ends: BuildingEnds | null, decay: 'none' | 'gaussian'): { access: Float64Array; ratio: number[] } {
  const nb = e.buildingIds.length;
  const g = e.graph;
  const costs = e.costs(profile);
  const access = new Float64Array(nb);
  const ratio: number[] = [];
  const e05 = Math.exp(-0.5);
  const gaussian = decay === 'gaussian';
  const weight = (d: number) => (Math.exp(-0.5 * (d / d0) ** 2) - e05) / (1 - e05);
  // Under network edits, forEach's buildings gathered into the same columns collectWithin fills.
  let ids = new Int32Array(64), ds = new Float64Array(64), n = 0;
  const collect = (i: number, d: number) => {
    if (n === ids.length) {
      const i2 = new Int32Array(2 * n), d2 = new Float64Array(2 * n);
      i2.set(ids); d2.set(ds); ids = i2; ds = d2;
    }
    ids[n] = i; ds[n++] = d;
  };
  const seeds = makeSeeds(g, costs, []);
  const one: SnapRef[][] = [[]];
  for (let k = 0; k < own.length; k++) {
    const f = own[k];
    const cap = fs.capacity[f] ?? 0;
    if (fs.access[f].length === 0 || !(cap > 0)) { ratio.push(0); continue; }
    one[0] = fs.access[f];
    fillSeeds(seeds, g, costs, one);
    let inReach: Int32Array, reachDist: Float64Array;
    if (ends) {
      e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, d0, false);
      n = e.reach.collectWithin(ends, e.searcher, costs, seeds, d0);
      inReach = e.reach.within; reachDist = e.reach.withinDist;
    } else {
      e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, d0);
      n = 0;
      e.reach.forEach(e.searcher, costs, seeds, d0, collect);
      inReach = ids; reachDist = ds;
    }
    // Without decay every weight is 1, and x × 1 is x.
    let total = 0;
    if (gaussian) for (let q = 0; q < n; q++) total += demand[inReach[q]] * weight(reachDist[q]);
    else for (let q = 0; q < n; q++) total += demand[inReach[q]];
    const R = total > 0 ? cap / total : 0;
    ratio.push(R);
    if (gaussian) for (let q = 0; q < n; q++) access[inReach[q]] += R * weight(reachDist[q]);
    else for (let q = 0; q < n; q++) access[inReach[q]] += R;
  }
  return { access, ratio };
}

/** Each building's community id ('' outside every community). */
function communityNames(p: DatasetFacts): string[] {
  const out = new Array<string>(p.buildingCommunity.length);
  for (let i = 0; i < out.length; i++) out[i] = p.buildingCommunity[i] >= 0 ? p.communityIds[p.buildingCommunity[i]] : '';
  return out;
}

function parkingDeficits(p: DatasetFacts, r: CategoryResult | null, weightsOf: (cohort: Cohort) => Float64Array) {
  const byCommunity: Record<string, number> = {};
  let district = 0;
  if (!r || !r.access) return { district, byCommunity };
  const w = weightsOf(r.cohort);
  // Summed per community id (the first community of an id stands for any repeat of it).
  const first = new Map<string, number>();
  const slot = p.communityIds.map((id, c) => { if (!first.has(id)) first.set(id, c); return first.get(id)!; });
  const sums = new Float64Array(p.communityIds.length);
  for (let i = 0; i < w.length; i++) {
    const deficit = w[i] * Math.max(0, 1 - r.access[i]);
    district += deficit;
    const c = p.buildingCommunity[i];
    if (c >= 0) sums[slot[c]] += deficit;
  }
  for (const [id, c] of first) byCommunity[id] = sums[c];
  return { district, byCommunity };
}

/**
 * Uncovered target population aggregated into flat-top hexagons, per category. With `only`, just
 * those buildings are aggregated (a live update passes the buildings of the hexagons it changed).
 * Rows come per category in the order their hexagons first meet an uncovered building; a hexagon
 * straddling communities is given the one with the most uncovered weight (the first met on a tie).
 */
export function gapHexagons(e: Engine, p: DatasetFacts, std: Standards, categories: AnalysisResult['categories'], size: number,
  only: ArrayLike<number> | null = null, weightsOf: (cohort: Cohort) => Float64Array = (c) => weights(p, std, c)): GapTable {
  const nb = only ? only.length : e.buildingIds.length;
  const custom = size === HEX_SIZE ? null : hexCells(e.buildingXY, size);
  const cells = custom ? { hexOf: custom.cellOf, hexQ: custom.q, hexR: custom.r } : { hexOf: p.hexOf, hexQ: p.hexQ, hexR: p.hexR };
  const hexOf = cells.hexOf, hexQ = cells.hexQ, hexR = cells.hexR, nh = hexQ.length;
  const K = COHORTS.length;
  const cats = std.categories.filter((cs) => categories[cs.id]);
  // First the number of rows, so that every column is allocated once at its size.
  const seen = new Int32Array(nh).fill(-1);
  let rows = 0;
  for (let ci = 0; ci < cats.length; ci++) {
    const cs = cats[ci];
    const w = weightsOf(cs.cohort), dist = categories[cs.id]!.dist, threshold = cs.threshold_m;
    for (let n = 0; n < nb; n++) {
      const i = only ? only[n] : n;
      const h = hexOf[i];
      if (h < 0 || !(w[i] > 0) || dist[i] <= threshold || seen[h] === ci) continue;
      seen[h] = ci;
      rows++;
    }
  }
  const out: GapTable = {
    hexSize: size, projection: e.proj, count: rows, categoryIds: cats.map((cs) => cs.id),
    category: new Uint8Array(rows), q: new Int32Array(rows), r: new Int32Array(rows), community: new Int32Array(rows),
    buildings: new Int32Array(rows), beyond: new Int32Array(rows), uncovered: new Float64Array(rows), cohorts: new Float64Array(rows * K),
    meanWalk: new Float64Array(rows), worstWalk: new Float64Array(rows), deficit: new Float64Array(rows),
  };
  // Accumulators per hexagon, reset through the list of hexagons a category touched.
  const buildings = new Int32Array(nh), reachable = new Int32Array(nh), beyond = new Int32Array(nh);
  const sum = new Float64Array(nh), worst = new Float64Array(nh), weight = new Float64Array(nh), deficit = new Float64Array(nh);
  const pops = new Float64Array(nh * K);
  // Uncovered weight per hexagon and community, as short lists in first-met order: slot `listOf[h]`
  // onwards through `slotNext`, each slot a community and its weight.
  const listOf = new Int32Array(nh).fill(-1);
  let slotComm = new Int32Array(1024), slotNext = new Int32Array(1024), slotW = new Float64Array(1024);
  // The seven cohorts, in COHORTS order, as locals for the hot loop below.
  const [c0, c1, c2, c3, c4, c5, c6] = COHORTS.map((k) => p.cohorts[k]);
  const touched = new Int32Array(nh);
  const comm = p.buildingCommunity;
  let row = 0;
  for (let ci = 0; ci < cats.length; ci++) {
    const cs = cats[ci];
    const res = categories[cs.id]!;
    const w = weightsOf(cs.cohort);
    const access = cs.id === 'parking' ? res.access : null;
    const dist = res.dist, threshold = cs.threshold_m;
    let nt = 0, slots = 0;
    for (let n = 0; n < nb; n++) {
      const i = only ? only[n] : n;
      const h = hexOf[i];
      const wi = w[i];
      if (h < 0 || !(wi > 0) || dist[i] <= threshold) continue;
      if (buildings[h] === 0) touched[nt++] = h;
      buildings[h]++;
      weight[h] += wi;
      const o = h * K;
      pops[o] += c0[i]; pops[o + 1] += c1[i]; pops[o + 2] += c2[i]; pops[o + 3] += c3[i];
      pops[o + 4] += c4[i]; pops[o + 5] += c5[i]; pops[o + 6] += c6[i];
      const d = dist[i];
      if (d < Infinity) { sum[h] += d; reachable[h]++; if (d > worst[h]) worst[h] = d; } else beyond[h]++;
      if (access) deficit[h] += wi * Math.max(0, 1 - access[i]);
      const ck = comm[i];
      let sl = listOf[h], lastSl = -1;
      while (sl >= 0 && slotComm[sl] !== ck) { lastSl = sl; sl = slotNext[sl]; }
      if (sl < 0) {
        if (slots === slotComm.length) {
          const grow = <T extends Int32Array | Float64Array>(a: T, make: (k: number) => T) => { const b = make(a.length * 2); b.set(a); return b; };
          slotComm = grow(slotComm, (k) => new Int32Array(k)); slotNext = grow(slotNext, (k) => new Int32Array(k)); slotW = grow(slotW, (k) => new Float64Array(k));
        }
        sl = slots++;
        slotComm[sl] = ck; slotNext[sl] = -1; slotW[sl] = 0;
        if (lastSl < 0) listOf[h] = sl; else slotNext[lastSl] = sl;
      }
      slotW[sl] += wi;
    }
    for (let k = 0; k < nt; k++, row++) {
      const h = touched[k];
      let best = listOf[h];
      for (let sl = slotNext[best]; sl >= 0; sl = slotNext[sl]) if (slotW[sl] > slotW[best]) best = sl;
      out.category[row] = ci;
      out.q[row] = hexQ[h];
      out.r[row] = hexR[h];
      out.community[row] = slotComm[best];
      out.buildings[row] = buildings[h];
      out.beyond[row] = beyond[h];
      out.uncovered[row] = weight[h];
      for (let c = 0; c < K; c++) out.cohorts[row * K + c] = pops[h * K + c];
      out.meanWalk[row] = reachable[h] ? sum[h] / reachable[h] : NaN;
      out.worstWalk[row] = beyond[h] > 0 ? NaN : worst[h];
      out.deficit[row] = access ? deficit[h] : NaN;
      buildings[h] = 0; reachable[h] = 0; beyond[h] = 0; sum[h] = 0; worst[h] = 0; weight[h] = 0; deficit[h] = 0;
      pops.fill(0, h * K, h * K + K);
      listOf[h] = -1;
    }
  }
  return out;
}

/**
 * Gap areas as GeoJSON features (all, or one category's): the exported form. Works on a result
 * that crossed a worker boundary, since it needs only the result itself.
 */
export function gapFeatures(r: AnalysisResult, only?: CategoryId): GapFeature[] {
  const t = r.gaps;
  const K = COHORTS.length;
  const sqrt3 = Math.sqrt(3);
  const size = t.hexSize;
  const out: GapFeature[] = [];
  const num = (v: number, digits = 0) => (Number.isNaN(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits);
  for (let i = 0; i < t.count; i++) {
    const cat = t.categoryIds[t.category[i]];
    if (only && cat !== only) continue;
    const res = r.categories[cat]!;
    const q = t.q[i], rr = t.r[i];
    const cx = size * 1.5 * q, cy = size * sqrt3 * (rr + q / 2);
    const ring: Position[] = [];
    for (let k = 0; k <= 6; k++) {
      const a = (Math.PI / 3) * (k % 6);
      const [lon, lat] = toLonLat(t.projection, cx + size * Math.cos(a), cy + size * Math.sin(a));
      ring.push([Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]);
    }
    const pop = (k: number) => Math.round(t.cohorts[i * K + k]);
    out.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: {
        category: cat,
        category_name: res.name_zh,
        community: t.community[i] >= 0 ? r.communities[t.community[i]].id : '',
        cohort: res.cohort,
        uncovered: round1(t.uncovered[i]),
        uncovered_population: pop(0),
        uncovered_households: pop(1),
        uncovered_age0_3: pop(2),
        uncovered_age3_6: pop(3),
        uncovered_age6_12: pop(4),
        uncovered_age60plus: pop(5),
        uncovered_cars: pop(6),
        buildings: t.buildings[i],
        mean_walk_m: num(t.meanWalk[i]),
        worst_walk_m: num(t.worstWalk[i]),
        beyond_limit_buildings: t.beyond[i],
        search_limit_m: res.search_limit_m,
        threshold_m: res.threshold_m,
        circle: res.circle,
        standard: res.standard,
        parking_deficit: num(t.deficit[i], 1),
      },
    });
  }
  return out;
}

function computeIndicators(fs: FacilitySet, p: DatasetFacts, std: Standards, categories: AnalysisResult['categories']): IndicatorRow[] {
  const rows: IndicatorRow[] = [];
  const nc = p.communityIds.length;
  const scopes = [...p.communityIds.map((id, c) => ({ id, name: p.communityNames[c], k: c })), { id: 'district', name: '全区', k: nc }];
  const sumBy = (arr: Float64Array) => {
    const out = new Float64Array(nc + 1);
    for (let i = 0; i < arr.length; i++) {
      const c = p.buildingCommunity[i];
      if (c >= 0) out[c] += arr[i];
      out[nc] += arr[i];
    }
    return out;
  };
  const hh = sumBy(p.cohorts.households), eld = sumBy(p.cohorts.age60plus);
  const supply = (cat: CategoryId) => {
    const out = new Float64Array(nc + 1);
    fs.ids.forEach((_, f) => {
      if (fs.category[f] !== cat) return;
      const cap = fs.capacity[f] ?? 0;
      if (fs.community[f] >= 0) out[fs.community[f]] += cap;
      out[nc] += cap;
    });
    return out;
  };
  const cov = (cat: CategoryId, k: number) => {
    const r = categories[cat];
    if (!r) return null;
    const c = k === nc ? r.district : r.byCommunity[p.communityIds[k]];
    return c.target > 0 ? c.share : null;
  };
  const parking = supply('parking'), beds = supply('elderly_home'), nursery = supply('nursery'), service = supply('service_station');
  const nurseryStd = categoryStandard(std, 'nursery');
  const serviceStd = categoryStandard(std, 'service_station');
  const nurseryDemand = (k: number) => categories.nursery?.supplyDemand[k === nc ? 'district' : p.communityIds[k]]?.demand ?? 0;
  const serviceNeed = (k: number): number => {
    if (k === nc) return p.communityIds.reduce((s, _, c) => s + serviceNeed(c), 0);
    const q = serviceStd?.quota;
    return q ? Math.max(q.minimum ?? 0, (q.value / q.per) * hh[k]) : 0;
  };
  const greenTotal = p.greenArea.reduce((a, b) => a + b, 0), roadTotal = p.roadKm.reduce((a, b) => a + b, 0);
  const value = (id: string, k: number): number | null => {
    switch (id) {
      case 'parking_per_household': return hh[k] > 0 ? parking[k] / hh[k] : null;
      case 'elderly_beds_per_1000': return eld[k] > 0 ? (beds[k] / eld[k]) * 1000 : null;
      case 'childcare_places': return nurseryStd && nurseryDemand(k) > 0 ? nursery[k] / nurseryDemand(k) : null;
      case 'health_station_coverage': return cov('health_station', k);
      case 'green_300m': return cov('green', k);
      case 'park_500m': return cov('park', k);
      case 'green_cover': {
        const area = k === nc ? p.districtArea : p.communityArea[k];
        return area > 0 ? (k === nc ? greenTotal : p.greenArea[k]) / area : null;
      }
      case 'road_density': {
        const area = k === nc ? p.districtArea : p.communityArea[k];
        return area > 0 ? (k === nc ? roadTotal : p.roadKm[k]) / (area / 1e6) : null;
      }
      // Without households there is nobody to serve: the community minimum alone would pass an empty scope.
      case 'service_station_area': return hh[k] > 0 && serviceNeed(k) > 0 ? service[k] / serviceNeed(k) : null;
      default: return null;
    }
  };
  for (const s of scopes) {
    for (const ind of std.indicators) {
      const v = value(ind.id, s.k);
      rows.push({
        scope: s.id, scope_name: s.name, id: ind.id, name_zh: ind.name_zh, name_en: ind.name_en,
        value: v === null ? null : Math.round(v * 10000) / 10000, target: ind.target, pass: v === null ? null : v >= ind.target,
        unit: ind.unit, mark: MARK_SYMBOL[ind.mark], source: ind.source,
      });
    }
  }
  return rows;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

