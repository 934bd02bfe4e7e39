// Drawn community boundaries as analysis scopes: each building in the smallest boundary holding it,
// the rest in 其他 with its count, area figures over the right areas, the export naming where each
// scope came from, and outlines that are no boundary refused by name.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fixture, ll, CENTER } from './fixtures.ts';
import { applyDrawnBoundaries, boundaryProblem, checkBoundaries, UNASSIGNED_ID, type DrawnBoundary } from '../../workers/model/drawn-zones.ts';
import { validateDataset } from '../../workers/model/validate.ts';
import { EngineApi } from '../../workers/api.ts';
import { makeProjection } from '../../workers/model/geo.ts';
import type { Dataset } from '../../workers/model/dataset.ts';

type XY = [number, number];
const TABLE = JSON.parse(readFileSync('data/standards/gb50180-2018.json', 'utf8'));
const rect = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]].map((p) => ll(p as XY));
const boundary = (id: string, ring: ReturnType<typeof rect>, name = id): DrawnBoundary => ({ id, name, name_en: `${name} en`, ring });

/** Streets along y = 0 and x = 0…1000; buildings at known points; one clinic. */
function base(): Dataset {
  const ds = fixture({
    streets: [{ pts: [[0, 0], [1000, 0]] }, { pts: [[0, 0], [0, 1000]] }, { pts: [[1000, 0], [1000, 1000]] }, { pts: [[0, 1000], [1000, 1000]] }],
    buildings: [
      { id: 'w1', at: [100, 100], population: 10 }, { id: 'w2', at: [300, 300], population: 20 },
      { id: 'nested', at: [150, 150], population: 5 },
      { id: 'e1', at: [700, 200], population: 40 },
      { id: 'out1', at: [500, 800], population: 100 }, { id: 'out2', at: [900, 900], population: 200 },
    ],
    facilities: [{ id: 'clinic', category: 'health_station', at: [520, 820] }],
  });
  return validateDataset(ds, { estimate: false }).dataset;
}

