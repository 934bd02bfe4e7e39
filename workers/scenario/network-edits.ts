// A scenario's network edits (new paths and crossings, closed streets, new gates, gate states and
// hours at the scenario's time of day) turned into an overlay on the engine's base graph. Each
// change is checked on its own; one that cannot apply (a path whose ends touch nothing, a gate off
// every wall, an unknown street or gate) is refused with a message and leaves the overlay as if it
// were absent.

import type { Engine } from '../engine.ts';
import type { Position } from '../model/dataset.ts';
import { toXY } from '../model/geo.ts';
import { zoneAt } from '../network/network.ts';
import {
  CODE_CROSSING, CODE_FOOTWAY, footOn, OverlayBuilder, overlayCosts, type NetworkOverlay, type OverlaySnap,
} from '../network/overlay.ts';
import type { Change, GateHours, PathType, Scenario } from './types.ts';
import type { Standards } from '../analysis/standards.ts';
import type { WalkProfile } from '../network/profile.ts';
import { servingCategories, type FacilitySet } from '../analysis/facilities.ts';
import { weights } from '../analysis/coverage.ts';
import { fillSeeds, makeSeeds, pointDistance, type Seeds, type SnapRef } from '../routing/access.ts';
import { makeCosts, type Costs } from '../network/profile.ts';

/** A path's end joins a street (or a path of the compound it lies in) within this, metres. */
export const END_SNAP_M = 25;
/** A path's end this close to a gate joins the gate itself. */
export const GATE_JOIN_M = 10;
/** A new gate this close to a compound's outline is put on it; farther is refused. */
export const WALL_SNAP_M = 5;
/** A new gate joins the compound's paths and the public streets within this. */
export const GATE_LINK_M = 150;
export const MAX_PENALTY_M = 1000;
export const MAX_PATH_M = 5000;
export const MIN_PATH_M = 1;
/** Two gates closer than this are the same gate. */
const SAME_GATE_M = 2;

export const NETWORK_KINDS = ['path_add', 'way_close', 'gate_add', 'gate_state', 'gate_hours'] as const;
export type NetworkChange = Extract<Change, { kind: (typeof NETWORK_KINDS)[number] }>;
const PATH_TYPES: PathType[] = ['footpath', 'footbridge', 'underpass', 'crossing'];

export function isNetworkChange(c: Change): c is NetworkChange {
  return (NETWORK_KINDS as readonly string[]).includes(c.kind);
}

export interface EditProblem {
  change: string;
  message: string;
}

/** "HH:MM" to minutes after midnight; `allow24` accepts "24:00" (a closing time). Null when malformed. */
export function parseClock(s: unknown, allow24 = false): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]), min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && (!allow24 || min !== 0))) return null;
  return h * 60 + min;
}

export function hoursProblem(h: GateHours | null): string | null {
  if (h === null) return null;
  if (typeof h !== 'object') return 'opening hours must be {open, close}';
  if (parseClock(h.open) === null) return `opening time "${String(h.open)}" is not HH:MM`;
  if (parseClock(h.close, true) === null) return `closing time "${String(h.close)}" is not HH:MM`;
  if (parseClock(h.open) === parseClock(h.close, true)! % 1440) return 'opening and closing times are the same';
  return null;
}

/** Whether a gate with these hours is open at `minute` (after midnight). Hours may span midnight. */
export function openAt(h: GateHours, minute: number): boolean {
  const o = parseClock(h.open)!, c = parseClock(h.close, true)!;
  return o < c ? minute >= o && minute < c : minute >= o || minute < c;
}

function validPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])
    && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;
}

