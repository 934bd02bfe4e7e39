// What a plan changes against another (usually the baseline): coverage per category, district and
// community, the target population newly brought within the standard or newly left out (by cohort
// and community), indicators with pass/fail before and after, and the parking deficit.

import { weights, type AnalysisResult, type IndicatorRow } from '../analysis/coverage.ts';
import type { Standards } from '../analysis/standards.ts';
import type { Engine } from '../engine.ts';
import { COHORTS, type CategoryId, type Cohort } from '../model/dataset.ts';

export interface ShareDelta {
  before: number;
  after: number;
  delta: number;
}

export interface CategoryChange {
  id: CategoryId;
  cohort: Cohort;
  district: { covered: ShareDelta; share: ShareDelta; target: number };
  byCommunity: Record<string, { covered: ShareDelta; share: ShareDelta; target: number }>;
  /** Target cohort newly within the threshold, and newly beyond it (a removed or moved facility). */
  gained: number;
  lost: number;
  /** Everyone in the buildings that gained, by cohort (people, households, children, elderly, cars). */
  gainedByCohort: Record<Cohort, number>;
  gainedByCommunity: Record<string, number>;
  /** Buildings whose walk got shorter, and longer. */
  closer: number;
  farther: number;
}

export interface IndicatorChange {
  scope: string;
  id: string;
  before: number | null;
  after: number | null;
  delta: number | null;
  passBefore: boolean | null;
  passAfter: boolean | null;
}

export interface PlanComparison {
  categories: Partial<Record<CategoryId, CategoryChange>>;
  indicators: IndicatorChange[];
  parkingDeficit: ShareDelta;
}

const d = (before: number, after: number): ShareDelta => ({ before, after, delta: after - before });

export function comparePlans(e: Engine, std: Standards, before: AnalysisResult, after: AnalysisResult): PlanComparison {
  const p = e.facts;
  const categories: PlanComparison['categories'] = {};
  for (const id of Object.keys(after.categories) as CategoryId[]) {
    const a = after.categories[id]!, b = before.categories[id];
    if (!b) continue;
    const w = weights(p, std, a.cohort);
    const gainedByCohort = Object.fromEntries(COHORTS.map((k) => [k, 0])) as Record<Cohort, number>;
    const gainedByCommunity: Record<string, number> = Object.fromEntries(p.communityIds.map((c) => [c, 0]));
    let gained = 0, lost = 0, closer = 0, farther = 0;
    for (let i = 0; i < a.dist.length; i++) {
      const db = b.dist[i], da = a.dist[i];
      if (da < db) closer++;
      else if (da > db) farther++;
      const inB = db <= b.threshold_m, inA = da <= a.threshold_m;
      if (inA === inB) continue;
      if (inA) {
        gained += w[i];
        for (const k of COHORTS) gainedByCohort[k] += p.cohorts[k][i];
        const c = p.buildingCommunity[i];
        if (c >= 0) gainedByCommunity[p.communityIds[c]] += w[i];
      } else lost += w[i];
    }
    const byCommunity: CategoryChange['byCommunity'] = {};
    for (const c of Object.keys(a.byCommunity)) {
      const ca = a.byCommunity[c], cb = b.byCommunity[c];
      byCommunity[c] = { covered: d(cb?.covered ?? 0, ca.covered), share: d(cb?.share ?? 0, ca.share), target: ca.target };
    }
    categories[id] = {
      id, cohort: a.cohort,
      district: { covered: d(b.district.covered, a.district.covered), share: d(b.district.share, a.district.share), target: a.district.target },
      byCommunity, gained, lost, gainedByCohort, gainedByCommunity, closer, farther,
    };
  }
  const key = (r: IndicatorRow) => `${r.scope}|${r.id}`;
  const old = new Map(before.indicators.map((r) => [key(r), r]));
  const indicators = after.indicators.map((r): IndicatorChange => {
    const o = old.get(key(r));
    const bv = o?.value ?? null;
    return {
      scope: r.scope, id: r.id, before: bv, after: r.value, delta: bv !== null && r.value !== null ? r.value - bv : null,
      passBefore: o?.pass ?? null, passAfter: r.pass,
    };
  });
  return { categories, indicators, parkingDeficit: d(before.parkingDeficit.district, after.parkingDeficit.district) };
}
