// The engine over one dataset: projection, walking graph, edge index, snapped buildings and
// facilities, and the searches. The worker API and the Node CLI both drive this class.

import { completeDataset, type CategoryId, type Dataset, type Position } from './model/dataset.ts';
import { toLonLat, toXY, type Projection } from './model/geo.ts';
import { buildGraph, type Graph } from './network/graph.ts';
import {
  datasetProjection, makeZones, projectRing, streetArrays, zoneAt, type Zones,
} from './network/network.ts';
import { makeCosts, DEFAULT_PROFILE, type Costs, type WalkProfile } from './network/profile.ts';
import { EdgeIndex, SNAP_OK, SNAP_REASONS, type Snaps } from './routing/spatial.ts';
import { Searcher } from './routing/search.ts';
import { makeSeeds, type SnapRef } from './routing/access.ts';
import { isochrone, type Barriers, type MultiPolygonXY } from './routing/isochrone.ts';
import { walkRoute } from './routing/route.ts';
import { datasetFacts, type DatasetFacts } from './analysis/facts.ts';
import { servingCategories, type FacilitySet } from './analysis/facilities.ts';
import { BuildingReach } from './routing/reach.ts';
import { buildingPoint } from './model/shape.ts';
import { gateTable, overlayCosts, type GateTable, type NetworkOverlay } from './network/overlay.ts';
import { LIMITS, minutesProblem } from './model/limits.ts';
import { profileProblem } from './analysis/standards.ts';

export class EngineError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface EngineOptions {
  /** Points farther than this from any walkable edge are reported unreachable (metres). */
  snapLimit?: number;
}

export interface Problem {
  kind: 'building' | 'facility' | 'street';
  id: string;
  reason: (typeof SNAP_REASONS)[number] | 'island' | 'invalid_geometry';
}

export interface NetworkReport {
  nodes: number;
  edges: number;
  components: number;
  mainComponentShare: number;
  streetsSkipped: number;
  segmentsSkipped: number;
  duplicateVertices: number;
  problems: Problem[];
}

export interface IsochroneRequest {
  from?: Position;
  facilityId?: string;
  category?: CategoryId;
  minutes?: number[];
  profile?: WalkProfile;
}

export interface IsochroneFeature {
  type: 'Feature';
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
  properties: { minutes: number; metres: number; profile: string; origin: string };
}
export interface IsochroneCollection {
  type: 'FeatureCollection';
  features: IsochroneFeature[];
}

/** A walk to draw: from a building or a point of the map to the facility of a category that serves it. */
export interface RouteRequest {
  buildingId?: string;
  from?: Position;
  category: CategoryId;
  /** The walk is searched up to this, metre-equivalents (the analysis's search limit for the category). */
  cutoff: number;
  profile?: WalkProfile;
}

export interface RouteAnswer {
  category: CategoryId;
  from: { kind: 'building' | 'point'; id: string | null; position: Position };
  /** ok, or why there is no walk: no facility of the category, none within the cutoff, or the start is off the network. */
  status: 'ok' | 'no_facility' | 'beyond_limit' | 'not_on_network';
  /** Why the start is off the network (a snapping reason), when it is. */
  reason: string | null;
  cutoff: number;
  facility: { id: string; name: string; position: Position } | null;
  /** Walking cost in metre-equivalents, the figure the analysis reports for a building; null without a walk. */
  distance: number | null;
  /** Length of the drawn walk, metres (less than `distance` only where steps or crossings cost extra). */
  length: number | null;
  minutes: number | null;
  /** The straight walk from the start to the street it joins, metres. */
  offset: number | null;
  geometry: { type: 'LineString'; coordinates: Position[] } | null;
  /** The compound gates the walk passes through (id null for a gate a plan adds). */
  gates: Array<{ id: string | null; position: Position }>;
}

const FACILITY_SAMPLE_M = 40;
/** A gate of the walk is the dataset's gate when it stands this close to it, metres. */
const GATE_MATCH_M = 0.5;

