// Analysis scopes for a dataset without community boundaries. First choice: zones from the street
// network (workers/model/street-zones.ts), the blocks the major streets enclose merged to a
// planning-sized population; where the major streets form no usable blocks, a grid of square zones.
// Either way the zones are marked `derived: true` with their `method`, every building is put in
// exactly one of them (its `community` property), and they are never passed off as real 社区.

import type { CommunityProps, Dataset, Feature, PolygonGeom, Position } from './dataset.ts';
import { makeProjection, toLonLat, toXY } from './geo.ts';
import { buildingPoint } from './shape.ts';
import { deriveStreetZones, STREET_ZONE_DEFAULTS, type StreetZoneOptions } from './street-zones.ts';

export const DERIVED_ZONE_M = 1000;

export type ZoneMethod = 'streets' | 'grid';
export type DerivedZoneProps = CommunityProps & {
  derived: true;
  method: ZoneMethod;
  buildings: number;
  /** Street zones: the longest named streets on the outline, joined with 、. */
  streets?: string;
};
export type DerivedZone = Feature<PolygonGeom, DerivedZoneProps>;

export interface DerivedZones {
  method: ZoneMethod;
  zones: DerivedZone[];
  /** Why the street zones could not be used (method 'grid'). */
  fallback?: string;
  /** Blocks the major streets enclose before merging (method 'streets'). */
  blocks?: number;
  minPopulation: number;
}

/**
 * Zones for a dataset without communities, and each building's and facility's `community` set
 * to its zone (in place). Street zones first, the grid when the streets form no usable blocks.
 */
export function deriveZones(ds: Dataset, options: Partial<StreetZoneOptions> = {}): DerivedZones {
  const opts = { ...STREET_ZONE_DEFAULTS, ...options };
  let fallback: string;
  try {
    const r = deriveStreetZones(ds, opts);
    if (r.ok) {
      const zones = r.zones.map((z, k): DerivedZone => ({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: z.rings },
        properties: {
          id: `zone-${k + 1}`, name: `片区 ${k + 1}`, name_en: `Zone ${k + 1}`, type: 'mixed',
          households: Math.round(z.households), population: Math.round(z.population), groups: 0,
          derived: true, method: 'streets', buildings: z.buildings, streets: z.streets.join('、'),
        },
      }));
      assign(ds, zones, r.buildingZone, r.facilityZone);
      return { method: 'streets', zones, blocks: r.blocks, minPopulation: opts.minPopulation };
    }
    fallback = r.reason;
  } catch (e) {
    fallback = `street zones failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { method: 'grid', zones: deriveGridZones(ds), fallback, minPopulation: opts.minPopulation };
}

function assign(ds: Dataset, zones: DerivedZone[], buildingZone: Int32Array, facilityZone: Int32Array) {
  ds.buildings.features.forEach((f, i) => {
    if (buildingZone[i] >= 0) f.properties.community = zones[buildingZone[i]].properties.id;
  });
  ds.facilities.features.forEach((f, i) => {
    if (facilityZone[i] >= 0) f.properties.community = zones[facilityZone[i]].properties.id;
  });
}

/** Square zones of `size` metres over the buildings, each building and facility put in the one it stands in. */
export function deriveGridZones(ds: Dataset, size = DERIVED_ZONE_M): DerivedZone[] {
  const c = ds.meta.center;
  const proj = makeProjection(c[0], c[1]);
  const cells = new Map<string, { i: number; j: number; population: number; households: number; buildings: number }>();
  const keyOf = (x: number, y: number) => (Number.isFinite(x) && Number.isFinite(y) ? `${Math.floor(x / size)},${Math.floor(y / size)}` : null);
  const buildingCell = ds.buildings.features.map((f) => {
    const [x, y] = buildingPoint(proj, f.geometry);
    const key = keyOf(x, y);
    if (key === null) return null;
    const cell = cells.get(key) ?? { i: Math.floor(x / size), j: Math.floor(y / size), population: 0, households: 0, buildings: 0 };
    cell.population += f.properties.population || 0;
    cell.households += f.properties.households || 0;
    cell.buildings++;
    cells.set(key, cell);
    return key;
  });
  const list = [...cells.values()];
  if (list.length === 0) return [];
  const minI = Math.min(...list.map((c) => c.i)), maxJ = Math.max(...list.map((c) => c.j));
  list.sort((a, b) => b.j - a.j || a.i - b.i);
  const idOf = new Map<string, string>();
  const zones = list.map((cell): DerivedZone => {
    // Rows from the north as letters, columns from the west as numbers, as on a printed map grid.
    const row = maxJ - cell.j, col = cell.i - minI + 1;
    const label = `${rowLetters(row)}${col}`;
    idOf.set(`${cell.i},${cell.j}`, `zone-${label}`);
    const corners = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]].map(([a, b]) => {
      const [lon, lat] = toLonLat(proj, (cell.i + a) * size, (cell.j + b) * size);
      return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7] as Position;
    });
    return {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [corners] },
      properties: {
        id: `zone-${label}`, name: `网格 ${label}`, name_en: `Grid ${label}`, type: 'mixed',
        households: Math.round(cell.households), population: Math.round(cell.population), groups: 0,
        derived: true, method: 'grid', buildings: cell.buildings,
      },
    };
  });
  ds.buildings.features.forEach((f, i) => { const k = buildingCell[i]; if (k !== null) f.properties.community = idOf.get(k)!; });
  // A facility takes the zone of its cell when buildings made one there, else none.
  ds.facilities.features.forEach((f) => {
    const g = f.geometry;
    const p = g?.type === 'Point' ? g.coordinates : g?.type === 'Polygon' ? g.coordinates[0]?.[0] : undefined;
    if (!p) return;
    const [x, y] = toXY(proj, p[0], p[1]);
    const id = idOf.get(keyOf(x, y) ?? '');
    if (id) f.properties.community = id;
  });
  return zones;
}

function rowLetters(n: number): string {
  let s = '';
  do { s = String.fromCharCode(65 + (n % 26)) + s; n = Math.floor(n / 26) - 1; } while (n >= 0);
  return s;
}
