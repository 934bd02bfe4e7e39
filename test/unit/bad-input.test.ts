import { describe, expect, it } from 'vitest';
import { Engine, EngineError } from '../../workers/engine.ts';
import { completeDataset } from '../../workers/model/dataset.ts';
import { fixture, ll } from './fixtures.ts';

describe('bad input never hangs or crashes', () => {
  it('empty streets: the engine loads, and an isochrone says there is no network', () => {
    const e = new Engine(fixture({ buildings: [{ id: 'b', at: [0, 0] }] }));
    expect(e.report.edges).toBe(0);
    expect(e.report.problems).toContainEqual({ kind: 'building', id: 'b', reason: 'too_far' });
    expect(() => e.isochrone({ from: ll([0, 0]) })).toThrow(EngineError);
    expect(() => e.isochrone({ from: ll([0, 0]) })).toThrow(/no walkable streets/);
  });

  it('a completely empty dataset loads', () => {
    const e = new Engine(completeDataset({}));
    expect(e.report.nodes).toBe(0);
  });

  it('a single edge works end to end', () => {
    const e = new Engine(fixture({ streets: [{ pts: [[0, 0], [100, 0]] }] }));
    expect(e.report).toMatchObject({ nodes: 2, edges: 1, components: 1 });
    const iso = e.isochrone({ from: ll([50, 0]), minutes: [1] });
    expect(iso.features[0].geometry.coordinates.length).toBeGreaterThan(0);
  });

  it('duplicate vertices are merged and counted, not turned into zero-length edges', () => {
    const e = new Engine(fixture({ streets: [{ pts: [[0, 0], [50, 0], [50, 0], [100, 0]] }] }));
    expect(e.report).toMatchObject({ nodes: 3, edges: 2, duplicateVertices: 1 });
  });

  it('NaN coordinates drop only the broken segments', () => {
    const ds = fixture({ streets: [{ pts: [[0, 0], [100, 0]] }, { pts: [[100, 0], [200, 0]] }] });
    ds.streets.features[1].geometry.coordinates[1] = [NaN, NaN];
    ds.streets.features.push({ type: 'Feature', geometry: null as never, properties: {} as never });
    const e = new Engine(ds);
    expect(e.report).toMatchObject({ edges: 1, segmentsSkipped: 1, streetsSkipped: 1 });
  });

  it('a facility far from every street is flagged and left out of searches', () => {
    const e = new Engine(fixture({
      streets: [{ pts: [[0, 0], [100, 0]] }],
      facilities: [{ id: 'far', category: 'market', at: [5000, 5000] }, { id: 'near', category: 'market', at: [10, 5] }],
    }));
    expect(e.report.problems).toContainEqual({ kind: 'facility', id: 'far', reason: 'too_far' });
    const iso = e.isochrone({ category: 'market', minutes: [1] });
    expect(iso.features).toHaveLength(1);
  });

  it('motorways and foot=no ways are not walked; a detour is taken instead', () => {
    // Direct routes: a motorway and a foot=no service road, both 100 m; the walkable way round is 300 m.
    const e = new Engine(fixture({
      streets: [
        { pts: [[0, 0], [100, 0]], cls: 'motorway' },
        { pts: [[0, 0], [100, 0]], cls: 'service', foot: 'no' },
        { pts: [[0, 0], [0, 100], [100, 100], [100, 0]], cls: 'residential' },
      ],
      facilities: [{ id: 'f', category: 'market', at: [0, 0] }],
      buildings: [{ id: 'b', at: [100, -1] }],
    }));
    expect(e.report.edges).toBe(3);
    const d = e.distancesFrom(e.categorySources('market').refs, 1000);
    expect(d.dist[0]).toBeCloseTo(301, 3);
  });

  it('a disconnected piece is reported as an island', () => {
    const e = new Engine(fixture({
      streets: [{ pts: [[0, 0], [500, 0], [1000, 0]] }, { pts: [[0, 1000], [100, 1000]] }],
      buildings: [{ id: 'main', at: [10, 5] }, { id: 'isle', at: [50, 1005] }],
    }));
    expect(e.report.components).toBe(2);
    expect(e.report.problems).toEqual([{ kind: 'building', id: 'isle', reason: 'island' }]);
  });

  it('bad requests get clear errors', () => {
    const e = new Engine(fixture({ streets: [{ pts: [[0, 0], [100, 0]] }] }));
    expect(() => e.isochrone({})).toThrow(/needs a point/);
    expect(() => e.isochrone({ from: ll([0, 0]), minutes: [-5, 0] })).toThrow(/positive/);
    expect(() => e.isochrone({ from: [NaN, 1] })).toThrow(/invalid coordinates/);
  });
});