export class Engine {
  readonly proj: Projection;
  readonly zones: Zones;
  readonly graph: Graph;
  readonly index: EdgeIndex;
  readonly searcher: Searcher;
  readonly report: NetworkReport;
  readonly snapLimit: number;
  readonly buildingIds: string[];
  readonly buildingXY: Float64Array;
  readonly buildingSnaps: Snaps;
  readonly facilityIds: string[];
  readonly facilityCategory: CategoryId[];
  /** Access points per facility: one for a point, samples along the outline for a park or a lot. */
  readonly facilityAccess: SnapRef[][];
  readonly barriers: Barriers;
  readonly facts: DatasetFacts;
  /** Buildings within reach of a finished search. */
  readonly reach: BuildingReach;
  /** The dataset's own facilities as a set; plans derive theirs from it. */
  readonly baseFacilities: FacilitySet;
  /** The facilities in force: the baseline's, or a plan's (see scenario/apply.ts). */
  facilities: FacilitySet;
  /** Candidate sites (vacant land, idle buildings): id, name and representative point. */
  readonly siteIds: string[];
  readonly siteNames: string[];
  readonly siteXY: Float64Array;
  private costCache = new Map<string, Costs>();
  /** Compound gates of the dataset (ids `<compound>/<index>`), for network edits. */
  readonly gates: GateTable;
  /** The network edits in force (see network/overlay.ts); null: the base network. */
  overlay: NetworkOverlay | null = null;
  private overlayCostCache = new Map<string, Costs>();

  constructor(input: Partial<Dataset>, opts: EngineOptions = {}) {
    const dataset = completeDataset(input);
    this.snapLimit = opts.snapLimit ?? 300;
    this.proj = datasetProjection(dataset);
    this.zones = makeZones(this.proj, dataset);
    const { arrays, skipped } = streetArrays(this.proj, dataset, this.zones);
    this.graph = buildGraph(arrays);
    this.index = new EdgeIndex(this.graph);
    this.searcher = new Searcher(this.graph);
    const problems: Problem[] = [];
    if (skipped > 0) problems.push({ kind: 'street', id: `${skipped} lines`, reason: 'invalid_geometry' });

    const bf = dataset.buildings.features;
    this.buildingIds = bf.map((f, i) => String(f.properties?.id ?? f.id ?? `building-${i}`));
    this.buildingXY = new Float64Array(bf.length * 2);
    const bZone = new Int32Array(bf.length);
    bf.forEach((f, i) => {
      const [x, y] = buildingPoint(this.proj, f.geometry, f.properties as { entrances?: unknown });
      this.buildingXY[2 * i] = x;
      this.buildingXY[2 * i + 1] = y;
      const named = f.properties?.compound;
      bZone[i] = typeof named === 'string' && this.zones.index.has(named) ? this.zones.index.get(named)! : zoneAt(this.zones, x, y);
    });
    this.buildingSnaps = this.index.snapAll(this.buildingXY, bZone, this.snapLimit);
    this.collectProblems('building', this.buildingIds, this.buildingSnaps, problems);

    this.facilityIds = [];
    this.facilityCategory = [];
    this.facilityAccess = [];
    const facilityXY = new Float64Array(dataset.facilities.features.length * 2);
    for (const [i, f] of dataset.facilities.features.entries()) {
      const id = String(f.properties?.id ?? f.id ?? `facility-${i}`);
      this.facilityIds.push(id);
      this.facilityCategory.push(f.properties?.category);
      const pts = accessPoints(this.proj, f.geometry);
      for (let k = 0; k < pts.length; k += 2) { facilityXY[2 * i] += pts[k] / (pts.length / 2); facilityXY[2 * i + 1] += pts[k + 1] / (pts.length / 2); }
      const zone = new Int32Array(pts.length / 2);
      for (let k = 0; k < zone.length; k++) zone[k] = zoneAt(this.zones, pts[2 * k], pts[2 * k + 1]);
      const snaps = this.index.snapAll(pts, zone, this.snapLimit);
      const refs: SnapRef[] = [];
      for (let k = 0; k < zone.length; k++) {
        if (snaps.edge[k] >= 0) refs.push({ edge: snaps.edge[k], t: snaps.t[k], offset: snaps.offset[k], x: pts[2 * k], y: pts[2 * k + 1] });
      }
      this.facilityAccess.push(refs);
      if (refs.length === 0) {
        problems.push({ kind: 'facility', id, reason: SNAP_REASONS[zone.length ? snaps.reason[0] : 3] });
      } else if (refs.every((r) => this.graph.component[this.graph.edgeU[r.edge]] !== 0)) {
        problems.push({ kind: 'facility', id, reason: 'island' });
      }
    }
    this.barriers = makeBarriers(this.proj, dataset);
    this.gates = gateTable(this.zones, dataset.compounds.features.map((f) => ({
      id: String(f.properties?.id), gates: (f.properties?.gates ?? []).map((p) => toXY(this.proj, p[0], p[1])),
    })));
    this.facts = datasetFacts(dataset, {
      proj: this.proj, buildingXY: this.buildingXY, buildingSnaps: this.buildingSnaps,
      facilityCount: this.facilityIds.length, edgeCount: this.graph.edgeCount,
    });
    this.reach = new BuildingReach(this.graph, this.buildingSnaps, this.facts.edgeBStart, this.facts.edgeBIds);
    const nf = this.facilityIds.length;
    this.baseFacilities = {
      ids: this.facilityIds, category: this.facilityCategory, access: this.facilityAccess, capacity: this.facts.capacity,
      names: this.facts.facilityNames, community: this.facts.facilityCommunity, origin: new Array(nf).fill('existing'),
      change: new Array(nf).fill(null), xy: facilityXY,
    };
    this.facilities = this.baseFacilities;
    this.siteIds = [];
    this.siteNames = [];
    const siteXY: number[] = [];
    for (const [i, f] of dataset.sites.features.entries()) {
      const [x, y] = polygonCentre(this.proj, f.geometry);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      this.siteIds.push(String(f.properties?.id ?? f.id ?? `site-${i}`));
      this.siteNames.push(String(f.properties?.name ?? ''));
      siteXY.push(x, y);
    }
    this.siteXY = new Float64Array(siteXY);
    const g = this.graph;
    this.report = {
      nodes: g.nodeCount,
      edges: g.edgeCount,
      components: g.componentSize.length,
      mainComponentShare: g.nodeCount ? g.componentSize[0] / g.nodeCount : 0,
      streetsSkipped: skipped,
      segmentsSkipped: g.stats.segmentsSkipped,
      duplicateVertices: g.stats.duplicateVertices,
      problems,
    };
  }

