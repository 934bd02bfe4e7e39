// Network edits as an overlay on the immutable base graph: extra nodes and edges (new paths,
// crossings, gates), join points where they meet an existing edge, and closed base edges (closed
// streets and gates). Nothing in the base graph changes and nothing is rebuilt; the searches read
// base plus overlay through the `Costs` the engine hands out, so every consumer respects an edit
// without changing its call.
//
// How the search sees it. The base search runs over junctions, each degree-2 chain one arc, and
// fills chain interiors from the two ends. An overlay keeps that: a join point partway along a
// chain is an "injection" node with arcs to the chain's ends (and to the chain's other injections),
// and a chain interior is filled as min(from A, from B, from each injection). A closed edge cuts its
// chain into pieces: the junction arc goes, each piece is reached only from its own ends and
// injections. Base values are computed by the same expressions as without an overlay, and overlay
// candidates win only when better by more than EPS, so a walk that cannot use an edit keeps its
// baseline distance to the bit.

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

/** An overlay route must beat the base one by more than this (metre-equivalents) to count. */
export const OVERLAY_EPS = 1e-6;

/** Something that finds the nearest open base edge (the engine's EdgeIndex with a filter). */
export type BaseSnapper = (x: number, y: number, zone: number, maxDist: number, accept: (e: number) => boolean) => OverlaySnap | null;

/** A touched chain: its pieces between closed edges and the injections on it. */
export interface ChainInfo {
  /** Piece of each chain position (0 = chainA, k+1 = chainB). */
  pieceOfPos: Int32Array;
  lastPiece: number;
  /** Injection nodes on the chain, in walking order from chainA, and their pieces. */
  inj: Uint32Array;
  injPiece: Int32Array;
  /** Whether the chain has a closed edge (its junction arc is cut). */
  cut: boolean;
}

/** Node at chain position i. */
function nodeAtPos(g: Graph, c: number, i: number): number {
  const k = g.chainStart[c + 1] - g.chainStart[c];
  return i === 0 ? g.chainA[c] : i === k + 1 ? g.chainB[c] : g.chainStart[c] + i - 1;
}

/**
 * Position of edge e in its chain (edge i joins positions i and i+1) and whether its edgeU is at
 * position i (so t from edgeU runs the chain's way).
 */
