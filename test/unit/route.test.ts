// Issue 12: clicking a building draws its actual walk to the facility that serves it. The drawn walk
// must be the reported figure: its cost is the analysis's distance, its length equals that distance
// when nothing costs extra, it runs along the dataset's own streets, and it leaves a compound
// through one of that compound's gates.
import { describe, expect, it } from 'vitest';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import { loadStandards } from '../../scripts/lib/standards.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze, searchLimit } from '../../workers/analysis/coverage.ts';
import { makeProjection, toLonLat, toXY } from '../../workers/model/geo.ts';
import { useScenario } from '../../workers/scenario/apply.ts';
import type { CategoryId, Position } from '../../workers/model/dataset.ts';
import type { Scenario } from '../../workers/scenario/types.ts';
import type { WalkProfile } from '../../workers/network/profile.ts';
import { EngineApi } from '../../workers/api.ts';

const ds = loadDatasetDir('data/jidong', { log: () => {} });
const std = loadStandards();
const e = new Engine(ds);
const proj = makeProjection(ds.meta.center[0], ds.meta.center[1]);
const threshold = (c: CategoryId) => std.categories.find((s) => s.id === c)!.threshold_m;
/** Walking where a metre costs a metre: steps and crossings priced at their length. */
const FLAT: WalkProfile = { ...std.profiles[0], id: 'flat', steps_factor: 1, crossing_penalty_m: 0 };

// Every walkable street segment of the raw GeoJSON, in metres, to check that a route runs along them.
const segments: number[][] = [];
for (const f of ds.streets.features) {
  const pr = f.properties as unknown as Record<string, unknown>;
  if (pr.foot === 'no') continue;
  const cs = f.geometry.coordinates.map((p) => toXY(proj, p[0], p[1]));
  for (let k = 0; k + 1 < cs.length; k++) segments.push([...cs[k], ...cs[k + 1]]);
}
function onStreet(x: number, y: number): boolean {
  return segments.some(([ax, ay, bx, by]) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) < 0.01;
  });
}
const compoundOf = new Map(ds.buildings.features.map((f) => [String(f.properties.id), f.properties.compound ?? null]));
const gatesOf = new Map(ds.compounds.features.map((c) => [String(c.properties.id), c.properties.gates.map((g) => toXY(proj, g[0], g[1]))]));