describe('drawn boundaries as scopes', () => {
  const west = boundary('west', rect(50, 50, 400, 400), '西片');
  const inner = boundary('inner', rect(120, 120, 200, 200), '小块');
  const east = boundary('east', rect(600, 100, 800, 300), '东片');

  it('each building goes to the smallest boundary holding it; the rest to 其他, counted', () => {
    const ds = base();
    const { dataset, counts, unassigned } = applyDrawnBoundaries(ds, [west, inner, east]);
    const of = (id: string) => dataset.buildings.features.find((f) => f.properties.id === id)!.properties.community;
    expect([of('w1'), of('w2'), of('nested'), of('e1'), of('out1'), of('out2')]).toEqual(['west', 'west', 'inner', 'east', UNASSIGNED_ID, UNASSIGNED_ID]);
    expect(counts).toEqual({ west: { buildings: 2, population: 30 }, inner: { buildings: 1, population: 5 }, east: { buildings: 1, population: 40 } });
    expect(unassigned).toEqual({ buildings: 2, population: 300, facilities: 1 });
    expect(dataset.communities.features.map((c) => c.properties.id)).toEqual(['west', 'inner', 'east', UNASSIGNED_ID]);
    expect(dataset.communities.features.at(-1)!.properties.name).toBe('其他（手绘边界以外）');
    expect(dataset.facilities.features[0].properties.community).toBe(UNASSIGNED_ID);
    // The dataset handed in is left as it was.
    expect(ds.buildings.features.map((f) => f.properties.community)).not.toContain('west');
  });

  it('no 其他 scope when every building and facility lies inside a boundary', () => {
    const all = boundary('all', rect(-10, -10, 1010, 1010));
    const { dataset, unassigned } = applyDrawnBoundaries(base(), [all]);
    expect(unassigned).toEqual({ buildings: 0, population: 0, facilities: 0 });
    expect(dataset.communities.features.map((c) => c.properties.id)).toEqual(['all']);
  });

  it('the engine analyses the drawn scopes; 其他 covers the rest of the extent; the export names each scope\'s source', () => {
    const api = new EngineApi();
    api.load(base(), [west, east]);
    expect(api.drawnScopes()!.unassigned).toEqual({ buildings: 2, population: 300, facilities: 1 });
    const r = api.analyze(TABLE, {});
    expect(r.communities.map((c) => c.id)).toEqual(['west', 'east', UNASSIGNED_ID]);
    expect(r.buildingCommunity).toEqual(['west', 'west', 'west', 'east', UNASSIGNED_ID, UNASSIGNED_ID]);
    const csv = api.exportFiles()['indicators.csv'].replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const col = csv[0].indexOf('scope_source');
    expect(col).toBe(csv[0].length - 1);
    expect(csv.slice(1).map((row) => [row[0], row[2], row[col]])).toEqual([
      ['west', '35', 'drawn'], ['east', '40', 'drawn'], [UNASSIGNED_ID, '300', 'unassigned'], ['district', '375', ''],
    ]);
    // Road density of 其他: the extent (the streets' 1 km square) less the two drawn rectangles; its
    // 4 km of streets run along the extent's edge, so they count half (as on any scope's boundary).
    const road = (scope: string) => Number(csv.find((row) => row[0] === scope)![csv[0].indexOf('road_density')]);
    const otherKm2 = (1000 * 1000 - 350 * 350 - 200 * 200) / 1e6;
    expect(road(UNASSIGNED_ID)).toBeCloseTo(2 / otherKm2, 2);
    expect(road('district')).toBeCloseTo(2 / 1, 2);
  });

  it('without drawn boundaries the dataset\'s scopes stand, and derived zones are named so in the export', () => {
    const api = new EngineApi();
    api.load(base());
    expect(api.drawnScopes()).toBeNull();
    api.analyze(TABLE, {});
    const header = api.exportFiles()['indicators.csv'].replace(/^\uFEFF/, '').split('\r\n')[0].split(',');
    expect(header.at(-1)).toBe('scope_source');
    const rows = api.exportFiles()['indicators.csv'].trim().split('\r\n').slice(1).map((l) => l.split(',').at(-1));
    expect(rows.slice(0, -1).every((s) => s === 'derived_grid' || s === 'derived_streets')).toBe(true);
  });
});

describe('outlines that are no boundary', () => {
  const proj = makeProjection(CENTER[0], CENTER[1]);
  it('are refused with the reason', () => {
    expect(boundaryProblem([ll([0, 0]), ll([100, 0]), ll([0, 0])], proj)).toBe('a boundary needs at least three corners');
    expect(boundaryProblem([[0, 0], [100, 100], [100, 0], [0, 100], [0, 0]].map((p) => ll(p as XY)), proj)).toBe('the outline crosses itself');
    expect(boundaryProblem(rect(0, 0, 5, 5), proj)).toBe('the boundary encloses less than 100 m²');
    expect(boundaryProblem([ll([0, 0]), [NaN, 32], ll([0, 100])], proj)).toBe('the outline has bad coordinates');
    expect(boundaryProblem(rect(0, 0, 50, 50), proj)).toBeNull();
  });

  it('stored boundaries are read back whole or left out with the reason', () => {
    const ds = base();
    const good = boundary('a', rect(0, 0, 100, 100));
    const { boundaries, problems } = checkBoundaries([
      good, { ...good }, { ...good, id: 'b', name: '  ' }, { id: 'c', name: 'c', name_en: 'c', ring: rect(0, 0, 2, 2) }, null,
      { ...good, id: UNASSIGNED_ID },
    ], ds);
    expect(boundaries.map((b) => b.id)).toEqual(['a']);
    expect(problems).toEqual([
      'a: missing or repeated id', 'b: a boundary needs a name', 'c: the boundary encloses less than 100 m²', '#4: missing or repeated id',
      'unassigned: missing or repeated id',
    ]);
  });
});
