// Walking profiles turn metres into effort: steps cost more, crossing an arterial costs a wait.
import type { Graph } from './graph.ts';
import type { OverlayCosts } from './overlay.ts';
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
  source?: string;
}

export interface Costs {
  profile: WalkProfile;
  /** Cost of walking edge e end to end, in metre-equivalents. */
  edgeCost: Float32Array;
  /** Cost from a chain's A end to each interior node (0 for junctions). */
  nodeOff: Float64Array;
  /** Cost of each chain end to end. */
  chainCost: Float64Array;
  /** Chain costs laid out per junction arc for the search's inner loop. */
  jArcCost: Float64Array;
  /**
   * A scenario's network edits (see overlay.ts): with one, edgeCost also covers the added edges,
   * cut chains' junction arcs cost Infinity and the overlay's extra adjacency is priced.
   */
  overlay?: OverlayCosts;
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
  const nodeOff = new Float64Array(g.nodeCount);
  const chainCost = new Float64Array(g.chainCount);
  for (let c = 0; c < g.chainCount; c++) {
    let acc = 0;
    for (let v = g.chainStart[c]; v < g.chainStart[c + 1]; v++) {
      acc += edgeCost[g.inEdge[v]];
      nodeOff[v] = acc;
    }
    chainCost[c] = acc + edgeCost[g.chainLastEdge[c]];
  }
  const jArcCost = new Float64Array(g.jChain.length);
  for (let a = 0; a < jArcCost.length; a++) jArcCost[a] = chainCost[g.jChain[a]];
  return { profile, edgeCost, nodeOff, chainCost, jArcCost };
}

export const DEFAULT_PROFILE: WalkProfile = {
  id: 'default', name_zh: '一般步行', name_en: 'Adult walking', speed_m_per_min: 60, steps_factor: 1.5, crossing_penalty_m: 0,
};
