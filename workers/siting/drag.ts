// A candidate being dragged: the rest of the plan's facilities of its category are searched once,
// then each position reruns only the candidate's own bounded search and takes the per-building
// minimum. The minimum of two multi-source results is the result of their union, so the figures are
// exact; only 2SFCA and facility load, which depend on every facility's catchment, wait for the drop.

import type { Engine } from '../engine.ts';
import { COHORTS, type Cohort } from '../model/dataset.ts';
import { fillSeeds, makeSeeds, type Seeds } from '../routing/access.ts';
import { isochrone } from '../routing/isochrone.ts';
import type { Costs, WalkProfile } from '../network/profile.ts';
import { categoryStandard, type CategoryStandard, type Standards } from '../analysis/standards.ts';
import {
  gapFeatures, gapHexagons, searchLimit, standardLabel, weights, type AnalysisResult, type CategoryResult, type Coverage,
  type GapFeature, type GapTable,
} from '../analysis/coverage.ts';
import { HEX_SIZE } from '../analysis/facts.ts';
import { facilitiesOf, servingCategories, type FacilitySet } from '../analysis/facilities.ts';
import type { LiveUpdate } from './types.ts';

export class DragSession {
  readonly cs: CategoryStandard;
  private readonly limit: number;
  private readonly costs: Costs;
  private readonly seeds: Seeds;
  private readonly w: Float64Array;
  /** Walks with every other facility of the category, and the plan's coverage sums without the candidate. */
  private readonly baseDist: Float64Array;
  private readonly baseCov: Float64Array;
  private readonly tgt: Float64Array;
  private readonly dist: Float64Array;
  private changed: number[] = [];
  /** Buildings by gap hexagon (CSR), and the plan's gap features without the candidate, keyed by hexagon. */
  private readonly hexStart: Uint32Array;
  private readonly hexIds: Uint32Array;
  private readonly baseGaps: GapFeature[];
  private readonly baseGapHex: Int32Array;
  private readonly hexStamp: Int32Array;
  private moves = 0;
  private readonly std: Standards;

  constructor(private readonly e: Engine, std: Standards, profile: WalkProfile, fs: FacilitySet, readonly changeId: string) {
    const f = fs.change.indexOf(changeId);
    if (f < 0) throw new Error(`No candidate or moved facility for change "${changeId}" in the plan in force.`);
    const cs = categoryStandard(std, fs.category[f]);
    if (!cs) throw new Error(`The standards table has no category "${fs.category[f]}".`);
    this.cs = cs;
    this.std = { ...std, categories: [cs] };
    this.limit = searchLimit(cs.threshold_m);
    this.costs = e.costs(profile);
    const others = facilitiesOf(fs, servingCategories(cs.id)).filter((k) => k !== f);
    const nb = e.buildingIds.length;
    this.baseDist = others.length ? e.distancesFrom(others.map((k) => fs.access[k]), this.limit, profile).dist : new Float64Array(nb).fill(Infinity);
    this.dist = Float64Array.from(this.baseDist);
    this.w = weights(e.facts, std, cs.cohort);
    const nc = e.facts.communityIds.length;
    this.tgt = new Float64Array(nc + 1);
    this.baseCov = new Float64Array(nc + 1);
    for (let i = 0; i < nb; i++) {
      const c = e.facts.buildingCommunity[i], wi = this.w[i], inside = this.baseDist[i] <= cs.threshold_m;
      if (c >= 0) { this.tgt[c] += wi; if (inside) this.baseCov[c] += wi; }
      this.tgt[nc] += wi;
      if (inside) this.baseCov[nc] += wi;
    }
    this.seeds = makeSeeds(e.graph, this.costs, []);
    const hexOf = e.facts.hexOf, nh = e.facts.hexQ.length;
    this.hexStart = new Uint32Array(nh + 1);
    for (let i = 0; i < nb; i++) if (hexOf[i] >= 0) this.hexStart[hexOf[i] + 1]++;
    for (let h = 0; h < nh; h++) this.hexStart[h + 1] += this.hexStart[h];
    const fill = this.hexStart.slice(0, nh);
    this.hexIds = new Uint32Array(this.hexStart[nh]);
    for (let i = 0; i < nb; i++) if (hexOf[i] >= 0) this.hexIds[fill[hexOf[i]]++] = i;
    this.hexStamp = new Int32Array(nh).fill(-1);
    const base = this.gapTable(this.baseDist, null);
    this.baseGaps = this.features(base.table);
    this.baseGapHex = base.hex;
  }

  /** Gap rows for the category with walks `dist` (all hexagons, or only those of `buildings`), and each row's hexagon. */
  private gapTable(dist: Float64Array, buildings: number[] | null) {
    const e = this.e, cs = this.cs;
    const res = { id: cs.id, threshold_m: cs.threshold_m, cohort: cs.cohort, dist, access: null } as unknown as CategoryResult;
    const table = gapHexagons(e, e.facts, this.std, { [cs.id]: res }, HEX_SIZE, buildings);
    const hex = new Int32Array(table.count);
    const index = this.hexIndex();
    for (let k = 0; k < table.count; k++) hex[k] = index.get(hexKey(table.q[k], table.r[k]))!;
    return { table, hex };
  }

