// Network edits as an overlay on the immutable base graph: extra nodes and edges (new paths,
// crossings, gates, and the points where they join an existing edge), disabled base edges (closed
// streets and gates). Nothing in the base graph changes and nothing is rebuilt; the searches read
// base plus overlay through the `Costs` the engine hands out, so every consumer respects an edit
// without changing its call.
//
// How the search sees it: every degree-2 chain that holds a disabled edge or a join point is
// "touched": its junction arc is cut (cost Infinity) and its nodes become ordinary queue nodes linked
// edge by edge through an extra adjacency, together with the new nodes and edges. Untouched chains
// keep their contracted arcs, so an edit changes distances only where a walk can use it.

import type { Graph } from './graph.ts';
import { CLASS_CODE, CODE_STEPS, isArterialClass } from './network.ts';
import type { Costs, WalkProfile } from './profile.ts';
import { segmentT } from '../model/geo.ts';

/** Where a point meets the walkable network (base or overlay), in the overlay's edge numbering. */
export interface OverlaySnap {
  edge: number;
  t: number;
  offset: number;
}

/** Flag bits per base edge. */
export const EDGE_DISABLED = 1;
export const EDGE_SPLIT = 2;

/** Something that finds the nearest open base edge (the engine's EdgeIndex with a filter). */
export type BaseSnapper = (x: number, y: number, zone: number, maxDist: number, accept: (e: number) => boolean) => OverlaySnap | null;

/** The finished overlay: topology only; profile-dependent costs come from `overlayCosts`. */
export class NetworkOverlay {
  /** Base node and edge counts: overlay nodes and edges are numbered from these on. */
  readonly baseNodes: number;
  readonly baseEdges: number;
  /** Total node count (base + overlay). */
  readonly nodeCount: number;
  /** Overlay nodes' coordinates (index = node - baseNodes). */
  readonly xX: Float64Array;
  readonly xY: Float64Array;
  /** Overlay edges (index = edge - baseEdges). */
  readonly xU: Uint32Array;
  readonly xV: Uint32Array;
  readonly xLen: Float32Array;
  readonly xClass: Uint8Array;
  readonly xZone: Int32Array;
  /** Added once to the edge's cost, metres (a crossing's wait, a footbridge's stairs). */
  readonly xPenalty: Float32Array;
  /** Per base edge: EDGE_DISABLED | EDGE_SPLIT bits. */
  readonly edgeFlag: Uint8Array;
  /** Join points on base edges, sorted by t. */
  readonly splits: Map<number, { t: Float64Array; node: Uint32Array }>;
  /** Base edges with join points, for consumers that scan them. */
  readonly splitEdges: Uint32Array;
  /** 1 for chains whose nodes are searched one by one through the extra adjacency. */
  readonly chainTouched: Uint8Array;
  /** Extra adjacency: node -> slot (-1 for none); arcs of slot s are arcStart[s] .. arcStart[s+1]-1. */
  readonly slot: Int32Array;
  readonly arcStart: Uint32Array;
  readonly arcTarget: Uint32Array;
  /** Each arc walks fraction arcFrac of edge arcEdge (base or overlay numbering). */
  readonly arcEdge: Uint32Array;
  readonly arcFrac: Float64Array;
  /** 1 where an overlay node sits on an arterial (a join point on an arterial edge). */
  readonly xArterial: Uint8Array;
  /** Per overlay node: the base edge it joins partway along, -1 for other nodes. */
  readonly xSplitEdge: Int32Array;
  /** Closed base edges. */
  readonly disabledEdges: Uint32Array;
  /** Openings in walls for isochrones: the dataset's gates less the closed ones, plus new open gates. */
  readonly gaps: Float64Array;
  /** Points whose base edge is closed, joined to the nearest open edge instead (cache). */
  private resnapCache = new Map<number, OverlaySnap | null>();

