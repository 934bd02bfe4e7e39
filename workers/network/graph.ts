// Streets -> walking graph in CSR form. Lines join only where they share a vertex (OSM semantics:
// a crossing without a shared vertex is a bridge or a tunnel). Nodes are renumbered along a Hilbert
// curve so that nodes near in space are near in memory, which is what makes the search fast.
// The arrays are never mutated after the build: scenario overlays read them, they don't change them.

import { isArterialClass, isWalkableClass, type StreetArrays } from './network.ts';

export interface Graph {
  nodeCount: number;
  edgeCount: number;
  /** Node coordinates in metres. */
  x: Float64Array;
  y: Float64Array;
  /** CSR: arcs of node n are offsets[n] .. offsets[n+1]-1. Every edge appears as two arcs. */
  offsets: Uint32Array;
  targets: Uint32Array;
  arcEdge: Uint32Array;
  edgeU: Uint32Array;
  edgeV: Uint32Array;
  edgeLen: Float32Array;
  edgeClass: Uint8Array;
  edgeZone: Int32Array;
  /** Connected component per node; components are numbered by size, 0 the largest. */
  component: Int32Array;
  componentSize: Uint32Array;
  /** 1 where a node touches an arterial road: crossing penalties apply there. */
  arterialNode: Uint8Array;
  /**
   * Contraction of degree-2 chains. Nodes 0..junctionCount-1 are junctions (degree ≠ 2); the rest
   * are chain interiors, stored contiguously per chain in walking order from chainA to chainB.
   * The search runs over junctions and chains only, then fills interiors in one linear sweep.
   */
  junctionCount: number;
  chainCount: number;
  chainA: Uint32Array;
  chainB: Uint32Array;
  /** Interior nodes of chain c are chainStart[c] .. chainStart[c+1]-1. */
  chainStart: Uint32Array;
  /** The chain's last edge, into chainB. */
  chainLastEdge: Uint32Array;
  /** Per node: its chain (-1 for junctions) and the edge it is entered by from the chainA side. */
  chainOf: Int32Array;
  inEdge: Int32Array;
  /** Junction-level CSR: arcs of junction j are jOffsets[j] .. jOffsets[j+1]-1, each along one chain. */
  jOffsets: Uint32Array;
  jTargets: Uint32Array;
  jChain: Uint32Array;
  stats: { segmentsSkipped: number; duplicateVertices: number };
  /** Edges of street line k are lineEdgeStart[k] .. lineEdgeStart[k+1]-1 (none for unwalkable lines). */
  lineEdgeStart: Uint32Array;
  /** Street feature id per line (empty when the input carried none). */
  lineIds: string[];
}

/** Open-addressing hash from centimetre-quantised coordinates to node ids. */
class VertexTable {
  private keysX: Int32Array;
  private keysY: Int32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;
  constructor(capacity: number) {
    // Sized on vertex count: shared vertices make the distinct count lower, so the load stays under 2/3.
    let n = 16;
    while (n < capacity * 1.5) n <<= 1;
    this.keysX = new Int32Array(n);
    this.keysY = new Int32Array(n);
    this.vals = new Int32Array(n).fill(-1);
    this.mask = n - 1;
  }
  /** Node id for the vertex, creating one if new. */
  get(x: number, y: number): number {
    const qx = Math.round(x * 100) | 0, qy = Math.round(y * 100) | 0;
    let h = (Math.imul(qx, 73856093) ^ Math.imul(qy, 19349663)) & this.mask;
    for (;;) {
      const v = this.vals[h];
      if (v === -1) {
        this.keysX[h] = qx;
        this.keysY[h] = qy;
        this.vals[h] = this.size;
        return this.size++;
      }
      if (this.keysX[h] === qx && this.keysY[h] === qy) return v;
      h = (h + 1) & this.mask;
    }
  }
}

