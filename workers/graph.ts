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
  stats: { segmentsSkipped: number; duplicateVertices: number };
}

/** Open-addressing hash from centimetre-quantised coordinates to node ids. */
class VertexTable {
  private keysX: Int32Array;
  private keysY: Int32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;
  constructor(capacity: number) {
    let n = 16;
    while (n < capacity * 2) n <<= 1;
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
  for (let k = 0; k < lineCount; k++) {
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
  const n = table.size;
  const rawX = new Float64Array(n), rawY = new Float64Array(n);
  for (let i = 0; i < vertexCount; i++) {
    const v = vertexNode[i];
    if (v >= 0) { rawX[v] = xy[2 * i]; rawY[v] = xy[2 * i + 1]; }
  }

  const order = hilbertOrder(rawX, rawY);
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]] = i;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = rawX[order[i]]; y[i] = rawY[order[i]]; }
  const edgeU = new Uint32Array(m), edgeV = new Uint32Array(m);
  for (let e = 0; e < m; e++) { edgeU[e] = rank[eu[e]]; edgeV[e] = rank[ev[e]]; }

  const offsets = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) { offsets[edgeU[e] + 1]++; offsets[edgeV[e] + 1]++; }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const targets = new Uint32Array(2 * m), arcEdge = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const u = edgeU[e], v = edgeV[e];
    targets[fill[u]] = v; arcEdge[fill[u]++] = e;
    targets[fill[v]] = u; arcEdge[fill[v]++] = e;
  }
  const arterialNode = new Uint8Array(n);
  for (let e = 0; e < m; e++) {
    if (isArterialClass(ecls[e])) { arterialNode[edgeU[e]] = 1; arterialNode[edgeV[e]] = 1; }
  }
  const { component, componentSize } = components(n, offsets, targets);
  return {
    nodeCount: n, edgeCount: m, x, y, offsets, targets, arcEdge, edgeU, edgeV,
    edgeLen: elen.slice(0, m), edgeClass: ecls.slice(0, m), edgeZone: ezone.slice(0, m),
    component, componentSize, arterialNode, stats: { segmentsSkipped: skipped, duplicateVertices: dup },
  };
}

/** Node order along a Hilbert curve over the bounding box, via one numeric sort of packed keys. */
function hilbertOrder(xs: Float64Array, ys: Float64Array): Uint32Array {
  const n = xs.length;
  const order = new Uint32Array(n);
  if (n === 0) return order;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    if (xs[i] < minX) minX = xs[i]; if (xs[i] > maxX) maxX = xs[i];
    if (ys[i] < minY) minY = ys[i]; if (ys[i] > maxY) maxY = ys[i];
  }
  const idBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const bits = Math.min(16, Math.floor((53 - idBits) / 2));
  const side = (1 << bits) - 1;
  const sx = side / Math.max(maxX - minX, 1e-9), sy = side / Math.max(maxY - minY, 1e-9);
  const keys = new Float64Array(n);
  const shift = 2 ** idBits;
  for (let i = 0; i < n; i++) {
    const h = hilbert(bits, Math.floor((xs[i] - minX) * sx), Math.floor((ys[i] - minY) * sy));
    keys[i] = h * shift + i;
  }
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i] % shift;
  return order;
}

/** Distance along a Hilbert curve of order `bits` (classic xy2d rotation form). */
function hilbert(bits: number, x: number, y: number): number {
  let d = 0;
  for (let s = 1 << (bits - 1); s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) { x = s - 1 - x; y = s - 1 - y; }
      const t = x; x = y; y = t;
    }
  }
  return d;
}

function components(n: number, offsets: Uint32Array, targets: Uint32Array) {
  const raw = new Int32Array(n).fill(-1);
  const queue = new Uint32Array(n);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
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
  const bySize = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const renum = new Int32Array(sizes.length);
  bySize.forEach((old, i) => { renum[old] = i; });
  const component = new Int32Array(n);
  for (let i = 0; i < n; i++) component[i] = renum[raw[i]];
  const componentSize = new Uint32Array(bySize.map((old) => sizes[old]));
  return { component, componentSize };
}