/** Proper or touching intersection of segments ab and cd. */
function segmentsMeet(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => {
    const v = (qx - px) * (ry - py) - (qy - py) * (rx - px);
    return Math.abs(v) < 1e-9 ? 0 : v > 0 ? 1 : -1;
  };
  const on = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
    Math.min(px, qx) - 1e-9 <= rx && rx <= Math.max(px, qx) + 1e-9 && Math.min(py, qy) - 1e-9 <= ry && ry <= Math.max(py, qy) + 1e-9;
  const o1 = o(ax, ay, bx, by, cx, cy), o2 = o(ax, ay, bx, by, dx, dy), o3 = o(cx, cy, dx, dy, ax, ay), o4 = o(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && on(ax, ay, bx, by, cx, cy)) || (o2 === 0 && on(ax, ay, bx, by, dx, dy))
    || (o3 === 0 && on(cx, cy, dx, dy, ax, ay)) || (o4 === 0 && on(cx, cy, dx, dy, bx, by));
}

interface GateInfo {
  id: string;
  zone: number;
  x: number;
  y: number;
  /** The base node at a dataset gate; -1 for a new gate until it is built. */
  node: number;
  added: (Change & { kind: 'gate_add' }) | null;
  open: boolean;
  hours: GateHours | null;
}

const streetIndexCache = new WeakMap<Engine, Map<string, number>>();
function streetIndex(e: Engine): Map<string, number> {
  let m = streetIndexCache.get(e);
  if (!m) {
    m = new Map();
    const ids = e.graph.lineIds;
    for (let k = 0; k < ids.length; k++) if (!m.has(ids[k])) m.set(ids[k], k);
    streetIndexCache.set(e, m);
  }
  return m;
}

/** The base node at a point (a dataset gate is a vertex shared by its paths), -1 if none. */
function nodeAtPoint(e: Engine, x: number, y: number): number {
  const g = e.graph;
  const s = e.index.nearest(x, y, 1, () => true);
  if (!s) return -1;
  for (const n of [g.edgeU[s.edge], g.edgeV[s.edge]]) if (Math.hypot(g.x[n] - x, g.y[n] - y) < 0.05) return n;
  return -1;
}

/** Nearest point of a flat ring to (x, y). */
function nearestOnRing(ring: Float64Array, x: number, y: number): { x: number; y: number; d: number } {
  let best = { x: NaN, y: NaN, d: Infinity };
  for (let k = 0; k + 3 < ring.length; k += 2) {
    const s = footOn(x, y, ring[k], ring[k + 1], ring[k + 2], ring[k + 3]);
    if (s.d < best.d) best = { x: ring[k] + s.t * (ring[k + 2] - ring[k]), y: ring[k + 1] + s.t * (ring[k + 3] - ring[k + 1]), d: s.d };
  }
  return best;
}

const fmt = (m: number) => `${m < 100 ? m.toFixed(1) : Math.round(m)} m`;

/**
 * The overlay of a scenario's network edits and the problems of the edits that were refused.
 * Null when the scenario changes nothing in the network (no edits, or every gate as mapped).
 */