  private collectProblems(kind: Problem['kind'], ids: string[], snaps: Snaps, out: Problem[]) {
    for (let i = 0; i < ids.length; i++) {
      if (snaps.reason[i] !== SNAP_OK) out.push({ kind, id: ids[i], reason: SNAP_REASONS[snaps.reason[i]] });
      else if (this.graph.component[this.graph.edgeU[snaps.edge[i]]] !== 0) out.push({ kind, id: ids[i], reason: 'island' });
    }
  }

  /** Puts network edits in force (null: none); every search, snap and isochrone then reads them. */
  setOverlay(overlay: NetworkOverlay | null): void {
    if (overlay === this.overlay) return;
    this.overlay = overlay;
    this.overlayCostCache.clear();
  }

  costs(profile: WalkProfile = DEFAULT_PROFILE): Costs {
    const key = JSON.stringify([profile.steps_factor, profile.crossing_penalty_m]);
    let c = this.costCache.get(key);
    if (!c) {
      c = makeCosts(this.graph, profile);
      this.costCache.set(key, c);
    }
    if (this.overlay) {
      let oc = this.overlayCostCache.get(key);
      if (!oc) {
        oc = overlayCosts(this.graph, c, this.overlay, profile);
        this.overlayCostCache.set(key, oc);
      }
      c = oc;
    }
    return c.profile === profile ? c : { ...c, profile };
  }

  /** Snaps a WGS84 point the way a building there would be snapped. */
  snapPoint(lon: number, lat: number): { ref: SnapRef | null; xy: [number, number]; reason: string } {
    const [x, y] = toXY(this.proj, lon, lat);
    return this.snapXY(x, y);
  }