  constructor(private g: Graph, private snapper: BaseSnapper, private snapLimit: number, parts: OverlayParts) {
    this.baseNodes = g.nodeCount;
    this.baseEdges = g.edgeCount;
    this.nodeCount = g.nodeCount + parts.xX.length;
    this.xX = Float64Array.from(parts.xX);
    this.xY = Float64Array.from(parts.xY);
    this.xU = Uint32Array.from(parts.xU);
    this.xV = Uint32Array.from(parts.xV);
    this.xLen = Float32Array.from(parts.xLen);
    this.xClass = Uint8Array.from(parts.xClass);
    this.xZone = Int32Array.from(parts.xZone);
    this.xPenalty = Float32Array.from(parts.xPenalty);
    this.edgeFlag = new Uint8Array(g.edgeCount);
    for (const e of parts.disabled) this.edgeFlag[e] |= EDGE_DISABLED;
    this.splits = new Map();
    this.xArterial = new Uint8Array(parts.xX.length);
    this.xSplitEdge = new Int32Array(parts.xX.length).fill(-1);
    this.disabledEdges = Uint32Array.from(parts.disabled);
    for (const [e, list] of parts.splits) {
      for (const sp of list) this.xSplitEdge[sp.node - g.nodeCount] = e;
      list.sort((a, b) => a.t - b.t);
      this.splits.set(e, { t: Float64Array.from(list.map((s) => s.t)), node: Uint32Array.from(list.map((s) => s.node)) });
      this.edgeFlag[e] |= EDGE_SPLIT;
      if (isArterialClass(g.edgeClass[e])) for (const s of list) this.xArterial[s.node - g.nodeCount] = 1;
    }
    this.splitEdges = Uint32Array.from(parts.splits.keys());
    this.gaps = Float64Array.from(parts.gaps);

    // Touched chains: those holding a closed edge or a join point.
    this.chainTouched = new Uint8Array(g.chainCount);
    for (const e of parts.disabled) this.chainTouched[chainOfEdge(g, e)] = 1;
    for (const e of parts.splits.keys()) this.chainTouched[chainOfEdge(g, e)] = 1;
    // A chain interior node that an added edge joins must be searched on its own too.
    for (const n of [...parts.xU, ...parts.xV]) if (n < g.nodeCount && g.chainOf[n] >= 0) this.chainTouched[g.chainOf[n]] = 1;

    // The extra adjacency as arc lists, then CSR by slot.
    const from: number[] = [], to: number[] = [], edge: number[] = [], frac: number[] = [];
    const arc = (a: number, b: number, e: number, f: number) => {
      from.push(a, b); to.push(b, a); edge.push(e, e); frac.push(f, f);
    };
    for (let c = 0; c < g.chainCount; c++) {
      if (!this.chainTouched[c]) continue;
      let prev = g.chainA[c];
      for (let v = g.chainStart[c]; v < g.chainStart[c + 1]; v++) {
        const e = g.inEdge[v];
        if (!(this.edgeFlag[e] & EDGE_DISABLED)) arc(prev, v, e, 1);
        prev = v;
      }
      const last = g.chainLastEdge[c];
      if (!(this.edgeFlag[last] & EDGE_DISABLED)) arc(prev, g.chainB[c], last, 1);
    }
    for (const [e, s] of this.splits) {
      if (this.edgeFlag[e] & EDGE_DISABLED) continue;
      let prev = g.edgeU[e], pt = 0;
      for (let k = 0; k < s.t.length; k++) {
        arc(prev, s.node[k], e, s.t[k] - pt);
        prev = s.node[k];
        pt = s.t[k];
      }
      arc(prev, g.edgeV[e], e, 1 - pt);
    }
    for (let x = 0; x < this.xU.length; x++) arc(this.xU[x], this.xV[x], g.edgeCount + x, 1);

    this.slot = new Int32Array(this.nodeCount).fill(-1);
    let slots = 0;
    const count: number[] = [];
    for (const a of from) {
      if (this.slot[a] < 0) { this.slot[a] = slots++; count.push(0); }
      count[this.slot[a]]++;
    }
    this.arcStart = new Uint32Array(slots + 1);
    for (let s = 0; s < slots; s++) this.arcStart[s + 1] = this.arcStart[s] + count[s];
    const fill = this.arcStart.slice(0, slots);
    this.arcTarget = new Uint32Array(from.length);
    this.arcEdge = new Uint32Array(from.length);
    this.arcFrac = new Float64Array(from.length);
    for (let k = 0; k < from.length; k++) {
      const p = fill[this.slot[from[k]]]++;
      this.arcTarget[p] = to[k];
      this.arcEdge[p] = edge[k];
      this.arcFrac[p] = frac[k];
    }
  }