export function buildOverlay(e: Engine, scenario: Scenario | null): { overlay: NetworkOverlay | null; problems: EditProblem[] } {
  const problems: EditProblem[] = [];
  if (!scenario) return { overlay: null, problems };
  const edits = scenario.changes.filter(isNetworkChange);
  let minute: number | null = null;
  if (scenario.time_of_day !== null && scenario.time_of_day !== undefined) {
    minute = parseClock(scenario.time_of_day);
    if (minute === null) problems.push({ change: 'time_of_day', message: `time of day "${String(scenario.time_of_day)}" is not HH:MM; gate hours are not applied` });
  }
  if (edits.length === 0) return { overlay: null, problems };
  const g = e.graph;
  const snapper = (x: number, y: number, _zone: number, maxDist: number, accept: (edge: number) => boolean) => e.index.nearest(x, y, maxDist, accept);
  const b = new OverlayBuilder(g, snapper, e.snapLimit);

  // Gates: the dataset's, then new ones, then their states and hours.
  // Only the gates the plan names or joins get a record; the dataset's others stay open as mapped.
  const gates = new Map<string, GateInfo>();
  const baseGate = (i: number): GateInfo => {
    const id = e.gates.ids[i];
    let q = gates.get(id);
    if (!q) gates.set(id, (q = { id, zone: e.gates.zone[i], x: e.gates.xy[2 * i], y: e.gates.xy[2 * i + 1], node: -2, added: null, open: true, hours: null }));
    return q;
  };
  const getGate = (id: string): GateInfo | undefined => {
    const i = e.gates.index.get(id);
    return i !== undefined ? baseGate(i) : gates.get(id);
  };
  /** The gate nearest (x, y) within `r` metres: a dataset gate, or a new one `usable` accepts. */
  const gateNear = (x: number, y: number, r: number, usable: (q: GateInfo) => boolean, zone = -2): GateInfo | null => {
    let best: GateInfo | null = null, bd = r;
    const xy = e.gates.xy;
    for (let i = 0; i < e.gates.ids.length; i++) {
      if (zone !== -2 && e.gates.zone[i] !== zone) continue;
      const d = Math.hypot(xy[2 * i] - x, xy[2 * i + 1] - y);
      if (d <= bd) { bd = d; best = baseGate(i); }
    }
    for (const q of gates.values()) {
      if (!q.added || !usable(q) || (zone !== -2 && q.zone !== zone)) continue;
      const d = Math.hypot(q.x - x, q.y - y);
      if (d <= bd) { bd = d; best = q; }
    }
    return best;
  };
  const refused = new Set<string>();
  for (const c of edits) {
    if (c.kind !== 'gate_add') continue;
    const fail = (message: string) => { problems.push({ change: c.id, message }); refused.add(c.id); };
    const z = e.zones.index.get(c.compound);
    if (z === undefined) { fail(`no compound "${c.compound}"`); continue; }
    if (!validPosition(c.position)) { fail('the gate position is not a valid longitude/latitude'); continue; }
    if (gates.has(c.id) || e.gates.index.has(c.id)) { fail(`gate id "${c.id}" is already used`); continue; }
    const hp = hoursProblem(c.hours ?? null);
    if (hp) { fail(hp); continue; }
    const [px, py] = toXY(e.proj, c.position[0], c.position[1]);
    const w = nearestOnRing(e.zones.rings[z][0], px, py);
    if (!(w.d <= WALL_SNAP_M)) { fail(`the gate is not on the wall of compound ${c.compound} (${fmt(w.d)} from it; at most ${WALL_SNAP_M} m)`); continue; }
    const twin = gateNear(w.x, w.y, SAME_GATE_M, () => true, z);
    if (twin) { fail(`there is already a gate here (${twin.id})`); continue; }
    gates.set(c.id, { id: c.id, zone: z, x: w.x, y: w.y, node: -1, added: c, open: true, hours: c.hours ?? null });
  }
  for (const c of edits) {
    if (c.kind !== 'gate_state' && c.kind !== 'gate_hours') continue;
    const q = getGate(c.gate);
    if (!q) {
      problems.push({ change: c.id, message: refused.has(c.gate) ? `gate ${c.gate} was refused, so it cannot be changed` : `no gate "${c.gate}"` });
      continue;
    }
    if (c.kind === 'gate_state') {
      if (typeof c.open !== 'boolean') { problems.push({ change: c.id, message: 'a gate state must be open or closed' }); continue; }
      q.open = c.open;
    } else {
      const hp = hoursProblem(c.hours);
      if (hp) { problems.push({ change: c.id, message: hp }); continue; }
      q.hours = c.hours;
    }
  }
  const isOpen = (q: GateInfo) => q.open && (minute === null || q.hours === null || openAt(q.hours, minute));

  // Closures first, so that nothing added later joins a closed edge.
  for (const q of gates.values()) {
    if (q.added || isOpen(q)) continue;
    q.node = nodeAtPoint(e, q.x, q.y);
    const inner: number[] = [];
    if (q.node >= 0) for (let a = g.offsets[q.node]; a < g.offsets[q.node + 1]; a++) if (g.edgeZone[g.arcEdge[a]] === q.zone) inner.push(g.arcEdge[a]);
    if (inner.length === 0) {
      const ch = edits.find((c) => (c.kind === 'gate_state' || c.kind === 'gate_hours') && c.gate === q.id);
      problems.push({ change: ch?.id ?? q.id, message: `gate ${q.id} has no path into its compound in the network, so closing it changes nothing` });
      continue;
    }
    for (const edge of inner) b.closeEdge(edge);
  }
  const streets = streetIndex(e);
  for (const c of edits) {
    if (c.kind !== 'way_close') continue;
    const k = streets.get(c.street);
    if (k === undefined) { problems.push({ change: c.id, message: `no street or path "${c.street}" in the dataset` }); continue; }
    const e0 = g.lineEdgeStart[k], e1 = g.lineEdgeStart[k + 1];
    if (e1 === e0) { problems.push({ change: c.id, message: `street "${c.street}" is not walkable already` }); continue; }
    for (let edge = e0; edge < e1; edge++) b.closeEdge(edge);
  }

  // New gates: a node on the wall joined to the nearest path inside and the nearest street outside.
  for (const q of gates.values()) {
    const c = q.added;
    if (!c) continue;
    const inner = b.snap(q.x, q.y, q.zone, GATE_LINK_M);
    const outer = b.snap(q.x, q.y, -1, GATE_LINK_M);
    if (!inner || !outer) {
      problems.push({ change: c.id, message: !inner
        ? `no open path inside compound ${c.compound} within ${GATE_LINK_M} m of the gate`
        : `no open street outside compound ${c.compound} within ${GATE_LINK_M} m of the gate` });
      gates.delete(q.id);
      refused.add(q.id);
      continue;
    }
    if (!isOpen(q)) continue;
    q.node = b.addNode(q.x, q.y);
    b.addEdge(q.node, b.nodeAt(inner), CODE_FOOTWAY, q.zone, 0);
    b.addEdge(q.node, b.nodeAt(outer), CODE_FOOTWAY, -1, 0);
  }

  for (const c of edits) {
    if (c.kind !== 'path_add') continue;
    // Dataset gates, and new gates that are open (built).
    const msg = addPath(e, b, c, (x, y) => gateNear(x, y, GATE_JOIN_M, (q) => q.node >= 0));
    if (msg) problems.push({ change: c.id, message: msg });
  }
  const overlay = b.build();
  return { overlay: overlay.empty ? null : overlay, problems };
}

