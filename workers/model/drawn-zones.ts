// Community boundaries drawn by the user in the app. They are kept apart from the dataset (the
// user's layer, src/storage/datasets.ts) and, while there are any, replace the dataset's own or
// derived communities as the analysis scopes: each building goes to the smallest drawn boundary
// holding it, and buildings and facilities outside all of them to one "其他 / Other" scope, so that
// nobody drops out of the per-community figures unseen.

import { featureCollection, intersect, polygon as turfPolygon, union } from '@turf/turf';
import type { CommunityProps, Dataset, Feature, PolygonGeom, Position } from './dataset.ts';
import { makeProjection, pointInPolygon, ringArea, toXY, type Projection } from './geo.ts';
import { buildingPoint, ringSelfIntersection } from './shape.ts';

export interface DrawnBoundary {
  id: string;
  name: string;
  name_en: string;
  /** Closed outline, WGS84. */
  ring: Position[];
}

export const UNASSIGNED_ID = 'unassigned';
export const UNASSIGNED_NAME = '其他（手绘边界以外）';
export const UNASSIGNED_NAME_EN = 'Other (outside the drawn boundaries)';
/** A boundary smaller than this is a slip of the mouse, not a community. */
export const MIN_DRAWN_AREA_M2 = 100;
export const MAX_NAME_LENGTH = 60;

export type DrawnProps = CommunityProps & { source: 'drawn' | 'unassigned'; buildings: number };

export interface DrawnScopes {
  dataset: Dataset;
  /** Buildings and residents in each drawn boundary, by id. */
  counts: Record<string, { buildings: number; population: number }>;
  /** Outside every drawn boundary (the 其他 scope, present when any building or facility is). */
  unassigned: { buildings: number; population: number; facilities: number };
}

function projection(ds: Pick<Dataset, 'meta'>): Projection {
  return makeProjection(ds.meta.center[0], ds.meta.center[1]);
}

/** What is wrong with an outline as a community boundary, or null. */
export function boundaryProblem(ring: Position[], proj: Projection): string | null {
  if (!Array.isArray(ring) || ring.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) return 'the outline has bad coordinates';
  const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`));
  if (distinct.size < 3) return 'a boundary needs at least three corners';
  const closed = ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring : [...ring, ring[0]];
  const flat = new Float64Array(closed.flatMap((p) => toXY(proj, p[0], p[1])));
  if (ringSelfIntersection(flat)) return 'the outline crosses itself';
  const xs = flat.filter((_, k) => k % 2 === 0), ys = flat.filter((_, k) => k % 2 === 1);
  if (ringArea(xs, ys) < MIN_DRAWN_AREA_M2) return `the boundary encloses less than ${MIN_DRAWN_AREA_M2} m²`;
  return null;
}

/** What is wrong with a boundary's names, or null. */
export function nameProblem(name: string, nameEn: string): string | null {
  if (!name.trim()) return 'a boundary needs a name';
  if (name.trim().length > MAX_NAME_LENGTH || nameEn.trim().length > MAX_NAME_LENGTH) return `names are at most ${MAX_NAME_LENGTH} characters`;
  return null;
}

/**
 * Drawn boundaries read from storage or a file: the ones that are sound, and a problem line for
 * each that is not (it is left out, never guessed at).
 */
export function checkBoundaries(list: unknown, ds: Pick<Dataset, 'meta'>): { boundaries: DrawnBoundary[]; problems: string[] } {
  const proj = projection(ds);
  const boundaries: DrawnBoundary[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [k, b] of (Array.isArray(list) ? list : []).entries()) {
    const r = b as Partial<DrawnBoundary> | null;
    const label = typeof r?.id === 'string' ? r.id : `#${k}`;
    if (!r || typeof r.id !== 'string' || !r.id || seen.has(r.id) || r.id === UNASSIGNED_ID) { problems.push(`${label}: missing or repeated id`); continue; }
    const bad = (typeof r.name === 'string' && typeof r.name_en === 'string' ? nameProblem(r.name, r.name_en) : 'names missing')
      ?? (Array.isArray(r.ring) ? boundaryProblem(r.ring as Position[], proj) : 'no outline');
    if (bad) { problems.push(`${label}: ${bad}`); continue; }
    seen.add(r.id);
    boundaries.push({ id: r.id, name: r.name!.trim(), name_en: r.name_en!.trim() || r.name!.trim(), ring: closeRing(r.ring as Position[]) });
  }
  return { boundaries, problems };
}

export function closeRing(ring: Position[]): Position[] {
  const a = ring[0], b = ring[ring.length - 1];
  return a[0] === b[0] && a[1] === b[1] ? ring.map((p) => [p[0], p[1]]) : [...ring.map((p) => [p[0], p[1]] as Position), [a[0], a[1]]];
}

/**
 * The dataset with the drawn boundaries as its communities (a new object; the input is not
 * changed): each building and facility in the smallest boundary holding it, the rest in 其他.
 */
