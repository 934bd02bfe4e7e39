// Dataset attributes the analysis and the exports need, pulled out of the GeoJSON once when the
// engine is built: cohorts, capacities, names, community membership, green area and road length per
// community, and each building's gap hexagon. After this the engine keeps no GeoJSON.

import Flatbush from 'flatbush';
import { COHORTS, VEHICLE_CLASSES, type Cohort, type Dataset } from '../model/dataset.ts';
import { pointInPolygon, ringArea, toXY, type Projection } from '../model/geo.ts';
import { projectRing } from '../network/network.ts';
import type { Snaps } from '../routing/spatial.ts';
import { unionArea } from '../model/area.ts';

export interface DatasetFacts {
  buildingCommunity: Int32Array;
  facilityCommunity: Int32Array;
  facilityNames: string[];
  communityIds: string[];
  communityNames: string[];
  communityNamesEn: string[];
  /**
   * Where each scope comes from: 'dataset', 'derived_streets' / 'derived_grid' (workers/model/zones.ts),
   * 'drawn' or 'unassigned' (workers/model/drawn-zones.ts).
   */
  communitySources: string[];
  communityRings: Float64Array[][];
  cohorts: Record<Cohort, Float64Array>;
  /** 1 where the building's population is an estimate (see model/population.ts); null when none is. */
  populationEstimated: Uint8Array | null;
  capacity: Array<number | null>;
  /** Buildings by the edge they are snapped to (CSR). */
  edgeBStart: Uint32Array;
  edgeBIds: Uint32Array;
  communityArea: Float64Array;
  roadKm: Float64Array;
  greenArea: Float64Array;
  districtArea: number;
  /** Gap hexagon of each building (-1 without coordinates), and each hexagon's axial coordinates. */
  hexOf: Int32Array;
  hexQ: Int32Array;
  hexR: Int32Array;
  /** Community index at a point of the metric plane, -1 outside every community. */
  communityAt(x: number, y: number): number;
}

export const HEX_SIZE = 150;

/** Flat-top hexagons of `size` (centre to corner): each building's cell, numbered densely. */
export function hexCells(xy: Float64Array, size: number) {
  const n = xy.length / 2;
  const cellOf = new Int32Array(n).fill(-1);
  const ids = new Map<number, number>();
  const qs: number[] = [], rs: number[] = [];
  const sqrt3 = Math.sqrt(3);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i], y = xy[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const q = ((2 / 3) * x) / size, r = ((-1 / 3) * x + (sqrt3 / 3) * y) / size;
    let rx = Math.round(q), rz = Math.round(r);
    const ry = Math.round(-q - r);
    const dx = Math.abs(rx - q), dy = Math.abs(ry - (-q - r)), dz = Math.abs(rz - r);
    if (dx > dy && dx > dz) rx = -ry - rz;
    else if (dy <= dz) rz = -rx - ry;
    const key = (rx + 1048576) * 2097152 + (rz + 1048576);
    let id = ids.get(key);
    if (id === undefined) {
      id = qs.length;
      ids.set(key, id);
      qs.push(rx);
      rs.push(rz);
    }
    cellOf[i] = id;
  }
  return { cellOf, q: Int32Array.from(qs), r: Int32Array.from(rs) };
}

/** What the engine needs from a dataset's attributes, read once so the GeoJSON can be let go. */
export interface FactsInput {
  proj: Projection;
  buildingXY: Float64Array;
  buildingSnaps: Snaps;
  facilityCount: number;
  edgeCount: number;
}