describe('the walk behind a building figure', () => {
  for (const category of ['nursery', 'health_station', 'park'] as CategoryId[]) {
    it(`${category}: every building's route costs its analysed walk, to the same facility`, () => {
      const a = analyze(e, std, { profile: std.profiles[0] });
      const r = a.categories[category]!;
      let routed = 0;
      for (let i = 0; i < e.buildingIds.length; i++) {
        const route = e.route({ buildingId: e.buildingIds[i], category, cutoff: searchLimit(threshold(category)), profile: std.profiles[0] });
        if (!Number.isFinite(r.dist[i])) {
          expect(route.status, e.buildingIds[i]).not.toBe('ok');
          continue;
        }
        expect(route.status, e.buildingIds[i]).toBe('ok');
        expect(route.distance!, e.buildingIds[i]).toBeCloseTo(r.dist[i], 6);
        expect(route.facility!.id).toBe(e.facilities.ids[r.nearest[i]]);
        expect(route.length!).toBeLessThanOrEqual(route.distance! + 1e-3);
        routed++;
      }
      expect(routed).toBeGreaterThan(300);
    });
  }

  it('the drawn walk is as long as the reported distance, runs along the streets and leaves a compound by its gates', () => {
    const cutoff = searchLimit(threshold('nursery'));
    let throughGates = 0;
    for (let i = 0; i < e.buildingIds.length; i += 7) {
      const id = e.buildingIds[i];
      const route = e.route({ buildingId: id, category: 'nursery', cutoff, profile: FLAT });
      if (route.status !== 'ok') continue;
      const xy = route.geometry!.coordinates.map((p) => toXY(proj, p[0], p[1]));
      let len = 0;
      for (let k = 0; k + 1 < xy.length; k++) len += Math.hypot(xy[k + 1][0] - xy[k][0], xy[k + 1][1] - xy[k][1]);
      // Coordinates are rounded to 1e-7° (about a centimetre) on the way out.
      expect(Math.abs(len - route.distance!), id).toBeLessThan(0.05 + 1e-5 * len);
      expect(Math.abs(route.length! - route.distance!), id).toBeLessThan(1e-3 + 1e-6 * len);
      // It starts at the building and ends at the facility; everything between lies on a street.
      expect(Math.hypot(xy[0][0] - e.buildingXY[2 * i], xy[0][1] - e.buildingXY[2 * i + 1])).toBeLessThan(0.02);
      const [fx, fy] = toXY(proj, route.facility!.position[0], route.facility!.position[1]);
      expect(Math.hypot(xy[xy.length - 1][0] - fx, xy[xy.length - 1][1] - fy)).toBeLessThan(0.02);
      for (let k = 1; k + 1 < xy.length; k++) expect(onStreet(xy[k][0], xy[k][1]), `${id} vertex ${k}`).toBe(true);
      const compound = compoundOf.get(id);
      if (compound) {
        const facilityCompound = ds.facilities.features.find((f) => f.properties.id === route.facility!.id)!.properties.compound;
        if (facilityCompound !== compound) {
          expect(route.gates.length, id).toBeGreaterThan(0);
          const own = gatesOf.get(compound)!;
          const [gx, gy] = toXY(proj, route.gates[0].position[0], route.gates[0].position[1]);
          expect(own.some(([x, y]) => Math.hypot(x - gx, y - gy) < 0.05), `${id} leaves by a gate of ${compound}`).toBe(true);
          expect(route.gates[0].id?.startsWith(`${compound}/`)).toBe(true);
          throughGates++;
        }
      }
    }
    expect(throughGates).toBeGreaterThan(50);
  });

  it('a clicked point walks as a building standing there', () => {
    const cutoff = searchLimit(threshold('health_station'));
    for (let i = 3; i < e.buildingIds.length; i += 97) {
      const here = toLonLat(e.proj, e.buildingXY[2 * i], e.buildingXY[2 * i + 1]) as Position;
      const b = e.route({ buildingId: e.buildingIds[i], category: 'health_station', cutoff });
      const p = e.route({ from: here, category: 'health_station', cutoff });
      expect(p.status).toBe(b.status);
      if (b.status === 'ok') expect(p.distance!).toBeCloseTo(b.distance!, 3);
    }
  });

  it('under a plan with a new footpath and a closed street, routes cost what the plan analysis says', () => {
    const streets = ds.streets.features;
    const a = toXY(proj, ...(streets[40].geometry.coordinates[0] as [number, number]));
    const b = toXY(proj, ...(streets[300].geometry.coordinates[0] as [number, number]));
    const plan: Scenario = {
      format: 'circletwin-scenario', version: 1, id: 'p', name: 'p', dataset: ds.meta.id, created: '', updated: '', revision: 1, time_of_day: null, slides: [],
      changes: [
        { kind: 'path_add', id: 'path', path_type: 'footpath', coordinates: [toLonLat(proj, a[0], a[1]), toLonLat(proj, b[0], b[1])], penalty_m: 0, name: '' },
        { kind: 'way_close', id: 'close', street: String(streets[120].properties.id), reason: '' },
      ],
    };
    const fresh = new Engine(ds);
    expect(useScenario(fresh, plan).problems).toEqual([]);
    const res = analyze(fresh, std, {}).categories.health_station!;
    let n = 0;
    for (let i = 0; i < fresh.buildingIds.length; i += 3) {
      const route = fresh.route({ buildingId: fresh.buildingIds[i], category: 'health_station', cutoff: searchLimit(threshold('health_station')), profile: std.profiles[0] });
      if (!Number.isFinite(res.dist[i])) { expect(route.status).not.toBe('ok'); continue; }
      expect(route.distance!).toBeCloseTo(res.dist[i], 6);
      n++;
    }
    expect(n).toBeGreaterThan(100);
  });

  it('says why there is no walk: unknown building, a point far from the streets, a category without facilities', () => {
    const api = new EngineApi();
    api.load(ds);
    expect(() => api.route({ buildingId: 'nope', category: 'nursery' }, std, {})).toThrow(/No building with id nope/);
    const far = toLonLat(e.proj, 5000, 5000) as Position;
    const off = api.route({ from: far, category: 'nursery' }, std, {});
    expect(off.status).toBe('not_on_network');
    expect(off.reason).toBe('too_far');
    const none = new Engine({ ...ds, facilities: { type: 'FeatureCollection', features: ds.facilities.features.filter((f) => f.properties.category !== 'nursery') } });
    expect(none.route({ buildingId: none.buildingIds[0], category: 'nursery', cutoff: 1000 }).status).toBe('no_facility');
    expect(() => api.route({ buildingId: e.buildingIds[0], category: 'nope' as CategoryId }, std, {})).toThrow(/no category nope/);
  });
});