export function buildGraph(s: StreetArrays): Graph {
  const lineCount = s.lineClass.length;
  const vertexCount = s.xy.length / 2;
  const table = new VertexTable(vertexCount);
  const vertexNode = new Int32Array(vertexCount).fill(-1);
  let maxEdges = 0;
  for (let k = 0; k < lineCount; k++) {
    if (isWalkableClass(s.lineClass[k]) && !s.lineFootNo[k]) maxEdges += s.lineStart[k + 1] - s.lineStart[k] - 1;
  }
  const eu = new Uint32Array(maxEdges), ev = new Uint32Array(maxEdges);
  const elen = new Float32Array(maxEdges), ecls = new Uint8Array(maxEdges), ezone = new Int32Array(maxEdges);
  let m = 0, skipped = 0, dup = 0;
  const xy = s.xy;
  const lineEdgeStart = new Uint32Array(lineCount + 1);
  for (let k = 0; k < lineCount; k++) {
    lineEdgeStart[k] = m;
    if (!isWalkableClass(s.lineClass[k]) || s.lineFootNo[k]) continue;
    const a = s.lineStart[k], b = s.lineStart[k + 1];
    for (let i = a; i < b; i++) {
      const x = xy[2 * i], y = xy[2 * i + 1];
      if (Number.isFinite(x) && Number.isFinite(y)) vertexNode[i] = table.get(x, y);
    }
    for (let i = a; i + 1 < b; i++) {
      const p = vertexNode[i], q = vertexNode[i + 1];
      if (p < 0 || q < 0) { skipped++; continue; }
      if (p === q) { dup++; continue; }
      const len = Math.hypot(xy[2 * i + 2] - xy[2 * i], xy[2 * i + 3] - xy[2 * i + 1]);
      eu[m] = p; ev[m] = q; elen[m] = len; ecls[m] = s.lineClass[k]; ezone[m] = s.lineZone[k];
      m++;
    }
  }
  lineEdgeStart[lineCount] = m;
  const n = table.size;
  const rawX = new Float64Array(n), rawY = new Float64Array(n);
  for (let i = 0; i < vertexCount; i++) {
    const v = vertexNode[i];
    if (v >= 0) { rawX[v] = xy[2 * i]; rawY[v] = xy[2 * i + 1]; }
  }

  // Stage 1: Hilbert ranks and a first CSR, enough to find the degree-2 chains.
  const order = hilbertOrder(rawX, rawY);
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]] = i;
  for (let e = 0; e < m; e++) { eu[e] = rank[eu[e]]; ev[e] = rank[ev[e]]; }
  const csr1 = buildCsr(n, m, eu, ev);
  const chains = findChains(n, csr1.offsets, csr1.targets, csr1.arcEdge);

  // Stage 2: final ids, junctions first (in Hilbert order), then each chain's interior in walking order.
  const finalId = new Uint32Array(n);
  let next = 0;
  for (let v = 0; v < n; v++) if (chains.isJunction[v]) finalId[v] = next++;
  const junctionCount = next;
  const chainCount = chains.count;
  const chainStart = new Uint32Array(chainCount + 1);
  for (let c = 0; c < chainCount; c++) {
    chainStart[c] = next;
    for (let k = chains.interiorStart[c]; k < chains.interiorStart[c + 1]; k++) finalId[chains.interior[k]] = next++;
  }
  chainStart[chainCount] = next;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let v = 0; v < n; v++) { x[finalId[v]] = rawX[order[v]]; y[finalId[v]] = rawY[order[v]]; }
  const edgeU = new Uint32Array(m), edgeV = new Uint32Array(m);
  for (let e = 0; e < m; e++) { edgeU[e] = finalId[eu[e]]; edgeV[e] = finalId[ev[e]]; }
  const { offsets, targets, arcEdge } = buildCsr(n, m, edgeU, edgeV);
  const chainOf = new Int32Array(n).fill(-1), inEdge = new Int32Array(n).fill(-1);
  const chainA = new Uint32Array(chainCount), chainB = new Uint32Array(chainCount), chainLastEdge = new Uint32Array(chainCount);
  for (let c = 0; c < chainCount; c++) {
    chainA[c] = finalId[chains.a[c]];
    chainB[c] = finalId[chains.b[c]];
    chainLastEdge[c] = chains.lastEdge[c];
    for (let k = chains.interiorStart[c]; k < chains.interiorStart[c + 1]; k++) {
      const v = finalId[chains.interior[k]];
      chainOf[v] = c;
      inEdge[v] = chains.inEdge[k];
    }
  }
  // The junction graph is a CSR whose "edges" are the chains.
  const { offsets: jOffsets, targets: jTargets, arcEdge: jChain } = buildCsr(junctionCount, chainCount, chainA, chainB);

  const arterialNode = new Uint8Array(n);
  for (let e = 0; e < m; e++) {
    if (isArterialClass(ecls[e])) { arterialNode[edgeU[e]] = 1; arterialNode[edgeV[e]] = 1; }
  }
  const { component, componentSize } = components(junctionCount, jOffsets, jTargets, n, chainOf, chainA);
  return {
    nodeCount: n, edgeCount: m, x, y, offsets, targets, arcEdge, edgeU, edgeV,
    edgeLen: elen.slice(0, m), edgeClass: ecls.slice(0, m), edgeZone: ezone.slice(0, m),
    component, componentSize, arterialNode, stats: { segmentsSkipped: skipped, duplicateVertices: dup },
    junctionCount, chainCount, chainA, chainB, chainStart, chainLastEdge, chainOf, inEdge, jOffsets, jTargets, jChain,
    lineEdgeStart, lineIds: s.lineIds ?? [],
  };
}

