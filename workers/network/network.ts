// Flat typed-array form of a dataset's streets and points, in the local metric plane. The graph,
// the index and the searches read only this; GeoJSON objects stop here.

import type { Dataset, Position } from '../model/dataset.ts';
import { makeProjection, pointInPolygon, toXY, type Projection } from '../model/geo.ts';
import Flatbush from 'flatbush';

/** OSM highway values we know; anything else is treated as a generic walkable way. */
export const STREET_CLASSES = [
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link',
  'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'service', 'pedestrian', 'footway',
  'path', 'cycleway', 'steps', 'track', 'crossing', 'other',
] as const;
export const CLASS_CODE = new Map<string, number>(STREET_CLASSES.map((c, i) => [c, i]));
export const CODE_OTHER = STREET_CLASSES.length - 1;
export const CODE_STEPS = CLASS_CODE.get('steps')!;
const NOT_WALKABLE = new Set(['motorway', 'motorway_link'].map((c) => CLASS_CODE.get(c)!));
const ARTERIAL = new Set(['trunk', 'primary', 'secondary'].map((c) => CLASS_CODE.get(c)!));

/** Ways that exist on paper or no longer: never walkable, whatever else they are tagged. */
const NOT_BUILT = new Set(['construction', 'proposed', 'abandoned', 'disused', 'razed', 'planned']);
const FOOT_ALLOWED = new Set(['yes', 'designated', 'permissive']);
/** foot=use_sidepath: pedestrians must take the sidewalk mapped beside the road, so the road itself is not theirs. */
const FOOT_BANNED = new Set(['no', 'use_sidepath']);
const ACCESS_CLOSED = new Set(['no', 'private']);

/**
 * Whether pedestrians may use a street, by the rules routing engines apply to OSM foot access:
 * unbuilt ways and foot=no/use_sidepath are out; access=no/private is out unless foot=yes/designated/permissive,
 * or the way is a gated compound's own path (`compound` set), which its residents use.
 * Motorways are excluded by class in the graph.
 */
export function pedestrianAllowed(props: Record<string, unknown> | null | undefined): boolean {
  if (!props) return true;
  if (NOT_BUILT.has(String(props.class)) || NOT_BUILT.has(String(props.highway))) return false;
  const foot = props.foot === undefined || props.foot === null ? '' : String(props.foot);
  if (FOOT_BANNED.has(foot)) return false;
  if (FOOT_ALLOWED.has(foot)) return true;
  const access = props.access === undefined || props.access === null ? '' : String(props.access);
  if (ACCESS_CLOSED.has(access)) return typeof props.compound === 'string' && props.compound !== '';
  return true;
}

export function isWalkableClass(code: number): boolean {
  return !NOT_WALKABLE.has(code);
}
export function isArterialClass(code: number): boolean {
  return ARTERIAL.has(code);
}

export interface StreetArrays {
  /** Vertex coordinates in metres, x then y. */
  xy: Float64Array;
  /** Line k uses vertices lineStart[k] .. lineStart[k+1]-1. */
  lineStart: Uint32Array;
  lineClass: Uint8Array;
  /** 1 where pedestrians may not use the way (foot=no, access=private, unbuilt: see pedestrianAllowed). */
  lineFootNo: Uint8Array;
  /** Compound (zone) index of an internal path; -1 for public streets. */
  lineZone: Int32Array;
  /** Feature id per line, for edits that name a street (scenario closures). */
  lineIds?: string[];
}

export interface PointArrays {
  xy: Float64Array;
  zone: Int32Array;
}

/** Compounds as zones: a point inside one may only join that compound's own paths. */
export interface Zones {
  ids: string[];
  index: Map<string, number>;
  rings: Float64Array[][];
  tree: Flatbush | null;
}

export function makeZones(proj: Projection, ds: Pick<Dataset, 'compounds'>): Zones {
  const ids: string[] = [];
  const rings: Float64Array[][] = [];
  for (const f of ds.compounds.features) {
    if (f.geometry?.type !== 'Polygon') continue;
    ids.push(String(f.properties.id));
    rings.push(f.geometry.coordinates.map((ring) => projectRing(proj, ring)));
  }
  let tree: Flatbush | null = null;
  if (ids.length > 0) {
    tree = new Flatbush(ids.length);
    for (const r of rings) {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let i = 0; i < r[0].length; i += 2) {
        minX = Math.min(minX, r[0][i]); maxX = Math.max(maxX, r[0][i]);
        minY = Math.min(minY, r[0][i + 1]); maxY = Math.max(maxY, r[0][i + 1]);
      }
      tree.add(minX, minY, maxX, maxY);
    }
    tree.finish();
  }
  return { ids, index: new Map(ids.map((id, i) => [id, i])), rings, tree };
}

/** The compound a point lies in, -1 for none; where compounds overlap, the lowest-numbered one. */
export function zoneAt(zones: Zones, x: number, y: number): number {
  if (!zones.tree) return -1;
  let zone = -1;
  for (const h of zones.tree.search(x, y, x, y)) if ((zone < 0 || h < zone) && pointInPolygon(x, y, zones.rings[h])) zone = h;
  return zone;
}