/** Adds one path to the builder, or returns why it is refused (and adds nothing). */
function addPath(e: Engine, b: OverlayBuilder, c: Change & { kind: 'path_add' }, gateAt: (x: number, y: number) => GateInfo | null): string | null {
  if (!PATH_TYPES.includes(c.path_type)) return `unknown path type "${String(c.path_type)}"`;
  const pen = c.penalty_m ?? 0;
  if (typeof pen !== 'number' || !Number.isFinite(pen) || pen < 0) return 'the penalty must be a number of metres, 0 or more';
  if (pen > MAX_PENALTY_M) return `a penalty of ${fmt(pen)} is implausible (at most ${MAX_PENALTY_M} m)`;
  if (!Array.isArray(c.coordinates) || c.coordinates.length < 2) return 'a path needs at least two points';
  if (!c.coordinates.every(validPosition)) return 'a point of the path is not a valid longitude/latitude';
  const pts: Array<[number, number]> = [];
  for (const p of c.coordinates) {
    const xy = toXY(e.proj, p[0], p[1]);
    const last = pts[pts.length - 1];
    if (!last || Math.hypot(last[0] - xy[0], last[1] - xy[1]) > 0.01) pts.push(xy);
  }
  let len = 0;
  for (let k = 1; k < pts.length; k++) len += Math.hypot(pts[k][0] - pts[k - 1][0], pts[k][1] - pts[k - 1][1]);
  if (pts.length < 2 || len < MIN_PATH_M) return `the path is too short (${len.toFixed(1)} m)`;
  if (len > MAX_PATH_M) return `the path is implausibly long (${fmt(len)}; at most ${MAX_PATH_M} m)`;
  for (let i = 0; i + 1 < pts.length; i++) {
    for (let j = i + 2; j + 1 < pts.length; j++) {
      if (segmentsMeet(pts[i][0], pts[i][1], pts[i + 1][0], pts[i + 1][1], pts[j][0], pts[j][1], pts[j + 1][0], pts[j + 1][1])) {
        return 'the path crosses itself';
      }
    }
  }
  // Both ends must join the network before anything is added.
  const ends = [pts[0], pts[pts.length - 1]].map((p, k) => {
    const gate = gateAt(p[0], p[1]);
    if (gate) return { gate, snap: null as OverlaySnap | null, zone: gate.zone, k };
    const zone = zoneAt(e.zones, p[0], p[1]);
    return { gate: null, snap: b.snap(p[0], p[1], zone, END_SNAP_M), zone, k };
  });
  for (const end of ends) {
    if (end.gate || end.snap) continue;
    const p = end.k === 0 ? pts[0] : pts[pts.length - 1];
    const far = b.snap(p[0], p[1], end.zone, 1000);
    const where = end.k === 0 ? 'start' : 'end';
    return far
      ? `the ${where} of the path touches nothing: the nearest street it may join is ${fmt(far.offset)} away (at most ${END_SNAP_M} m)`
      : `the ${where} of the path touches nothing: no street it may join within 1000 m`;
  }
  for (const end of ends) {
    if (end.gate && end.gate.node < 0) end.gate.node = nodeAtPoint(e, end.gate.x, end.gate.y);
    if (end.gate && end.gate.node < 0) return `gate ${end.gate.id} is not on the walking network`;
  }
  if (ends[0].gate && ends[0].gate === ends[1].gate) return 'both ends of the path join the same gate';
  const n0 = ends[0].gate ? b.joinBase(ends[0].gate.node) : b.nodeAt(ends[0].snap!);
  const n1 = ends[1].gate ? b.joinBase(ends[1].gate.node) : b.nodeAt(ends[1].snap!);
  if (n0 === n1) return 'both ends of the path join the same point';
  const zone = ends[0].zone === ends[1].zone ? ends[0].zone : -1;
  const cls = c.path_type === 'crossing' ? CODE_CROSSING : CODE_FOOTWAY;
  // Nodes: the join point, the drawn vertices (an end vertex that sits on its join point is the join point).
  const nodes: number[] = [];
  const at = (n: number, p: [number, number]) => Math.hypot(b.nodeX(n) - p[0], b.nodeY(n) - p[1]) <= 0.25;
  nodes.push(n0);
  for (let k = 0; k < pts.length; k++) {
    if (k === 0 && at(n0, pts[0])) continue;
    if (k === pts.length - 1 && at(n1, pts[k])) continue;
    nodes.push(b.addNode(pts[k][0], pts[k][1]));
  }
  nodes.push(n1);
  let penalty = pen;
  for (let k = 0; k + 1 < nodes.length; k++) {
    b.addEdge(nodes[k], nodes[k + 1], cls, zone, penalty);
    penalty = 0;
  }
  return null;
}