export function datasetFacts(ds: Dataset, e: FactsInput): DatasetFacts {
  const communityIds = ds.communities.features.map((c, i) => String(c.properties?.id ?? `community-${i}`));
  const communityNames = ds.communities.features.map((c, i) => String(c.properties?.name ?? communityIds[i]));
  const communityNamesEn = ds.communities.features.map((c, i) => String(c.properties?.name_en ?? communityNames[i]));
  const communitySources = ds.communities.features.map((c) => {
    const p = (c.properties ?? {}) as unknown as Record<string, unknown>;
    if (p.derived === true) return `derived_${typeof p.method === 'string' ? p.method : 'grid'}`;
    return p.source === 'drawn' || p.source === 'unassigned' ? p.source : 'dataset';
  });
  const communityRings = ds.communities.features.map((c) =>
    c.geometry?.type === 'Polygon' ? c.geometry.coordinates.map((r) => projectRing(e.proj, r)) : []);
  const index = new Map(communityIds.map((id, i) => [id, i]));
  const tree = new Flatbush(Math.max(1, communityRings.length));
  for (const rings of communityRings) {
    const r = rings[0] ?? new Float64Array([NaN, NaN]);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let k = 0; k < r.length; k += 2) {
      minX = Math.min(minX, r[k]); maxX = Math.max(maxX, r[k]); minY = Math.min(minY, r[k + 1]); maxY = Math.max(maxY, r[k + 1]);
    }
    tree.add(minX, minY, maxX, maxY);
  }
  if (communityRings.length === 0) tree.add(NaN, NaN, NaN, NaN);
  tree.finish();
  /** Communities whose box lies within `pad` metres of a point. */
  const near = (x: number, y: number, pad = 0) => (Number.isFinite(x) && Number.isFinite(y) && communityRings.length
    ? tree.search(x - pad, y - pad, x + pad, y + pad) : []);
  const locate = (named: unknown, x: number, y: number) => {
    if (typeof named === 'string' && index.has(named)) return index.get(named)!;
    for (const c of near(x, y)) if (communityRings[c].length && pointInPolygon(x, y, communityRings[c])) return c;
    return -1;
  };
  const nb = ds.buildings.features.length;
  const buildingCommunity = new Int32Array(nb);
  const cohorts = Object.fromEntries(COHORTS.map((c) => [c, new Float64Array(nb)])) as Record<Cohort, Float64Array>;
  let populationEstimated: Uint8Array | null = null;
  ds.buildings.features.forEach((f, i) => {
    const p = (f.properties ?? {}) as unknown as Record<string, unknown>;
    buildingCommunity[i] = locate(p.community, e.buildingXY[2 * i], e.buildingXY[2 * i + 1]);
    const num = (k: string) => (typeof p[k] === 'number' && Number.isFinite(p[k] as number) && (p[k] as number) > 0 ? (p[k] as number) : 0);
    cohorts.everyone[i] = num('population');
    if (p.population_estimated === true) (populationEstimated ??= new Uint8Array(nb))[i] = 1;
    cohorts.households[i] = num('households');
    for (const c of ['age0_3', 'age3_6', 'age6_12', 'age60plus', 'cars'] as const) cohorts[c][i] = num(c);
  });
  const facilityCommunity = new Int32Array(e.facilityCount);
  const facilityNames: string[] = [];
  const capacity: Array<number | null> = [];
  ds.facilities.features.forEach((f, i) => {
    const g = f.geometry;
    let x = NaN, y = NaN;
    if (g?.type === 'Point') [x, y] = toXY(e.proj, g.coordinates[0], g.coordinates[1]);
    else if (g?.type === 'Polygon' && g.coordinates[0]?.length) {
      const r = projectRing(e.proj, g.coordinates[0]);
      x = 0; y = 0;
      for (let k = 0; k < r.length; k += 2) { x += r[k]; y += r[k + 1]; }
      x /= r.length / 2; y /= r.length / 2;
    }
    facilityCommunity[i] = locate(f.properties?.community, x, y);
    facilityNames.push(String(f.properties?.name ?? ''));
    const cap = f.properties?.capacity;
    capacity.push(typeof cap === 'number' && Number.isFinite(cap) ? cap : null);
  });

  const m = e.edgeCount;
  const edgeBStart = new Uint32Array(m + 1);
  const snaps = e.buildingSnaps;
  for (let i = 0; i < nb; i++) if (snaps.edge[i] >= 0) edgeBStart[snaps.edge[i] + 1]++;
  for (let k = 0; k < m; k++) edgeBStart[k + 1] += edgeBStart[k];
  const fill = edgeBStart.slice(0, m);
  const edgeBIds = new Uint32Array(edgeBStart[m]);
  for (let i = 0; i < nb; i++) if (snaps.edge[i] >= 0) edgeBIds[fill[snaps.edge[i]]++] = i;

  const nc = communityIds.length;
  const communityArea = new Float64Array(nc);
  communityRings.forEach((rings, c) => {
    rings.forEach((r, k) => {
      const xs = r.filter((_, j) => j % 2 === 0), ys = r.filter((_, j) => j % 2 === 1);
      communityArea[c] += (k === 0 ? 1 : -1) * ringArea(xs, ys);
    });
  });
  const roadKm = new Float64Array(nc);
  const onRing = (x: number, y: number, ring: Float64Array) => {
    for (let k = 0; k + 3 < ring.length; k += 2) {
      const ax = ring[k], ay = ring[k + 1], dx = ring[k + 2] - ax, dy = ring[k + 3] - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      if (Math.hypot(x - ax - t * dx, y - ay - t * dy) < 1) return true;
    }
    return false;
  };
  for (const s of ds.streets.features) {
    if (!VEHICLE_CLASSES.has(String(s.properties?.class)) || s.geometry?.type !== 'LineString') continue;
    const c = projectRing(e.proj, s.geometry.coordinates);
    for (let k = 0; k + 3 < c.length; k += 2) {
      const len = Math.hypot(c[k + 2] - c[k], c[k + 3] - c[k + 1]) / 1000;
      if (!Number.isFinite(len)) continue;
      const mx = (c[k] + c[k + 2]) / 2, my = (c[k + 1] + c[k + 3]) / 2;
      // A road on a community's boundary is shared with its neighbour (or the next district): half each.
      for (const ci of near(mx, my, 1)) {
        const rings = communityRings[ci];
        if (!rings.length) continue;
        if (onRing(mx, my, rings[0])) roadKm[ci] += len / 2;
        else if (pointInPolygon(mx, my, rings)) roadKm[ci] += len;
      }
    }
  }
  const greenArea = new Float64Array(nc);
  const greensOf: number[][][][][] = Array.from({ length: nc }, () => []);
  for (const f of ds.landuse.features) {
    if (f.properties?.kind !== 'green' || f.geometry?.type !== 'Polygon') continue;
    const rings = f.geometry.coordinates.map((r) => projectRing(e.proj, r));
    const outer = rings[0];
    if (!outer?.length) continue;
    let cx = 0, cy = 0;
    for (let k = 0; k < outer.length; k += 2) { cx += outer[k]; cy += outer[k + 1]; }
    const ci = locate(undefined, cx / (outer.length / 2), cy / (outer.length / 2));
    if (ci >= 0) greensOf[ci].push(rings.map((r) => Array.from({ length: r.length / 2 }, (_, j) => [r[2 * j], r[2 * j + 1]])));
  }
  // Overlapping greens (one mapped twice, a strip inside a park) count once.
  for (let c = 0; c < nc; c++) greenArea[c] = unionArea(greensOf[c]);
  const districtArea = communityArea.reduce((a, b) => a + b, 0);
  const hex = hexCells(e.buildingXY, HEX_SIZE);
  return {
    buildingCommunity, facilityCommunity, facilityNames, communityIds, communityNames, communityNamesEn, communitySources, communityRings, cohorts, populationEstimated, capacity,
    edgeBStart, edgeBIds, communityArea, roadKm, greenArea, districtArea, hexOf: hex.cellOf, hexQ: hex.q, hexR: hex.r,
    communityAt: (x, y) => locate(undefined, x, y),
  };
}

