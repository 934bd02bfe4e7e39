// Walking profiles turn metres into effort: steps cost more, crossing an arterial costs a wait.
import type { Graph } from './graph.ts';
import { CODE_STEPS, isArterialClass } from './network.ts';

export interface WalkProfile {
  id: string;
  name_zh: string;
  name_en: string;
  speed_m_per_min: number;
  /** Multiplier on the length of steps. */
  steps_factor: number;
  /** Metres added for crossing an arterial: half on entering a node on an arterial from a side street, half on leaving. */
  crossing_penalty_m: number;
}

export interface Costs {
  profile: WalkProfile;
  /** Cost of walking edge e end to end, in metre-equivalents. */
  edgeCost: Float32Array;
  /** The same, laid out per CSR arc for the search's inner loop. */
  arcCost: Float32Array;
}

export function makeCosts(g: Graph, profile: WalkProfile): Costs {
  const edgeCost = new Float32Array(g.edgeCount);
  const half = Math.max(0, profile.crossing_penalty_m) / 2;
  const stepsFactor = Math.max(1, profile.steps_factor);
  for (let e = 0; e < g.edgeCount; e++) {
    let c = g.edgeLen[e];
    if (g.edgeClass[e] === CODE_STEPS) c *= stepsFactor;
    if (half > 0 && !isArterialClass(g.edgeClass[e])) {
      if (g.arterialNode[g.edgeU[e]]) c += half;
      if (g.arterialNode[g.edgeV[e]]) c += half;
    }
    edgeCost[e] = c;
  }
  const arcCost = new Float32Array(g.targets.length);
  for (let a = 0; a < arcCost.length; a++) arcCost[a] = edgeCost[g.arcEdge[a]];
  return { profile, edgeCost, arcCost };
}

export const DEFAULT_PROFILE: WalkProfile = {
  id: 'default', name_zh: '一般步行', name_en: 'Adult walking', speed_m_per_min: 60, steps_factor: 1.5, crossing_penalty_m: 0,
};