function buildCsr(n: number, m: number, eu: Uint32Array, ev: Uint32Array) {
  const offsets = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) { offsets[eu[e] + 1]++; offsets[ev[e] + 1]++; }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const targets = new Uint32Array(2 * m), arcEdge = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const u = eu[e], v = ev[e];
    targets[fill[u]] = v; arcEdge[fill[u]++] = e;
    targets[fill[v]] = u; arcEdge[fill[v]++] = e;
  }
  return { offsets, targets, arcEdge };
}

/**
 * Walks every maximal path of degree-2 nodes between junctions. A node is a junction unless it has
 * exactly two arcs to two different neighbours; a ring with no junction gets one of its nodes promoted.
 */
function findChains(n: number, offsets: Uint32Array, targets: Uint32Array, arcEdge: Uint32Array) {
  const isJunction = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    const deg = offsets[v + 1] - offsets[v];
    isJunction[v] = deg !== 2 || targets[offsets[v]] === targets[offsets[v] + 1] ? 1 : 0;
  }
  const arcUsed = new Uint8Array(targets.length);
  const assigned = new Uint8Array(n);
  // At most one chain per edge and one interior slot per node.
  const m = targets.length / 2;
  const a = new Uint32Array(m), b = new Uint32Array(m), lastEdge = new Uint32Array(m), interiorStart = new Uint32Array(m + 1);
  const interior = new Uint32Array(n), inEdge = new Int32Array(n);
  let chains = 0, used = 0;
  const walkFrom = (j: number) => {
    for (let arc = offsets[j]; arc < offsets[j + 1]; arc++) {
      if (arcUsed[arc]) continue;
      arcUsed[arc] = 1;
      let prev = j, edge = arcEdge[arc], cur = targets[arc];
      while (!isJunction[cur]) {
        assigned[cur] = 1;
        interior[used] = cur;
        inEdge[used++] = edge;
        const a0 = offsets[cur];
        const nextArc = arcEdge[a0] === edge ? a0 + 1 : a0;
        arcUsed[a0] = 1; arcUsed[a0 + 1] = 1;
        prev = cur;
        edge = arcEdge[nextArc];
        cur = targets[nextArc];
      }
      // Mark the arc by which the chain enters its far junction, so the walk is not repeated from there.
      for (let back = offsets[cur]; back < offsets[cur + 1]; back++) {
        if (arcEdge[back] === edge && targets[back] === prev && !arcUsed[back]) { arcUsed[back] = 1; break; }
      }
      a[chains] = j; b[chains] = cur; lastEdge[chains] = edge;
      interiorStart[++chains] = used;
    }
  };
  for (let v = 0; v < n; v++) if (isJunction[v]) walkFrom(v);
  for (let v = 0; v < n; v++) {
    if (!isJunction[v] && !assigned[v]) {
      isJunction[v] = 1;
      walkFrom(v);
    }
  }
  return {
    isJunction, count: chains, a, b, lastEdge, interiorStart, interior, inEdge,
  };
}