/**
 * The compound each point of a grid lies in (-1 for none), point (i, j) at (x0 + i·cell, y0 + j·cell),
 * as zoneAt finds it for a building. Scanlines over each compound's rings: a grid point is inside a
 * ring when an odd number of the ring's crossings of its row lie to its right, the same arithmetic as
 * pointInRing, so the answer is zoneAt's, point for point (the lowest-numbered compound where two
 * overlap).
 */
export function zonesOnGrid(zones: Zones, x0: number, y0: number, cell: number, nx: number, ny: number): Int32Array {
  const zone = new Int32Array(nx * ny).fill(-1);
  const { rings: all, tree } = zones;
  const hits = tree ? tree.search(x0 - cell, y0 - cell, x0 + nx * cell, y0 + ny * cell).sort((a, b) => b - a) : [];
  const inside = new Uint8Array(nx);
  const xs: number[] = [];
  // Highest index first, so that where compounds overlap the lowest-numbered one is written last.
  for (const h of hits) {
    const rings = all[h];
    const outer = rings[0];
    let minY = Infinity, maxY = -Infinity;
    for (let k = 1; k < outer.length; k += 2) { minY = Math.min(minY, outer[k]); maxY = Math.max(maxY, outer[k]); }
    const j0 = Math.max(0, Math.ceil((minY - y0) / cell)), j1 = Math.min(ny - 1, Math.floor((maxY - y0) / cell));
    for (let j = j0; j <= j1; j++) {
      const y = y0 + j * cell;
      inside.fill(0);
      rings.forEach((ring, r) => {
        xs.length = 0;
        for (let k = 0, m = ring.length / 2, q = m - 1; k < m; q = k++) {
          const xk = ring[2 * k], yk = ring[2 * k + 1], xq = ring[2 * q], yq = ring[2 * q + 1];
          if ((yk > y) !== (yq > y)) xs.push(((xq - xk) * (y - yk)) / (yq - yk) + xk);
        }
        xs.sort((a, b) => a - b);
        // Points left of xs[m] have xs.length - m crossings to their right.
        for (let m = 0; m < xs.length; m++) {
          if ((xs.length - m) % 2 === 0) continue;
          const from = m === 0 ? 0 : Math.max(0, Math.floor((xs[m - 1] - x0) / cell));
          const to = Math.min(nx - 1, Math.ceil((xs[m] - x0) / cell));
          for (let i = from; i <= to; i++) {
            const x = x0 + i * cell;
            if (x < xs[m] && (m === 0 || x >= xs[m - 1])) inside[i] = r === 0 ? 1 : 0;
          }
        }
      });
      for (let i = 0; i < nx; i++) if (inside[i]) zone[j * nx + i] = h;
    }
  }
  return zone;
}

export function projectRing(proj: Projection, ring: Position[]): Float64Array {
  const out = new Float64Array(ring.length * 2);
  for (let i = 0; i < ring.length; i++) {
    const [x, y] = toXY(proj, ring[i][0], ring[i][1]);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

export function datasetProjection(ds: Dataset): Projection {
  const c = ds.meta?.center;
  if (c && Number.isFinite(c[0]) && Number.isFinite(c[1])) return makeProjection(c[0], c[1]);
  let sx = 0, sy = 0, n = 0;
  for (const f of ds.streets.features) {
    for (const p of f.geometry?.coordinates ?? []) {
      if (Number.isFinite(p[0]) && Number.isFinite(p[1])) { sx += p[0]; sy += p[1]; n++; }
    }
  }
  return makeProjection(n ? sx / n : 0, n ? sy / n : 0);
}

/** Streets of a dataset as flat arrays. Lines without two valid vertices are counted, not kept. */
export function streetArrays(proj: Projection, ds: Pick<Dataset, 'streets'>, zones: Zones): { arrays: StreetArrays; skipped: number } {
  let vertexCount = 0, lineCount = 0, skipped = 0;
  const feats = ds.streets.features.filter((f) => {
    const ok = f.geometry?.type === 'LineString' && Array.isArray(f.geometry.coordinates) && f.geometry.coordinates.length >= 2;
    if (!ok) skipped++;
    return ok;
  });
  for (const f of feats) { vertexCount += f.geometry.coordinates.length; lineCount++; }
  const xy = new Float64Array(vertexCount * 2);
  const lineStart = new Uint32Array(lineCount + 1);
  const lineClass = new Uint8Array(lineCount);
  const lineFootNo = new Uint8Array(lineCount);
  const lineZone = new Int32Array(lineCount);
  let v = 0;
  feats.forEach((f, k) => {
    lineStart[k] = v;
    for (const p of f.geometry.coordinates) {
      const ok = Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]);
      const [x, y] = ok ? toXY(proj, p[0], p[1]) : [NaN, NaN];
      xy[2 * v] = x;
      xy[2 * v + 1] = y;
      v++;
    }
    const props = f.properties ?? ({} as Record<string, unknown>);
    lineClass[k] = CLASS_CODE.get(String(props.class ?? 'other')) ?? CODE_OTHER;
    lineFootNo[k] = pedestrianAllowed(props as unknown as Record<string, unknown>) ? 0 : 1;
    const z = props.compound;
    lineZone[k] = typeof z === 'string' && zones.index.has(z) ? zones.index.get(z)! : -1;
  });
  lineStart[lineCount] = v;
  const lineIds = feats.map((f, k) => String(f.properties?.id ?? f.id ?? `street-${k}`));
  return { arrays: { xy, lineStart, lineClass, lineFootNo, lineZone, lineIds }, skipped };
}
