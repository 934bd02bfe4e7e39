// What the siting studio asks of the engine and gets back: live drag updates and suggested sites.

import type { CategoryId, Cohort, Position } from '../model/dataset.ts';
import type { Coverage, GapFeature } from '../analysis/coverage.ts';
import type { IsochroneFeature } from '../engine.ts';

/** The per-frame answer while a candidate moves: exact for coverage and distances; 2SFCA and load wait for the drop. */
export interface LiveUpdate {
  category: CategoryId;
  changeId: string;
  position: Position;
  /** False when the point cannot join the network (too far, a compound with no paths, bad coordinates). */
  snapped: boolean;
  reason: string;
  /** Per building: walking metres to the nearest facility of the category with the candidate here (Infinity beyond the limit). */
  dist: Float64Array;
  district: Coverage;
  byCommunity: Record<string, Coverage>;
  /** Target cohort newly within the threshold compared with the plan without this candidate. */
  gained: { total: number; byCommunity: Record<string, number>; byCohort: Record<Cohort, number>; buildings: number };
  /** The category's gap hexagons with the candidate here. */
  gaps: GapFeature[];
  /** The candidate's own walking area at the category threshold. */
  isochrone: IsochroneFeature | null;
  /** Target cohort for whom the candidate would be the nearest facility (its service area). */
  load: number;
  ms: number;
}

export type SuggestMethod = 'mclp' | 'lscp' | 'pmedian' | 'capacitated';

export interface SuggestRequest {
  category: CategoryId;
  method: SuggestMethod;
  /** Sites to choose (mclp, pmedian, capacitated); lscp chooses as many as it needs, up to `maxSites`. */
  k: number;
  maxSites?: number;
  /** Candidate locations: the dataset's `sites` layer, and/or points on the network inside a drawn area. */
  useSites: boolean;
  area?: Position[] | null;
  /** Spacing of network points sampled inside `area`, metres. */
  spacing_m?: number;
  /** Capacity of each new facility (capacitated), in the category's unit; defaults from the quota. */
  capacity?: number | null;
  /** Wall-clock budget for the exact solver, seconds. */
  timeLimitS?: number;
}

export interface SuggestedSite {
  rank: number;
  position: Position;
  site_id: string | null;
  /** Marginal gain when added in rank order: covered target (mclp/lscp/capacitated) or walking reduction (pmedian, cohort·m). */
  gain: number;
}

export interface SuggestResult {
  category: CategoryId;
  method: SuggestMethod;
  picks: SuggestedSite[];
  candidates: number;
  /** Target cohort within the threshold before and after adding the picks (all methods). */
  coveredBefore: number;
  coveredAfter: number;
  target: number;
  /** Objective of the picks; for pmedian total weighted walk (lower is better). */
  objective: number;
  /** Best proven bound on the optimum (upper for maximising, lower for minimising). */
  bound: number;
  /** |bound - objective| / max(|bound|, 1e-9): 0 means proven optimal. */
  optimality_gap: number;
  /** How the bound was obtained. */
  proof: 'exact' | 'mip_bound' | 'lp_bound' | 'trivial';
  /** Demand the candidates cannot reach at all (lscp cannot cover it with any site). */
  uncoverable: number;
  ms: number;
  cancelled: boolean;
}

export interface SuggestProgress {
  phase: 'candidates' | 'coverage' | 'heuristic' | 'solver';
  done: number;
  total: number;
}