export function edgePos(g: Graph, c: number, e: number): { i: number; forward: boolean } {
  const k = g.chainStart[c + 1] - g.chainStart[c];
  let i = k;
  for (const n of [g.edgeU[e], g.edgeV[e]]) {
    if (g.chainOf[n] === c && g.inEdge[n] === e) i = n - g.chainStart[c];
  }
  return { i, forward: g.edgeU[e] === nodeAtPos(g, c, i) };
}

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
  /** Per overlay node: the chain it is injected into (-1: none), the chain edge position and fraction along it. */
  readonly xChain: Int32Array;
  readonly xPos: Int32Array;
  readonly xFrac: Float64Array;
  /** Per overlay node: the base edge it joins partway along, -1 for other nodes. */
  readonly xSplitEdge: Int32Array;
  /** 1 where an overlay node sits on an arterial (crossing penalties apply there). */
  readonly xArterial: Uint8Array;
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
  /** Join points partway along base edges, sorted by t (from edgeU). */
  readonly splits: Map<number, { t: Float64Array; node: Uint32Array }>;
  readonly splitEdges: Uint32Array;
  /** Closed base edges. */
  readonly disabledEdges: Uint32Array;
  /** 1 for chains with a closed edge or an injection; their details in `chains`. */
  readonly chainTouched: Uint8Array;
  readonly chains: Map<number, ChainInfo>;
  /** Extra adjacency: node -> slot (-1 for none); arcs of slot s are arcStart[s] .. arcStart[s+1]-1. */
  readonly slot: Int32Array;
  readonly arcStart: Uint32Array;
  readonly arcTarget: Uint32Array;
  /** Arc kind: 0 an added edge (arcP = edge), 1 injection to chainA, 2 to chainB, 3 between injections arcP and arcQ. */
  readonly arcKind: Uint8Array;
  readonly arcP: Uint32Array;
  readonly arcQ: Uint32Array;
  private resnapCache = new Map<number, OverlaySnap | null>();
  private unionCache: NetworkOverlay | null = null;

  constructor(private g: Graph, private snapper: BaseSnapper, private snapLimit: number, private parts: OverlayParts) {
    const N = g.nodeCount;
    this.baseNodes = N;
    this.baseEdges = g.edgeCount;
    const X = parts.xX.length;
    this.nodeCount = N + X;
    this.xX = Float64Array.from(parts.xX);
    this.xY = Float64Array.from(parts.xY);
    this.xChain = Int32Array.from(parts.xChain);
    this.xPos = Int32Array.from(parts.xPos);
    this.xFrac = Float64Array.from(parts.xFrac);
    this.xSplitEdge = Int32Array.from(parts.xSplitEdge);
    this.xArterial = Uint8Array.from(parts.xArterial);
    this.xU = Uint32Array.from(parts.xU);
    this.xV = Uint32Array.from(parts.xV);
    this.xLen = Float32Array.from(parts.xLen);
    this.xClass = Uint8Array.from(parts.xClass);
    this.xZone = Int32Array.from(parts.xZone);
    this.xPenalty = Float32Array.from(parts.xPenalty);
    this.edgeFlag = new Uint8Array(g.edgeCount);
    for (const e of parts.disabled) this.edgeFlag[e] |= EDGE_DISABLED;
    this.disabledEdges = Uint32Array.from(parts.disabled);
    this.splits = new Map();
    for (const [e, list] of parts.splits) {
      list.sort((a, b) => a.t - b.t);
      this.splits.set(e, { t: Float64Array.from(list.map((q) => q.t)), node: Uint32Array.from(list.map((q) => q.node)) });
      this.edgeFlag[e] |= EDGE_SPLIT;
    }
    this.splitEdges = Uint32Array.from(parts.splits.keys());

    // Touched chains: pieces between closed edges, injections in walking order.
    this.chainTouched = new Uint8Array(g.chainCount);
    const cutPos = new Map<number, number[]>();
    for (const e of parts.disabled) {
      const c = chainOfEdge(g, e);
      this.chainTouched[c] = 1;
      const list = cutPos.get(c) ?? [];
      list.push(edgePos(g, c, e).i);
      cutPos.set(c, list);
    }
    const injOf = new Map<number, number[]>();
    for (let x = 0; x < X; x++) {
      const c = this.xChain[x];
      if (c < 0) continue;
      this.chainTouched[c] = 1;
      const list = injOf.get(c) ?? [];
      list.push(N + x);
      injOf.set(c, list);
    }
    this.chains = new Map();
    for (let c = 0; c < g.chainCount; c++) {
      if (!this.chainTouched[c]) continue;
      const k = g.chainStart[c + 1] - g.chainStart[c];
      const cuts = new Set(cutPos.get(c) ?? []);
      const pieceOfPos = new Int32Array(k + 2);
      let piece = 0;
      for (let i = 0; i <= k + 1; i++) {
        pieceOfPos[i] = piece;
        if (cuts.has(i)) piece++;
      }
      const inj = (injOf.get(c) ?? []).sort((a, b) => this.xPos[a - N] - this.xPos[b - N] || this.xFrac[a - N] - this.xFrac[b - N]);
      this.chains.set(c, {
        pieceOfPos, lastPiece: pieceOfPos[k + 1], inj: Uint32Array.from(inj),
        injPiece: Int32Array.from(inj.map((s) => pieceOfPos[this.xPos[s - N]])), cut: cuts.size > 0,
      });
    }

    // The extra adjacency: added edges, injections to their chain's ends and to each other.
    const from: number[] = [], to: number[] = [], kind: number[] = [], pa: number[] = [], qa: number[] = [];
    const arc = (a: number, b: number, kd: number, p: number, q: number) => {
      from.push(a); to.push(b); kind.push(kd); pa.push(p); qa.push(q);
    };
    for (let x = 0; x < this.xU.length; x++) {
      arc(this.xU[x], this.xV[x], 0, x, 0);
      arc(this.xV[x], this.xU[x], 0, x, 0);
    }
    for (const [c, info] of this.chains) {
      for (let j = 0; j < info.inj.length; j++) {
        const s = info.inj[j], pc = info.injPiece[j];
        if (pc === 0) { arc(s, g.chainA[c], 1, s, 0); arc(g.chainA[c], s, 1, s, 0); }
        if (pc === info.lastPiece) { arc(s, g.chainB[c], 2, s, 0); arc(g.chainB[c], s, 2, s, 0); }
        if (j > 0 && info.injPiece[j - 1] === pc) {
          const r = info.inj[j - 1];
          arc(r, s, 3, r, s);
          arc(s, r, 3, r, s);
        }
      }
    }
    this.slot = new Int32Array(this.nodeCount).fill(-1);
    let slots = 0;
    const count: number[] = [];
    for (const a of from) {
      if (this.slot[a] < 0) { this.slot[a] = slots++; count.push(0); }
      count[this.slot[a]]++;
    }
    this.arcStart = new Uint32Array(slots + 1);
    for (let q = 0; q < slots; q++) this.arcStart[q + 1] = this.arcStart[q] + count[q];
    const fill = this.arcStart.slice(0, slots);
    const n = from.length;
    this.arcTarget = new Uint32Array(n);
    this.arcKind = new Uint8Array(n);
    this.arcP = new Uint32Array(n);
    this.arcQ = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const at = fill[this.slot[from[k]]]++;
      this.arcTarget[at] = to[k];
      this.arcKind[at] = kind[k];
      this.arcP[at] = pa[k];
      this.arcQ[at] = qa[k];
    }
  }

  /**
   * The same overlay with its closed edges left open: every walk of the base network and of the
   * edited one is a walk here, which bounds where an edit can change anything.
   */
  union(): NetworkOverlay {
    if (this.disabledEdges.length === 0) return this;
    this.unionCache ??= new NetworkOverlay(this.g, this.snapper, this.snapLimit, { ...this.parts, disabled: new Set() });
    return this.unionCache;
  }

  /** Whether the overlay changes anything at all. */
  get empty(): boolean {
    return this.xU.length === 0 && this.disabledEdges.length === 0;
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
    let r = this.resnapCache.get(key);
    if (r === undefined) {
      const g = this.g;
      const u = g.edgeU[edge], v = g.edgeV[edge];
      const x = g.x[u] + t * (g.x[v] - g.x[u]), y = g.y[u] + t * (g.y[v] - g.y[u]);
      r = this.snap(x, y, g.edgeZone[edge], this.snapLimit);
      this.resnapCache.set(key, r);
    }
    return r && { edge: r.edge, t: r.t, offset: r.offset + offset };
  }

  /** Nearest open edge (base or overlay) of a zone, as the engine snaps buildings. */
  snap(x: number, y: number, zone: number, maxDist: number): OverlaySnap | null {
    const flags = this.edgeFlag, g = this.g;
    let best = this.snapper(x, y, zone, maxDist, (e) => g.edgeZone[e] === zone && !(flags[e] & EDGE_DISABLED));
    for (let k = 0; k < this.xU.length; k++) {
      if (this.xZone[k] !== zone) continue;
      const f = footOn(x, y, this.nodeX(this.xU[k]), this.nodeY(this.xU[k]), this.nodeX(this.xV[k]), this.nodeY(this.xV[k]));
      if (f.d <= maxDist && (!best || f.d < best.offset)) best = { edge: this.baseEdges + k, t: f.t, offset: f.d };
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
  xX: number[]; xY: number[]; xChain: number[]; xPos: number[]; xFrac: number[]; xSplitEdge: number[]; xArterial: number[];
  xU: number[]; xV: number[]; xLen: number[]; xClass: number[]; xZone: number[]; xPenalty: number[];
  disabled: Set<number>;
  splits: Map<number, Array<{ t: number; node: number }>>;
}

/** Nodes closer than this to an edge's end join that end rather than splitting the edge, metres. */
const END_JOIN_M = 0.25;

/**
 * Collects edits in the metric plane, then builds the overlay. Closures go first, so that later
 * joins never attach to a closed edge.
 */
export class OverlayBuilder {
  private p: OverlayParts;
  /** Overlay node standing for a chain interior node that something joins. */
  private alias = new Map<number, number>();
  constructor(private g: Graph, private snapper: BaseSnapper, private snapLimit: number) {
    this.p = {
      xX: [], xY: [], xChain: [], xPos: [], xFrac: [], xSplitEdge: [], xArterial: [],
      xU: [], xV: [], xLen: [], xClass: [], xZone: [], xPenalty: [],
      disabled: new Set(), splits: new Map(),
    };
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

  /** A new free-standing node (a path's vertex, a new gate). */
  addNode(x: number, y: number): number {
    return this.pushNode(x, y, -1, 0, 0, -1, 0);
  }

  private pushNode(x: number, y: number, chain: number, pos: number, frac: number, splitEdge: number, arterial: number): number {
    const p = this.p;
    p.xX.push(x); p.xY.push(y); p.xChain.push(chain); p.xPos.push(pos); p.xFrac.push(frac);
    p.xSplitEdge.push(splitEdge); p.xArterial.push(arterial);
    return this.g.nodeCount + p.xX.length - 1;
  }

  addEdge(a: number, b: number, cls: number, zone: number, penalty: number): number {
    // The search queues only junctions and overlay nodes: a chain interior must be joined through joinBase.
    for (const n of [a, b]) if (n < this.g.nodeCount && n >= this.g.junctionCount) throw new Error(`overlay edge on chain interior node ${n}`);
    const p = this.p;
    p.xU.push(a);
    p.xV.push(b);
    p.xLen.push(Math.hypot(this.nodeX(a) - this.nodeX(b), this.nodeY(a) - this.nodeY(b)));
    p.xClass.push(cls);
    p.xZone.push(zone);
    p.xPenalty.push(penalty);
    return this.g.edgeCount + p.xU.length - 1;
  }

  /** Nearest open edge of a zone, base or added so far. */
  snap(x: number, y: number, zone: number, maxDist: number): OverlaySnap | null {
    const g = this.g, disabled = this.p.disabled;
    let best = this.snapper(x, y, zone, maxDist, (e) => g.edgeZone[e] === zone && !disabled.has(e));
    for (let k = 0; k < this.p.xU.length; k++) {
      if (this.p.xZone[k] !== zone) continue;
      const a = this.p.xU[k], b = this.p.xV[k];
      const f = footOn(x, y, this.nodeX(a), this.nodeY(a), this.nodeX(b), this.nodeY(b));
      if (f.d <= maxDist && (!best || f.d < best.offset)) best = { edge: g.edgeCount + k, t: f.t, offset: f.d };
    }
    return best;
  }

  /**
   * The node for a base node something joins: a junction is itself; a chain interior node gets an
   * overlay node injected at its place, so the chain stays contracted for the search.
   */
  joinBase(n: number): number {
    const g = this.g;
    if (n < g.junctionCount) return n;
    let a = this.alias.get(n);
    if (a === undefined) {
      const c = g.chainOf[n];
      a = this.pushNode(g.x[n], g.y[n], c, n - g.chainStart[c] + 1, 0, -1, g.arterialNode[n]);
      this.alias.set(n, a);
    }
    return a;
  }

  /** The node at a snapped point: an edge end when the point is at one, otherwise a new join node. */
  nodeAt(s: OverlaySnap): number {
    const g = this.g;
    if (s.edge >= g.edgeCount) {
      const k = s.edge - g.edgeCount, p = this.p;
      const a = p.xU[k], b = p.xV[k], L = p.xLen[k];
      if (s.t * L <= END_JOIN_M) return a;
      if ((1 - s.t) * L <= END_JOIN_M) return b;
      // Split the added edge in two; its penalty stays on the first half.
      const n = this.addNode(this.nodeX(a) + s.t * (this.nodeX(b) - this.nodeX(a)), this.nodeY(a) + s.t * (this.nodeY(b) - this.nodeY(a)));
      p.xV[k] = n;
      p.xLen[k] = Math.hypot(this.nodeX(a) - this.nodeX(n), this.nodeY(a) - this.nodeY(n));
      this.addEdge(n, b, p.xClass[k], p.xZone[k], 0);
      return n;
    }
    const e = s.edge, L = g.edgeLen[e];
    if (s.t * L <= END_JOIN_M) return this.joinBase(g.edgeU[e]);
    if ((1 - s.t) * L <= END_JOIN_M) return this.joinBase(g.edgeV[e]);
    let list = this.p.splits.get(e);
    if (!list) this.p.splits.set(e, (list = []));
    for (const sp of list) if (Math.abs(sp.t - s.t) * L <= END_JOIN_M) return sp.node;
    const u = g.edgeU[e], v = g.edgeV[e];
    const c = chainOfEdge(g, e);
    const { i, forward } = edgePos(g, c, e);
    const n = this.pushNode(g.x[u] + s.t * (g.x[v] - g.x[u]), g.y[u] + s.t * (g.y[v] - g.y[u]), c, i, forward ? s.t : 1 - s.t, e,
      isArterialClass(g.edgeClass[e]) ? 1 : 0);
    list.push({ t: s.t, node: n });
    return n;
  }

  build(): NetworkOverlay {
    return new NetworkOverlay(this.g, this.snapper, this.snapLimit, this.p);
  }
}

export const CODE_FOOTWAY = CLASS_CODE.get('footway')!;
export const CODE_CROSSING = CLASS_CODE.get('crossing')!;

/** What the searches need of an overlay under one profile. */
export interface OverlayCosts {
  ov: NetworkOverlay;
  /** Cost of each extra arc. */
  arcCost: Float64Array;
  /** Per overlay node: its cost offset from chainA along its chain (injections only). */
  injOff: Float64Array;
}

/**
 * The costs of a profile with an overlay: base edge costs (closed edges Infinity) followed by the
 * added edges', junction arcs of cut chains removed, and the extra adjacency priced.
 */
export function overlayCosts(g: Graph, base: Costs, ov: NetworkOverlay, profile: WalkProfile): Costs {
  const E = g.edgeCount, X = ov.xU.length, N = g.nodeCount;
  const edgeCost = new Float32Array(E + X);
  edgeCost.set(base.edgeCost);
  for (const e of ov.disabledEdges) edgeCost[e] = Infinity;
  const half = Math.max(0, profile.crossing_penalty_m) / 2;
  const stepsFactor = Math.max(1, profile.steps_factor);
  const arterialAt = (n: number) => (n < N ? g.arterialNode[n] === 1 : ov.xArterial[n - N] === 1);
  for (let x = 0; x < X; x++) {
    let c = ov.xLen[x];
    if (ov.xClass[x] === CODE_STEPS) c *= stepsFactor;
    if (half > 0) {
      if (arterialAt(ov.xU[x])) c += half;
      if (arterialAt(ov.xV[x])) c += half;
    }
    edgeCost[E + x] = c + ov.xPenalty[x];
  }
  let jArcCost = base.jArcCost;
  for (const info of ov.chains.values()) {
    if (!info.cut) continue;
    if (jArcCost === base.jArcCost) jArcCost = base.jArcCost.slice();
    break;
  }
  if (jArcCost !== base.jArcCost) {
    for (let a = 0; a < jArcCost.length; a++) {
      const c = g.jChain[a];
      if (ov.chainTouched[c] && ov.chains.get(c)!.cut) jArcCost[a] = Infinity;
    }
  }
  const injOff = new Float64Array(ov.xX.length);
  for (let x = 0; x < injOff.length; x++) {
    const c = ov.xChain[x];
    if (c < 0) continue;
    const i = ov.xPos[x];
    const k = g.chainStart[c + 1] - g.chainStart[c];
    const offAt = i === 0 ? 0 : base.nodeOff[g.chainStart[c] + i - 1];
    const f = ov.xFrac[x];
    if (f === 0) { injOff[x] = offAt; continue; }
    const e = i < k ? g.inEdge[g.chainStart[c] + i] : g.chainLastEdge[c];
    injOff[x] = offAt + f * base.edgeCost[e];
  }
  const arcCost = new Float64Array(ov.arcKind.length);
  for (let a = 0; a < arcCost.length; a++) {
    const p = ov.arcP[a];
    switch (ov.arcKind[a]) {
      case 0: arcCost[a] = edgeCost[E + p]; break;
      case 1: arcCost[a] = injOff[p - N]; break;
      case 2: arcCost[a] = base.chainCost[ov.xChain[p - N]] - injOff[p - N]; break;
      default: arcCost[a] = injOff[ov.arcQ[a] - N] - injOff[p - N];
    }
  }
  return { ...base, profile, edgeCost, jArcCost, overlay: { ov, arcCost, injOff } };
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