/** Covered target population of one category: per community (in the facts' order) and the district last. */
export interface CategoryCoverage {
  covered: Float64Array;
  target: Float64Array;
}

/**
 * Coverage of every category under the network and facilities in force. Each category's search is
 * bounded at its threshold (a walk beyond it covers nobody); a narrow search visits only the
 * buildings around what it reached. The covered figures are the full analysis's `district` and
 * `byCommunity` ones, summed in another order. `flags`, when given, receives per category a 1 for
 * every covered building.
 */
export function coverageByCategory(e: Engine, std: Standards, profile: WalkProfile, fs: FacilitySet,
  flags?: Record<string, Uint8Array>): Record<string, CategoryCoverage> {
  const p = e.facts, nb = e.buildingIds.length, nc = p.communityIds.length;
  const out: Record<string, CategoryCoverage> = {};
  const costs = e.costs(profile);
  const seeds = makeSeeds(e.graph, costs, []);
  const community = p.buildingCommunity;
  const snaps = e.buildingSnaps;
  const dBuf = new Float64Array(1), sBuf = new Int32Array(1);
  for (const cs of std.categories) {
    const w = weights(p, std, cs.cohort);
    const covered = new Float64Array(nc + 1);
    const flag = flags ? (flags[cs.id] = new Uint8Array(nb)) : null;
    const add = (i: number) => {
      if (community[i] >= 0) covered[community[i]] += w[i];
      covered[nc] += w[i];
      if (flag) flag[i] = 1;
    };
    const refs = servingRefs(fs, cs.id, null, 0);
    if (refs.length) {
      const T = cs.threshold_m;
      fillSeeds(seeds, e.graph, costs, refs);
      e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, T, false);
      if (e.searcher.reached().length * 8 > e.graph.junctionCount) {
        // A wide search: one pass over every building beats walking the edges around each node.
        for (let i = 0; i < nb; i++) {
          pointDistance(e.graph, costs, e.searcher, seeds, snaps.edge[i], snaps.t[i], snaps.offset[i], dBuf, sBuf, 0);
          if (dBuf[0] <= T) add(i);
        }
      } else {
        e.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, T);
        e.reach.forEach(e.searcher, costs, seeds, T, add);
      }
    }
    out[cs.id] = { covered, target: targetOf(e, w) };
  }
  return out;
}

