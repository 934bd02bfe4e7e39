// Analysis scopes for a dataset without community boundaries: a grid of square zones over the
// buildings, so coverage can still be read per area. Marked `derived: true` and named as grid
// cells, never passed off as real 社区.

import type { CommunityProps, Dataset, Feature, PolygonGeom } from './dataset.ts';
import { makeProjection, toLonLat } from './geo.ts';
import { buildingPoint } from './shape.ts';

export const DERIVED_ZONE_M = 1000;

export function deriveGridZones(ds: Dataset, size = DERIVED_ZONE_M): Feature<PolygonGeom, CommunityProps & { derived: true }>[] {
  const c = ds.meta.center;
  const proj = makeProjection(c[0], c[1]);
  const cells = new Map<string, { i: number; j: number; population: number; households: number }>();
  for (const f of ds.buildings.features) {
    const [x, y] = buildingPoint(proj, f.geometry);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const i = Math.floor(x / size), j = Math.floor(y / size);
    const key = `${i},${j}`;
    const cell = cells.get(key) ?? { i, j, population: 0, households: 0 };
    cell.population += f.properties.population || 0;
    cell.households += f.properties.households || 0;
    cells.set(key, cell);
  }
  const list = [...cells.values()];
  if (list.length === 0) return [];
  const minI = Math.min(...list.map((c) => c.i)), maxJ = Math.max(...list.map((c) => c.j));
  list.sort((a, b) => b.j - a.j || a.i - b.i);
  return list.map((cell) => {
    // Rows from the north as letters, columns from the west as numbers, as on a printed map grid.
    const row = maxJ - cell.j, col = cell.i - minI + 1;
    const label = `${rowLetters(row)}${col}`;
    const corners = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]].map(([a, b]) => {
      const [lon, lat] = toLonLat(proj, (cell.i + a) * size, (cell.j + b) * size);
      return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7] as [number, number];
    });
    return {
      type: 'Feature' as const,
      geometry: { type: 'Polygon' as const, coordinates: [corners] },
      properties: {
        id: `zone-${label}`, name: `网格 ${label}`, name_en: `Grid ${label}`, type: 'mixed' as const,
        households: Math.round(cell.households), population: Math.round(cell.population), groups: 0, derived: true as const,
      },
    };
  });
}

function rowLetters(n: number): string {
  let s = '';
  do { s = String.fromCharCode(65 + (n % 26)) + s; n = Math.floor(n / 26) - 1; } while (n >= 0);
  return s;
}