  /** Whether the overlay changes anything at all. */
  get empty(): boolean {
    return this.xU.length === 0 && this.splits.size === 0 && !this.edgeFlag.some((f) => f !== 0);
  }

  nodeX(n: number): number {
    return n < this.baseNodes ? this.g.x[n] : this.xX[n - this.baseNodes];
  }
  nodeY(n: number): number {
    return n < this.baseNodes ? this.g.y[n] : this.xY[n - this.baseNodes];
  }
  edgeU(e: number): number {
    return e < this.baseEdges ? this.g.edgeU[e] : this.xU[e - this.baseEdges];
  }
  edgeV(e: number): number {
    return e < this.baseEdges ? this.g.edgeV[e] : this.xV[e - this.baseEdges];
  }
  edgeLen(e: number): number {
    return e < this.baseEdges ? this.g.edgeLen[e] : this.xLen[e - this.baseEdges];
  }
  edgeZone(e: number): number {
    return e < this.baseEdges ? this.g.edgeZone[e] : this.xZone[e - this.baseEdges];
  }
  disabled(e: number): boolean {
    return e < this.baseEdges && (this.edgeFlag[e] & EDGE_DISABLED) !== 0;
  }

  /**
   * A point whose base edge is closed joins the nearest open edge of the same zone instead: a closed
   * street is closed to walking along it, not to the doors on it. The straight walk from the old foot
   * to the new one is added to its offset. Null when no open edge is within the snap limit.
   */
  resnap(edge: number, t: number, offset: number): OverlaySnap | null {
    const key = edge * 16777216 + Math.round(t * 16777215);
    if (this.resnapCache.has(key)) {
      const r = this.resnapCache.get(key)!;
      return r && { edge: r.edge, t: r.t, offset: r.offset + offset };
    }
    const g = this.g;
    const u = g.edgeU[edge], v = g.edgeV[edge];
    const x = g.x[u] + t * (g.x[v] - g.x[u]), y = g.y[u] + t * (g.y[v] - g.y[u]);
    const r = this.snap(x, y, g.edgeZone[edge], this.snapLimit);
    this.resnapCache.set(key, r);
    return r && { edge: r.edge, t: r.t, offset: r.offset + offset };
  }

  /** Nearest open edge (base or overlay) of a zone, as the engine snaps buildings. */
  snap(x: number, y: number, zone: number, maxDist: number): OverlaySnap | null {
    const flags = this.edgeFlag, g = this.g;
    let best = this.snapper(x, y, zone, maxDist, (e) => g.edgeZone[e] === zone && !(flags[e] & EDGE_DISABLED));
    for (let k = 0; k < this.xU.length; k++) {
      if (this.xZone[k] !== zone) continue;
      const s = footOn(x, y, this.nodeX(this.xU[k]), this.nodeY(this.xU[k]), this.nodeX(this.xV[k]), this.nodeY(this.xV[k]));
      if (s.d <= maxDist && (!best || s.d < best.offset)) best = { edge: this.baseEdges + k, t: s.t, offset: s.d };
    }
    return best;
  }
}

/** Foot of the perpendicular from (px, py) on segment a-b: position t and distance. */
export function footOn(px: number, py: number, ax: number, ay: number, bx: number, by: number): { t: number; d: number } {
  const t = segmentT(px, py, ax, ay, bx, by);
  return { t, d: Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay))) };
}

/** The chain an edge belongs to. */
export function chainOfEdge(g: Graph, e: number): number {
  const u = g.edgeU[e], v = g.edgeV[e];
  if (g.chainOf[u] >= 0) return g.chainOf[u];
  if (g.chainOf[v] >= 0) return g.chainOf[v];
  for (let a = g.jOffsets[u]; a < g.jOffsets[u + 1]; a++) {
    const c = g.jChain[a];
    if (g.chainStart[c] === g.chainStart[c + 1] && g.chainLastEdge[c] === e) return c;
  }
  throw new Error(`edge ${e} belongs to no chain`);
}