const targetCache = new WeakMap<Float64Array, Float64Array>();
/** Target cohort per community and district for a weight column (cached: weights are per dataset). */
function targetOf(e: Engine, w: Float64Array): Float64Array {
  let t = targetCache.get(w);
  if (!t) {
    const c = e.facts.buildingCommunity, nc = e.facts.communityIds.length;
    t = new Float64Array(nc + 1);
    for (let i = 0; i < w.length; i++) {
      if (c[i] >= 0) t[c[i]] += w[i];
      t[nc] += w[i];
    }
    targetCache.set(w, t);
  }
  return t;
}

/** Access points of the facilities serving a category; with `near`, only those within `limit` of an edit. */
function servingRefs(fs: FacilitySet, category: string, near: Float64Array | null, limit: number): SnapRef[][] {
  const include = servingCategories(category as FacilitySet['category'][number]);
  const refs: SnapRef[][] = [];
  for (let f = 0; f < fs.ids.length; f++) {
    if (!include.includes(fs.category[f]) || fs.access[f].length === 0) continue;
    if (near && !(near[f] <= limit)) continue;
    refs.push(fs.access[f]);
  }
  return refs;
}

/** A plan's coverage without its network edits, kept to update from when the edits change. */
export interface CoverageReference {
  std: Standards;
  profile: WalkProfile;
  fs: FacilitySet;
  cov: Record<string, CategoryCoverage>;
  flags: Record<string, Uint8Array>;
}

/** The reference for a facility set: its coverage on the base network (no edits in force). */
export function coverageReference(e: Engine, std: Standards, profile: WalkProfile, fs: FacilitySet): CoverageReference {
  const saved = e.overlay;
  e.setOverlay(null);
  try {
    const flags: Record<string, Uint8Array> = {};
    return { std, profile, fs, cov: coverageByCategory(e, std, profile, fs, flags), flags };
  } finally {
    e.setOverlay(saved);
  }
}

function sameAccess(a: FacilitySet, b: FacilitySet): boolean {
  if (a === b) return true;
  if (a.ids.length !== b.ids.length) return false;
  for (let f = 0; f < a.ids.length; f++) {
    if (a.category[f] !== b.category[f] || a.access[f].length !== b.access[f].length) return false;
    if (a.access[f] === b.access[f]) continue;
    for (let k = 0; k < a.access[f].length; k++) {
      const p = a.access[f][k], q = b.access[f][k];
      if (p.edge !== q.edge || p.t !== q.t || p.offset !== q.offset) return false;
    }
  }
  return true;
}