  private hexIndexCache: Map<number, number> | null = null;
  private hexIndex(): Map<number, number> {
    if (!this.hexIndexCache) {
      const { hexQ, hexR } = this.e.facts;
      this.hexIndexCache = new Map(Array.from(hexQ, (q, h) => [hexKey(q, hexR[h]), h]));
    }
    return this.hexIndexCache;
  }

  private features(table: GapTable): GapFeature[] {
    const e = this.e, cs = this.cs;
    const res = {
      id: cs.id, name_zh: cs.name_zh, name_en: cs.name_en, threshold_m: cs.threshold_m, search_limit_m: this.limit, cohort: cs.cohort,
      circle: cs.circle, standard: standardLabel(cs),
    } as unknown as CategoryResult;
    const communities = e.facts.communityIds.map((id, c) => ({ id, name: e.facts.communityNames[c], name_en: e.facts.communityNamesEn[c] }));
    return gapFeatures({ gaps: table, categories: { [cs.id]: res }, communities } as unknown as AnalysisResult, cs.id);
  }

  /** The plan with the candidate at (lon, lat). `dist` is this session's buffer: read it before the next move. */
  move(lon: number, lat: number): LiveUpdate {
    const t0 = performance.now();
    const e = this.e, g = e.graph, p = e.facts, cs = this.cs, thr = cs.threshold_m;
    for (const i of this.changed) this.dist[i] = this.baseDist[i];
    this.changed = [];
    const nc = p.communityIds.length;
    const cov = Float64Array.from(this.baseCov);
    const byCohort = Object.fromEntries(COHORTS.map((k) => [k, 0])) as Record<Cohort, number>;
    const gainedBy = new Float64Array(nc + 1);
    let gainedBuildings = 0, load = 0;
    const snap = Number.isFinite(lon) && Number.isFinite(lat) ? e.snapPoint(lon, lat) : null;
    let iso: LiveUpdate['isochrone'] = null;
    if (snap?.ref) {
      fillSeeds(this.seeds, g, this.costs, [[snap.ref]]);
      e.searcher.run(this.costs, this.seeds.node, this.seeds.dist, this.seeds.src, this.seeds.count, this.limit);
      e.reach.forEach(e.searcher, this.costs, this.seeds, this.limit, (i, d) => {
        if (d >= this.baseDist[i]) return;
        this.dist[i] = d;
        this.changed.push(i);
        const wi = this.w[i];
        load += wi;
        if (d <= thr && !(this.baseDist[i] <= thr)) {
          const c = p.buildingCommunity[i];
          if (c >= 0) { cov[c] += wi; gainedBy[c] += wi; }
          cov[nc] += wi;
          gainedBy[nc] += wi;
          gainedBuildings++;
          for (const k of COHORTS) byCohort[k] += p.cohorts[k][i];
        }
      });
      const band = isochrone(e, this.costs, e.searcher, this.seeds, { limits: [thr] }).bands[0];
      if (band && band.polygons.length) {
        iso = {
          type: 'Feature',
          geometry: { type: 'MultiPolygon', coordinates: e.toLonLatPolygons(band.polygons) },
          properties: { minutes: 0, metres: Math.round(thr), profile: this.costs.profile.id, origin: `candidate ${this.changeId}` },
        };
      }
    }
    // Cars are derived from households when the table sets a ratio, so "gained" follows the cohort weights.
    if (cs.cohort === 'cars') byCohort.cars = gainedBy[nc];
    const mk = (k: number): Coverage => ({ target: this.tgt[k], covered: cov[k], share: this.tgt[k] > 0 ? cov[k] / this.tgt[k] : 1 });
    const byCommunity: Record<string, Coverage> = {};
    const gainedByCommunity: Record<string, number> = {};
    for (let c = 0; c < nc; c++) {
      byCommunity[p.communityIds[c]] = mk(c);
      gainedByCommunity[p.communityIds[c]] = gainedBy[c];
    }
    return {
      category: cs.id, changeId: this.changeId, position: [lon, lat], snapped: !!snap?.ref, reason: snap?.reason ?? 'invalid_coordinates',
      dist: this.dist, district: mk(nc), byCommunity,
      gained: { total: gainedBy[nc], byCommunity: gainedByCommunity, byCohort, buildings: gainedBuildings },
      gaps: this.gaps(), isochrone: iso, load, ms: performance.now() - t0,
    };
  }

  /** The base gap features with the hexagons holding changed buildings recomputed. */
  private gaps(): GapFeature[] {
    const stamp = ++this.moves;
    const hexOf = this.e.facts.hexOf;
    const buildings: number[] = [];
    for (const i of this.changed) {
      const h = hexOf[i];
      if (h < 0 || this.hexStamp[h] === stamp) continue;
      this.hexStamp[h] = stamp;
      for (let k = this.hexStart[h]; k < this.hexStart[h + 1]; k++) buildings.push(this.hexIds[k]);
    }
    if (buildings.length === 0) return this.baseGaps;
    const out: GapFeature[] = [];
    for (let k = 0; k < this.baseGaps.length; k++) if (this.hexStamp[this.baseGapHex[k]] !== stamp) out.push(this.baseGaps[k]);
    for (const f of this.features(this.gapTable(this.dist, buildings).table)) out.push(f);
    return out;
  }
}

function hexKey(q: number, r: number): number {
  return (q + 1048576) * 2097152 + (r + 1048576);
}
