// Issue 12, "one rule for every point": what the map draws and what the panels report agree. A
// building inside a category's isochrone band has a walk within that band, on the whole embedded
// district, for every category and both walking profiles, in the baseline and under a plan with
// network edits.
import { describe, expect, it } from 'vitest';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import { loadStandards } from '../../scripts/lib/standards.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { toXY } from '../../workers/model/geo.ts';
import { pointInPolygon } from '../../workers/model/geo.ts';
import type { CategoryId } from '../../workers/model/dataset.ts';
import type { IsochroneFeature } from '../../workers/engine.ts';

const ds = loadDatasetDir('data/jidong', { log: () => {} });
const e = new Engine(ds);
const std = loadStandards();

/** Per band, the indices of buildings whose point lies inside it (its rings projected back to metres). */
function buildingsInside(f: IsochroneFeature): number[] {
  const polys = f.geometry.coordinates.map((poly) => poly.map((ring) => Float64Array.from(ring.flatMap(([lon, lat]) => toXY(e.proj, lon, lat)))));
  const boxes = polys.map((rings) => {
    const r = rings[0];
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < r.length; k += 2) { x0 = Math.min(x0, r[k]); x1 = Math.max(x1, r[k]); y0 = Math.min(y0, r[k + 1]); y1 = Math.max(y1, r[k + 1]); }
    return [x0, y0, x1, y1];
  });
  const inside: number[] = [];
  for (let i = 0; i < e.buildingIds.length; i++) {
    const x = e.buildingXY[2 * i], y = e.buildingXY[2 * i + 1];
    if (polys.some((rings, k) => x >= boxes[k][0] && x <= boxes[k][2] && y >= boxes[k][1] && y <= boxes[k][3] && pointInPolygon(x, y, rings))) inside.push(i);
  }
  return inside;
}

function checkAll(profileId: string) {
  const profile = std.profiles.find((p) => p.id === profileId)!;
  const a = analyze(e, std, { profile });
  let checked = 0, coveredShown = 0, covered = 0;
  for (const cs of std.categories) {
    const r = a.categories[cs.id as CategoryId]!;
    if (!r.dist.some((d) => Number.isFinite(d))) continue;
    const iso = e.isochrone({ category: cs.id as CategoryId, minutes: [5, 10, 15], profile });
    for (const f of iso.features) {
      const limit = f.properties.minutes * profile.speed_m_per_min;
      const inside = buildingsInside(f);
      for (const i of inside) {
        if (!(r.dist[i] <= limit + 1e-9)) {
          throw new Error(`${cs.id} ${f.properties.minutes} min: building ${e.buildingIds[i]} is drawn inside the band but walks ${r.dist[i]} m (limit ${limit})`);
        }
      }
      checked += inside.length;
      const set = new Set(inside);
      for (let i = 0; i < r.dist.length; i++) {
        if (r.dist[i] <= limit) { covered++; if (set.has(i)) coveredShown++; }
      }
    }
  }
  return { checked, covered, coveredShown };
}

describe('one rule for the map and the figures', () => {
  it('every building drawn inside a band of a category walks within that band (adult walking)', () => {
    const s = checkAll('default');
    expect(s.checked).toBeGreaterThan(5000);
    // The converse is what the planner sees too: nearly every building within a band is drawn inside it.
    expect(s.coveredShown / s.covered).toBeGreaterThan(0.97);
  });

  it('the same holds for the older walker, whose steps and crossings cost more', () => {
    const s = checkAll('elderly');
    expect(s.checked).toBeGreaterThan(2000);
    expect(s.coveredShown / s.covered).toBeGreaterThan(0.97);
  });
});