const baseCostCache = new WeakMap<Engine, Map<WalkProfile, Costs>>();

/**
 * Coverage of every category with the edits in force, updated from the reference rather than
 * recomputed. A building's covered status can change only if a walk within the threshold, before or
 * after the edit, passes an edit: then the building lies within the threshold of an edit in the
 * union of both networks. Only those buildings are re-evaluated, from the facilities within twice
 * the threshold of an edit (any facility whose walk to such a building is within the threshold).
 * Falls back to a full recompute when the facility set differs from the reference's (a candidate
 * that joined a new path).
 */
export function coverageWithEdits(e: Engine, ref: CoverageReference, fs: FacilitySet): Record<string, CategoryCoverage> {
  const ov = e.overlay;
  if (!sameAccess(fs, ref.fs)) return coverageByCategory(e, ref.std, ref.profile, fs);
  const out: Record<string, CategoryCoverage> = {};
  if (!ov) {
    for (const [k, v] of Object.entries(ref.cov)) out[k] = { covered: v.covered.slice(), target: v.target };
    return out;
  }
  const g = e.graph, N = g.nodeCount, profile = ref.profile, std = ref.std;
  const p = e.facts, nc = p.communityIds.length, community = p.buildingCommunity;
  let bases = baseCostCache.get(e);
  if (!bases) baseCostCache.set(e, (bases = new Map()));
  let base = bases.get(profile);
  if (!base) bases.set(profile, (base = makeCosts(g, profile)));
  const union = ov.union();
  const ucosts = overlayCosts(g, base, union, profile);

  // Distance from the nearest edit in the union network: every overlay node and both ends of every closed edge.
  const nodes: number[] = [];
  for (let n = N; n < ov.nodeCount; n++) nodes.push(n);
  for (const edge of ov.disabledEdges) nodes.push(g.edgeU[edge], g.edgeV[edge]);
  const seeds: Seeds = {
    node: Uint32Array.from(nodes), dist: new Float64Array(nodes.length), src: new Int32Array(nodes.length), count: nodes.length, onEdge: new Map(),
  };
  let maxT = 0;
  for (const cs of std.categories) maxT = Math.max(maxT, cs.threshold_m);
  e.searcher.run(ucosts, seeds.node, seeds.dist, seeds.src, seeds.count, 2 * maxT);
  const nearB: number[] = [], nearD: number[] = [];
  e.reach.forEach(e.searcher, ucosts, seeds, maxT, (i, d) => { nearB.push(i); nearD.push(d); });
  // Buildings on a closed edge walk from elsewhere now, whatever their distance to the edit.
  for (const edge of ov.disabledEdges) {
    for (let j = p.edgeBStart[edge]; j < p.edgeBStart[edge + 1]; j++) { nearB.push(p.edgeBIds[j]); nearD.push(0); }
  }
  const fNear = new Float64Array(fs.ids.length).fill(Infinity);
  const dBuf = new Float64Array(1), sBuf = new Int32Array(1);
  for (let f = 0; f < fs.ids.length; f++) {
    for (const r of fs.access[f]) {
      if (ov.disabled(r.edge)) { fNear[f] = 0; break; }
      pointDistance(g, ucosts, e.searcher, seeds, r.edge, r.t, r.offset, dBuf, sBuf, 0);
      if (dBuf[0] < fNear[f]) fNear[f] = dBuf[0];
    }
  }

  const costs = e.costs(profile);
  const cseeds = makeSeeds(g, costs, []);
  const snaps = e.buildingSnaps;
  const flipped: number[] = [];
  for (const cs of std.categories) {
    const T = cs.threshold_m;
    const covered = ref.cov[cs.id].covered.slice();
    out[cs.id] = { covered, target: ref.cov[cs.id].target };
    const flag = ref.flags[cs.id];
    const w = weights(p, std, cs.cohort);
    const refs = servingRefs(fs, cs.id, fNear, 2 * T);
    if (refs.length) {
      fillSeeds(cseeds, g, costs, refs);
      e.searcher.run(costs, cseeds.node, cseeds.dist, cseeds.src, cseeds.count, T, false);
    }
    for (let k = 0; k < nearB.length; k++) {
      if (nearD[k] > T) continue;
      const i = nearB[k];
      let now = false;
      if (refs.length) {
        pointDistance(g, costs, e.searcher, cseeds, snaps.edge[i], snaps.t[i], snaps.offset[i], dBuf, sBuf, 0);
        now = dBuf[0] <= T;
      }
      if (now === (flag[i] === 1)) continue;
      const d = now ? w[i] : -w[i];
      if (community[i] >= 0) covered[community[i]] += d;
      covered[nc] += d;
      // Flipped so that a building listed twice (on a closed edge and near an edit) counts once.
      flag[i] ^= 1;
      flipped.push(i);
    }
    // The reference's flags, as they were, for the next update.
    for (const i of flipped) flag[i] ^= 1;
    flipped.length = 0;
  }
  return out;
}