export function applyDrawnBoundaries(ds: Dataset, drawn: DrawnBoundary[]): DrawnScopes {
  const proj = projection(ds);
  const rings = drawn.map((b) => [new Float64Array(b.ring.flatMap((p) => toXY(proj, p[0], p[1])))]);
  const areas = rings.map(([r]) => ringArea(r.filter((_, k) => k % 2 === 0), r.filter((_, k) => k % 2 === 1)));
  const boxes = rings.map(([r]) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < r.length; k += 2) { x0 = Math.min(x0, r[k]); x1 = Math.max(x1, r[k]); y0 = Math.min(y0, r[k + 1]); y1 = Math.max(y1, r[k + 1]); }
    return [x0, y0, x1, y1];
  });
  const at = (x: number, y: number): number => {
    let best = -1;
    for (let k = 0; k < drawn.length; k++) {
      const [x0, y0, x1, y1] = boxes[k];
      if (x < x0 || x > x1 || y < y0 || y > y1 || (best >= 0 && areas[k] >= areas[best])) continue;
      if (pointInPolygon(x, y, rings[k])) best = k;
    }
    return best;
  };
  const counts: DrawnScopes['counts'] = Object.fromEntries(drawn.map((b) => [b.id, { buildings: 0, population: 0 }]));
  const unassigned = { buildings: 0, population: 0, facilities: 0 };
  const households = new Float64Array(drawn.length + 1);
  const buildings = ds.buildings.features.map((f) => {
    const [x, y] = buildingPoint(proj, f.geometry);
    const k = at(x, y);
    const pop = Number.isFinite(f.properties.population) ? f.properties.population : 0;
    if (k >= 0) { counts[drawn[k].id].buildings++; counts[drawn[k].id].population += pop; } else { unassigned.buildings++; unassigned.population += pop; }
    households[k >= 0 ? k : drawn.length] += Number.isFinite(f.properties.households) ? f.properties.households : 0;
    return { ...f, properties: { ...f.properties, community: k >= 0 ? drawn[k].id : UNASSIGNED_ID } };
  });
  const facilities = ds.facilities.features.map((f) => {
    const g = f.geometry;
    const [x, y] = g?.type === 'Point' ? toXY(proj, g.coordinates[0], g.coordinates[1]) : g?.type === 'Polygon' ? buildingPoint(proj, g) : [NaN, NaN];
    const k = at(x, y);
    if (k < 0) unassigned.facilities++;
    return { ...f, properties: { ...f.properties, community: k >= 0 ? drawn[k].id : UNASSIGNED_ID } };
  });
  const communities: Array<Feature<PolygonGeom, DrawnProps>> = drawn.map((b, k) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [b.ring] },
    properties: {
      id: b.id, name: b.name, name_en: b.name_en, type: 'mixed', households: Math.round(households[k]),
      population: Math.round(counts[b.id].population), groups: 0, source: 'drawn', buildings: counts[b.id].buildings,
    },
  }));
  if (unassigned.buildings > 0 || unassigned.facilities > 0) {
    communities.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: outsideRings(ds, drawn) },
      properties: {
        id: UNASSIGNED_ID, name: UNASSIGNED_NAME, name_en: UNASSIGNED_NAME_EN, type: 'mixed', households: Math.round(households[drawn.length]),
        population: Math.round(unassigned.population), groups: 0, source: 'unassigned', buildings: unassigned.buildings,
      },
    });
  }
  const dataset: Dataset = {
    ...ds,
    meta: { ...ds.meta, zones_method: 'drawn' } as Dataset['meta'],
    communities: { type: 'FeatureCollection', features: communities as unknown as Dataset['communities']['features'] },
    buildings: { ...ds.buildings, features: buildings },
    facilities: { ...ds.facilities, features: facilities },
  };
  return { dataset, counts, unassigned };
}

/**
 * The data extent outside the drawn boundaries, as one polygon (the extent's box with the drawn
 * area as holes), so that area figures of 其他 (green cover, road density) and of the district
 * stay true. A pocket the drawn boundaries enclose without covering counts with them, not with 其他.
 */
function outsideRings(ds: Dataset, drawn: DrawnBoundary[]): Position[][] {
  const [x0, y0, x1, y1] = ds.meta.bbox;
  const box: Position[] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
  if (![x0, y0, x1, y1].every(Number.isFinite)) return [];
  const extent = turfPolygon([box]);
  const parts = drawn.map((b) => turfPolygon([b.ring]));
  const covered = parts.length === 1 ? parts[0] : union(featureCollection(parts));
  const inside = covered && intersect(featureCollection([extent, covered]));
  if (!inside) return [box];
  // Holes of the extent are the drawn area: the outer rings of what is covered.
  const g = inside.geometry;
  const holes = g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
  return [box, ...(holes as Position[][])];
}