  /** Snaps a point of the metric plane; inside a gated compound it joins only that compound's paths. */
  snapXY(x: number, y: number): { ref: SnapRef | null; xy: [number, number]; reason: string } {
    const one: Snaps = { edge: new Int32Array(1), t: new Float32Array(1), offset: new Float32Array(1), reason: new Uint8Array(1) };
    this.index.snapInto(x, y, zoneAt(this.zones, x, y), this.snapLimit, one, 0, this.overlay);
    const ref = one.edge[0] >= 0 ? { edge: one.edge[0], t: one.t[0], offset: one.offset[0], x, y } : null;
    return { ref, xy: [x, y], reason: SNAP_REASONS[one.reason[0]] };
  }

  /** Sources for a search: all facilities of a category in force, with their indices in that set. */
  categorySources(category: CategoryId): { indices: number[]; refs: SnapRef[][] } {
    const fs = this.facilities;
    const indices: number[] = [];
    const refs: SnapRef[][] = [];
    for (let i = 0; i < fs.ids.length; i++) {
      if (fs.category[i] !== category) continue;
      indices.push(i);
      refs.push(fs.access[i]);
    }
    return { indices, refs };
  }

  /**
   * Network walking cost from every building to the nearest source, in metre-equivalents.
   * Returns distances (Infinity beyond `cutoff`) and the index into `refs` of the nearest source.
   */
  distancesFrom(refs: SnapRef[][], cutoff: number, profile?: WalkProfile): { dist: Float64Array; src: Int32Array } {
    const costs = this.costs(profile);
    const seeds = makeSeeds(this.graph, costs, refs);
    // Buildings need only the two ends of their own edge, so chain interiors are not filled here.
    const searcher = this.searcher;
    searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, cutoff, false);
    const n = this.buildingIds.length;
    const dist = new Float64Array(n), src = new Int32Array(n);
    searcher.pointsInto(costs, seeds, this.buildingSnaps, cutoff, dist, src);
    return { dist, src };
  }

  isochrone(req: IsochroneRequest): IsochroneCollection {
    if (this.graph.edgeCount === 0) throw new EngineError('NO_NETWORK', 'The dataset has no walkable streets.');
    const profile = req.profile ?? DEFAULT_PROFILE;
    const bad = minutesProblem(req.minutes ?? [5, 10, 15]);
    if (bad) throw new EngineError('BAD_REQUEST', `Isochrone: ${bad}.`);
    const minutes = [...(req.minutes ?? [5, 10, 15])].sort((a, b) => a - b);
    const badProfile = profileProblem(profile);
    if (badProfile) throw new EngineError('BAD_REQUEST', `Walking profile ${String(profile.id)}: ${badProfile}.`);
    const speed = profile.speed_m_per_min;
    const limits = minutes.map((m) => m * speed);
    let refs: SnapRef[][];
    let origin: string;
    if (req.from) {
      const [lon, lat] = req.from;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new EngineError('BAD_REQUEST', 'The point has invalid coordinates.');
      const snap = this.snapPoint(lon, lat);
      if (!snap.ref) {
        throw new EngineError('UNREACHABLE', `The point is more than ${this.snapLimit} m from any walkable street it may use (${snap.reason}).`);
      }
      refs = [[snap.ref]];
      origin = `point ${lon.toFixed(6)},${lat.toFixed(6)}`;
    } else if (req.facilityId) {
      const i = this.facilities.ids.indexOf(req.facilityId);
      if (i < 0) throw new EngineError('NOT_FOUND', `No facility with id ${req.facilityId}.`);
      if (this.facilities.access[i].length === 0) throw new EngineError('UNREACHABLE', `Facility ${req.facilityId} is not connected to the walking network.`);
      refs = [this.facilities.access[i]];
      origin = `facility ${req.facilityId}`;
    } else if (req.category) {
      // The facilities the analysis counts for the category (a park serves green space too).
      const serving = servingCategories(req.category);
      refs = this.facilities.access.filter((r, i) => serving.includes(this.facilities.category[i]) && r.length > 0);
      if (refs.length === 0) throw new EngineError('NOT_FOUND', `No reachable facility of category ${req.category}.`);
      origin = `category ${req.category}`;
    } else {
      throw new EngineError('BAD_REQUEST', 'An isochrone needs a point, a facility or a category.');
    }
    const costs = this.costs(profile);
    const seeds = makeSeeds(this.graph, costs, refs);
    const maxCost = limits[limits.length - 1];
    this.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, maxCost);
    const res = isochrone(this, costs, this.searcher, seeds, { limits });
    return {
      type: 'FeatureCollection',
      features: res.bands.map((b, k) => ({
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: this.toLonLatPolygons(b.polygons) },
        properties: { minutes: minutes[k], metres: Math.round(b.limit), profile: profile.id, origin },
      })),
    };
  }

  /**
   * The walk from a building, or from a point snapped as a building there would be, to the facility
   * of the category in force that serves it, under the plan in force; its cost is the analysis's figure.
   */
  route(req: RouteRequest): RouteAnswer {
    const profile = req.profile ?? DEFAULT_PROFILE;
    const badProfile = profileProblem(profile);
    if (badProfile) throw new EngineError('BAD_REQUEST', `Walking profile ${String(profile.id)}: ${badProfile}.`);
    if (!(req.cutoff > 0 && req.cutoff <= LIMITS.maxSearchM)) throw new EngineError('BAD_REQUEST', `Route: the search limit ${String(req.cutoff)} is outside 0…${LIMITS.maxSearchM} m.`);
    let x: number, y: number, id: string | null = null;
    let start: SnapRef | null;
    let reason: string;
    if (req.buildingId !== undefined) {
      const i = this.buildingIndex().get(req.buildingId);
      if (i === undefined) throw new EngineError('NOT_FOUND', `No building with id ${req.buildingId}.`);
      id = req.buildingId;
      x = this.buildingXY[2 * i]; y = this.buildingXY[2 * i + 1];
      const s = this.buildingSnaps;
      start = s.edge[i] >= 0 ? { edge: s.edge[i], t: s.t[i], offset: s.offset[i] } : null;
      reason = SNAP_REASONS[s.reason[i]];
    } else if (req.from) {
      const [lon, lat] = req.from;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new EngineError('BAD_REQUEST', 'The point has invalid coordinates.');
      [x, y] = toXY(this.proj, lon, lat);
      // Snapped as a building standing there: the base network, its own compound's paths.
      const one: Snaps = { edge: new Int32Array(1), t: new Float32Array(1), offset: new Float32Array(1), reason: new Uint8Array(1) };
      this.index.snapInto(x, y, zoneAt(this.zones, x, y), this.snapLimit, one, 0);
      start = one.edge[0] >= 0 ? { edge: one.edge[0], t: one.t[0], offset: one.offset[0] } : null;
      reason = SNAP_REASONS[one.reason[0]];
    } else {
      throw new EngineError('BAD_REQUEST', 'A route needs a building or a point.');
    }
    const answer: RouteAnswer = {
      category: req.category, from: { kind: id === null ? 'point' : 'building', id, position: this.lonLat(x, y) },
      status: 'ok', reason: null, cutoff: req.cutoff, facility: null, distance: null, length: null, minutes: null,
      offset: start ? start.offset : null, geometry: null, gates: [],
    };
    if (!start) return { ...answer, status: 'not_on_network', reason };
    const serving = servingCategories(req.category);
    const indices: number[] = [], refs: SnapRef[][] = [];
    this.facilities.access.forEach((r, f) => {
      if (serving.includes(this.facilities.category[f]) && r.length > 0) { indices.push(f); refs.push(r); }
    });
    if (refs.length === 0) return { ...answer, status: 'no_facility' };
    const costs = this.costs(profile);
    const seeds = makeSeeds(this.graph, costs, refs);
    this.searcher.run(costs, seeds.node, seeds.dist, seeds.src, seeds.count, req.cutoff);
    const walk = walkRoute(this.graph, costs, this.searcher, seeds, refs, x, y, start);
    if (!walk || walk.cost > req.cutoff) return { ...answer, status: 'beyond_limit' };
    const f = indices[walk.source];
    const gates: RouteAnswer['gates'] = [];
    for (let k = 0; k < walk.gates.length; k += 2) {
      const gx = walk.gates[k], gy = walk.gates[k + 1];
      let gid: string | null = null;
      for (let q = 0; q < this.gates.ids.length; q++) {
        if (Math.hypot(this.gates.xy[2 * q] - gx, this.gates.xy[2 * q + 1] - gy) < GATE_MATCH_M) { gid = this.gates.ids[q]; break; }
      }
      gates.push({ id: gid, position: this.lonLat(gx, gy) });
    }
    const coordinates: Position[] = [];
    for (let k = 0; k < walk.path.length; k += 2) coordinates.push(this.lonLat(walk.path[k], walk.path[k + 1]));
    return {
      ...answer,
      facility: { id: this.facilities.ids[f], name: this.facilities.names[f], position: this.lonLat(this.facilities.xy[2 * f], this.facilities.xy[2 * f + 1]) },
      distance: walk.cost, length: walk.length, minutes: walk.cost / profile.speed_m_per_min,
      geometry: { type: 'LineString', coordinates }, gates,
    };
  }

  private buildingIdx: Map<string, number> | null = null;
  private buildingIndex(): Map<string, number> {
    this.buildingIdx ??= new Map(this.buildingIds.map((b, i) => [b, i]));
    return this.buildingIdx;
  }

  private lonLat(x: number, y: number): Position {
    const [lon, lat] = toLonLat(this.proj, x, y);
    return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  }

  /** Metre polygons to WGS84, exterior rings counter-clockwise and holes clockwise (RFC 7946 §3.1.6). */
  toLonLatPolygons(polys: MultiPolygonXY): number[][][][] {
    return polys.map((poly) => poly.map((ring, k) => {
      const out = ring.map(([x, y]) => {
        const [lon, lat] = toLonLat(this.proj, x, y);
        return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
      });
      const ccw = signedArea(ring) > 0;
      return ccw === (k === 0) ? out : out.reverse();
    }));
  }
}