/** What one network edit contributes to a plan: covered target gained (negative: lost) per category. */
export interface EditContribution {
  change: string;
  kind: NetworkChange['kind'];
  /** Per category: the district figure and each community's, in the category's target cohort. */
  byCategory: Record<string, { district: number; byCommunity: Record<string, number> }>;
}

export interface ContributionsResult {
  edits: EditContribution[];
  /** The plan's coverage with every edit, per category (district). */
  covered: Record<string, number>;
  problems: EditProblem[];
}

/**
 * Leave-one-out contributions of a plan's network edits: the plan's coverage minus the coverage of
 * the same plan without that one edit (its facility changes kept). Edits that overlap share their
 * effect, so the contributions need not add up to the plan's total change.
 */
export function networkEditContributions(e: Engine, scenario: Scenario, std: Standards, profile: WalkProfile,
  facilitiesFor: (s: Scenario) => FacilitySet, onProgress?: (done: number, total: number) => void): ContributionsResult {
  const savedOverlay = e.overlay, savedFacilities = e.facilities;
  const ids = e.facts.communityIds, nc = ids.length;
  let ref: CoverageReference | null = null;
  // Each variant is updated from the plan without any network edit (its facilities as they are).
  const cover = (s: Scenario) => {
    if (!ref) {
      e.setOverlay(null);
      ref = coverageReference(e, std, profile, facilitiesFor({ ...s, changes: s.changes.filter((c) => !isNetworkChange(c)) }));
    }
    const { overlay, problems } = buildOverlay(e, s);
    e.setOverlay(overlay);
    const fs = facilitiesFor(s);
    e.facilities = fs;
    return { cov: coverageWithEdits(e, ref, fs), problems };
  };
  try {
    const full = cover(scenario);
    const refused = new Set(full.problems.map((p) => p.change));
    const edits = scenario.changes.filter(isNetworkChange).filter((c) => !refused.has(c.id));
    const out: EditContribution[] = [];
    edits.forEach((c, k) => {
      onProgress?.(k, edits.length);
      const without = cover({ ...scenario, changes: scenario.changes.filter((x) => x.id !== c.id) }).cov;
      const byCategory: EditContribution['byCategory'] = {};
      for (const cs of std.categories) {
        const a = full.cov[cs.id].covered, b = without[cs.id].covered;
        const byCommunity: Record<string, number> = {};
        for (let i = 0; i < nc; i++) byCommunity[ids[i]] = a[i] - b[i];
        byCategory[cs.id] = { district: a[nc] - b[nc], byCommunity };
      }
      out.push({ change: c.id, kind: c.kind, byCategory });
    });
    onProgress?.(edits.length, edits.length);
    const covered: Record<string, number> = {};
    for (const cs of std.categories) covered[cs.id] = full.cov[cs.id].covered[nc];
    return { edits: out, covered, problems: full.problems };
  } finally {
    e.setOverlay(savedOverlay);
    e.facilities = savedFacilities;
  }
}