interface OverlayParts {
  xX: number[]; xY: number[];
  xU: number[]; xV: number[]; xLen: number[]; xClass: number[]; xZone: number[]; xPenalty: number[];
  disabled: Set<number>;
  splits: Map<number, Array<{ t: number; node: number }>>;
  gaps: number[];
}

/** Nodes closer than this to an edge's end join that end rather than splitting the edge, metres. */
const END_JOIN_M = 0.25;

/**
 * Collects edits in the metric plane, then builds the overlay. Closures go first, so that later
 * joins never attach to a closed edge.
 */
export class OverlayBuilder {
  private p: OverlayParts;
  constructor(private g: Graph, private snapper: BaseSnapper, private snapLimit: number, gaps: Float64Array) {
    this.p = {
      xX: [], xY: [], xU: [], xV: [], xLen: [], xClass: [], xZone: [], xPenalty: [],
      disabled: new Set(), splits: new Map(), gaps: Array.from(gaps),
    };
  }

  get edgeCount(): number {
    return this.g.edgeCount + this.p.xU.length;
  }

  nodeX(n: number): number {
    return n < this.g.nodeCount ? this.g.x[n] : this.p.xX[n - this.g.nodeCount];
  }
  nodeY(n: number): number {
    return n < this.g.nodeCount ? this.g.y[n] : this.p.xY[n - this.g.nodeCount];
  }

  closeEdge(e: number): void {
    this.p.disabled.add(e);
  }

  isClosed(e: number): boolean {
    return this.p.disabled.has(e);
  }

  /** Removes an isochrone opening at (x, y) (a closed gate). */
  closeGap(x: number, y: number): void {
    const gaps = this.p.gaps;
    for (let k = 0; k < gaps.length; k += 2) {
      if (Math.hypot(gaps[k] - x, gaps[k + 1] - y) < 0.05) { gaps.splice(k, 2); return; }
    }
  }

  openGap(x: number, y: number): void {
    this.p.gaps.push(x, y);
  }

  addNode(x: number, y: number): number {
    this.p.xX.push(x);
    this.p.xY.push(y);
    return this.g.nodeCount + this.p.xX.length - 1;
  }

  addEdge(a: number, b: number, cls: number, zone: number, penalty: number): number {
    this.p.xU.push(a);
    this.p.xV.push(b);
    this.p.xLen.push(Math.hypot(this.nodeX(a) - this.nodeX(b), this.nodeY(a) - this.nodeY(b)));
    this.p.xClass.push(cls);
    this.p.xZone.push(zone);
    this.p.xPenalty.push(penalty);
    return this.g.edgeCount + this.p.xU.length - 1;
  }

  /** Nearest open edge of a zone, base or added so far. */
  snap(x: number, y: number, zone: number, maxDist: number): OverlaySnap | null {
    const g = this.g, disabled = this.p.disabled;
    let best = this.snapper(x, y, zone, maxDist, (e) => g.edgeZone[e] === zone && !disabled.has(e));
    for (let k = 0; k < this.p.xU.length; k++) {
      if (this.p.xZone[k] !== zone) continue;
      const a = this.p.xU[k], b = this.p.xV[k];
      const s = footOn(x, y, this.nodeX(a), this.nodeY(a), this.nodeX(b), this.nodeY(b));
      if (s.d <= maxDist && (!best || s.d < best.offset)) best = { edge: g.edgeCount + k, t: s.t, offset: s.d };
    }
    return best;
  }

  /** The node at a snapped point: an edge end when the point is at one, otherwise a new join node. */
  nodeAt(s: OverlaySnap): number {
    const g = this.g;
    if (s.edge >= g.edgeCount) {
      const k = s.edge - g.edgeCount;
      const a = this.p.xU[k], b = this.p.xV[k], L = this.p.xLen[k];
      if (s.t * L <= END_JOIN_M) return a;
      if ((1 - s.t) * L <= END_JOIN_M) return b;
      // Split the added edge in two; its penalty stays on the first half.
      const n = this.addNode(this.nodeX(a) + s.t * (this.nodeX(b) - this.nodeX(a)), this.nodeY(a) + s.t * (this.nodeY(b) - this.nodeY(a)));
      this.p.xV[k] = n;
      this.p.xLen[k] = s.t * L;
      this.addEdge(n, b, this.p.xClass[k], this.p.xZone[k], 0);
      return n;
    }
    const e = s.edge, L = g.edgeLen[e];
    if (s.t * L <= END_JOIN_M) return g.edgeU[e];
    if ((1 - s.t) * L <= END_JOIN_M) return g.edgeV[e];
    let list = this.p.splits.get(e);
    if (!list) this.p.splits.set(e, (list = []));
    for (const sp of list) if (Math.abs(sp.t - s.t) * L <= END_JOIN_M) return sp.node;
    const u = g.edgeU[e], v = g.edgeV[e];
    const n = this.addNode(g.x[u] + s.t * (g.x[v] - g.x[u]), g.y[u] + s.t * (g.y[v] - g.y[u]));
    list.push({ t: s.t, node: n });
    return n;
  }