/** Node order along a Hilbert curve over the bounding box: 32-bit keys, two 16-bit radix passes. */
function hilbertOrder(xs: Float64Array, ys: Float64Array): Uint32Array {
  const n = xs.length;
  if (n === 0) return new Uint32Array(0);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    if (xs[i] < minX) minX = xs[i]; if (xs[i] > maxX) maxX = xs[i];
    if (ys[i] < minY) minY = ys[i]; if (ys[i] > maxY) maxY = ys[i];
  }
  const side = 65535;
  const sx = side / Math.max(maxX - minX, 1e-9), sy = side / Math.max(maxY - minY, 1e-9);
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = hilbert(16, Math.floor((xs[i] - minX) * sx), Math.floor((ys[i] - minY) * sy));
  let order = new Uint32Array(n), tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((keys[order[i]] >>> shift) & 0xffff) + 1]++;
    for (let b = 0; b < 65536; b++) count[b + 1] += count[b];
    for (let i = 0; i < n; i++) tmp[count[(keys[order[i]] >>> shift) & 0xffff]++] = order[i];
    [order, tmp] = [tmp, order];
  }
  return order;
}

/** Distance along a Hilbert curve of order `bits` (classic xy2d rotation form). */
function hilbert(bits: number, x: number, y: number): number {
  let d = 0;
  // Unsigned arithmetic: 16-bit coordinates give keys up to 2^32 - 1.
  for (let s = 1 << (bits - 1); s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d = (d + s * s * ((3 * rx) ^ ry)) >>> 0;
    if (ry === 0) {
      if (rx === 1) { x = s - 1 - x; y = s - 1 - y; }
      const t = x; x = y; y = t;
    }
  }
  return d;
}

/** Components of the junction graph; a chain's interior belongs to its ends' component. */
function components(J: number, offsets: Uint32Array, targets: Uint32Array, n: number, chainOf: Int32Array, chainA: Uint32Array) {
  const raw = new Int32Array(J).fill(-1);
  const queue = new Uint32Array(J);
  const sizes: number[] = [];
  for (let s = 0; s < J; s++) {
    if (raw[s] !== -1) continue;
    const c = sizes.length;
    let head = 0, tail = 0;
    queue[tail++] = s;
    raw[s] = c;
    while (head < tail) {
      const u = queue[head++];
      for (let a = offsets[u]; a < offsets[u + 1]; a++) {
        const v = targets[a];
        if (raw[v] === -1) { raw[v] = c; queue[tail++] = v; }
      }
    }
    sizes.push(tail);
  }
  const component = new Int32Array(n);
  for (let v = 0; v < J; v++) component[v] = raw[v];
  for (let v = J; v < n; v++) {
    const c = raw[chainA[chainOf[v]]];
    component[v] = c;
    sizes[c]++;
  }
  const bySize = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const renum = new Int32Array(sizes.length);
  bySize.forEach((old, i) => { renum[old] = i; });
  for (let v = 0; v < n; v++) component[v] = renum[component[v]];
  return { component, componentSize: new Uint32Array(bySize.map((old) => sizes[old])) };
}