function signedArea(ring: number[][]): number {
  let a = 0;
  for (let k = 0; k + 1 < ring.length; k++) a += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return a / 2;
}

/** Building entrance stand-in: the footprint's vertex average (footprints are small and convex-ish). */
function polygonCentre(proj: Projection, geom: { type: string; coordinates: Position[][] } | null): [number, number] {
  const ring = geom?.type === 'Polygon' ? geom.coordinates?.[0] : null;
  if (!ring || ring.length === 0) return [NaN, NaN];
  let sx = 0, sy = 0, n = 0;
  const m = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
  for (let k = 0; k < m; k++) {
    const [x, y] = toXY(proj, ring[k][0], ring[k][1]);
    sx += x; sy += y; n++;
  }
  return [sx / n, sy / n];
}

function accessPoints(proj: Projection, geom: { type: string; coordinates: unknown } | null): Float64Array {
  if (geom?.type === 'Point') {
    const [lon, lat] = geom.coordinates as Position;
    const [x, y] = toXY(proj, lon, lat);
    return new Float64Array([x, y]);
  }
  if (geom?.type === 'Polygon') {
    const ring = projectRing(proj, (geom.coordinates as Position[][])[0] ?? []);
    let perimeter = 0;
    for (let k = 0; k + 3 < ring.length; k += 2) perimeter += Math.hypot(ring[k + 2] - ring[k], ring[k + 3] - ring[k + 1]);
    if (!Number.isFinite(perimeter)) return new Float64Array([NaN, NaN]);
    // A typo'd vertex far away must not turn one outline into millions of access points.
    const spacing = Math.max(FACILITY_SAMPLE_M, perimeter / LIMITS.outlineSamples);
    const out: number[] = [];
    for (let k = 0; k + 3 < ring.length; k += 2) {
      const ax = ring[k], ay = ring[k + 1], bx = ring[k + 2], by = ring[k + 3];
      const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / spacing));
      for (let s = 0; s < n; s++) out.push(ax + ((bx - ax) * s) / n, ay + ((by - ay) * s) / n);
    }
    return new Float64Array(out);
  }
  return new Float64Array([NaN, NaN]);
}

function makeBarriers(proj: Projection, ds: Dataset): Barriers {
  const water: Float64Array[][] = [];
  for (const f of ds.landuse.features) {
    if (f.properties?.kind === 'water' && f.geometry?.type === 'Polygon') water.push(f.geometry.coordinates.map((r) => projectRing(proj, r)));
  }
  return { water };
}