  build(): NetworkOverlay {
    return new NetworkOverlay(this.g, this.snapper, this.snapLimit, this.p);
  }
}

export const CODE_FOOTWAY = CLASS_CODE.get('footway')!;
export const CODE_CROSSING = CLASS_CODE.get('crossing')!;

/**
 * The costs of a profile with an overlay: base edge costs (closed edges Infinity) followed by the
 * added edges', junction arcs of touched chains cut, and the extra adjacency's arc costs.
 */
export function overlayCosts(g: Graph, base: Costs, ov: NetworkOverlay, profile: WalkProfile): Costs {
  const E = g.edgeCount, X = ov.xU.length;
  const edgeCost = new Float32Array(E + X);
  edgeCost.set(base.edgeCost);
  for (let e = 0; e < E; e++) if (ov.edgeFlag[e] & EDGE_DISABLED) edgeCost[e] = Infinity;
  const half = Math.max(0, profile.crossing_penalty_m) / 2;
  const stepsFactor = Math.max(1, profile.steps_factor);
  const arterialAt = (n: number) => (n < g.nodeCount ? g.arterialNode[n] === 1 : ov.xArterial[n - g.nodeCount] === 1);
  for (let x = 0; x < X; x++) {
    let c = ov.xLen[x];
    if (ov.xClass[x] === CODE_STEPS) c *= stepsFactor;
    if (half > 0) {
      if (arterialAt(ov.xU[x])) c += half;
      if (arterialAt(ov.xV[x])) c += half;
    }
    edgeCost[E + x] = c + ov.xPenalty[x];
  }
  const jArcCost = base.jArcCost.slice();
  for (let a = 0; a < jArcCost.length; a++) if (ov.chainTouched[g.jChain[a]]) jArcCost[a] = Infinity;
  const arcCost = new Float64Array(ov.arcEdge.length);
  for (let a = 0; a < arcCost.length; a++) arcCost[a] = ov.arcFrac[a] * edgeCost[ov.arcEdge[a]];
  return { ...base, profile, edgeCost, jArcCost, overlay: { ov, arcCost } };
}

/** Node ids and costs along an edge for consumers that walk edges (base or overlay numbering). */
export function edgeEnds(g: Graph, costs: Costs, e: number): { u: number; v: number } {
  const ov = costs.overlay?.ov;
  if (!ov || e < g.edgeCount) return { u: g.edgeU[e], v: g.edgeV[e] };
  return { u: ov.xU[e - g.edgeCount], v: ov.xV[e - g.edgeCount] };
}


/** The dataset's compound gates: id `<compound>/<index into its gates>`, zone and position. */
export interface GateTable {
  ids: string[];
  index: Map<string, number>;
  zone: Int32Array;
  xy: Float64Array;
}

export function gateTable(zones: { index: Map<string, number> }, compounds: Array<{ id: string; gates: Array<[number, number]> }>): GateTable {
  const ids: string[] = [], zone: number[] = [], xy: number[] = [];
  for (const c of compounds) {
    const z = zones.index.get(c.id);
    if (z === undefined) continue;
    c.gates.forEach((p, k) => {
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return;
      ids.push(`${c.id}/${k}`);
      zone.push(z);
      xy.push(p[0], p[1]);
    });
  }
  return { ids, index: new Map(ids.map((id, i) => [id, i])), zone: Int32Array.from(zone), xy: Float64Array.from(xy) };
}
