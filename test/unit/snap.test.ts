import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { ll, fixture } from './fixtures.ts';

describe('snapping', () => {
  const ds = fixture({ streets: [{ pts: [[0, 0], [1000, 0]] }, { pts: [[1000, 0], [1000, 500]] }] });
  const e = new Engine(ds);

  it('a point beside a long edge gets the perpendicular foot and its offset', () => {
    const s = e.snapPoint(...ll([300, 40]));
    expect(s.ref).not.toBeNull();
    const g = e.graph;
    const { edge, t, offset } = s.ref!;
    const ux = g.x[g.edgeU[edge]], vx = g.x[g.edgeV[edge]];
    const footX = ux + t * (vx - ux);
    expect(footX).toBeCloseTo(300, 3);
    expect(offset).toBeCloseTo(40, 3);
  });

  it('a point past the end of an edge snaps to the end vertex', () => {
    const s = e.snapPoint(...ll([-30, -40]));
    expect(s.ref!.offset).toBeCloseTo(50, 3);
  });

  it('a point far from every street is unreachable, with the reason', () => {
    const s = e.snapPoint(...ll([500, 900]));
    expect(s.ref).toBeNull();
    expect(s.reason).toBe('too_far');
    expect(() => e.isochrone({ from: ll([500, 900]) })).toThrow(/more than 300 m/);
  });

  it('a limit can be set: the same point snaps with a larger limit', () => {
    // Nearest is the end of the vertical street at (1000, 500): √(500² + 400²) ≈ 640.3 m.
    expect(new Engine(ds, { snapLimit: 600 }).snapPoint(...ll([500, 900])).ref).toBeNull();
    expect(new Engine(ds, { snapLimit: 700 }).snapPoint(...ll([500, 900])).ref!.offset).toBeCloseTo(Math.hypot(500, 400), 2);
  });

  it('a building inside a compound never snaps through the wall', () => {
    const walled = fixture({
      streets: [{ pts: [[0, 0], [400, 0]] }, { pts: [[50, 200], [350, 200]], compound: 'q' }],
      compounds: [{ id: 'q', ring: [[0, 10], [400, 10], [400, 300], [0, 300], [0, 10]], gates: [] }],
      buildings: [{ id: 'in', at: [200, 20] }, { id: 'out', at: [200, -20] }],
    });
    const w = new Engine(walled);
    const g = w.graph;
    const inEdge = w.buildingSnaps.edge[0], outEdge = w.buildingSnaps.edge[1];
    expect(g.edgeZone[inEdge]).toBe(w.zones.index.get('q'));
    expect(w.buildingSnaps.offset[0]).toBeCloseTo(180, 2);
    expect(g.edgeZone[outEdge]).toBe(-1);
    // Its paths have no gate to the street: the compound is an island, and it is flagged as one.
    expect(w.report.problems).toContainEqual({ kind: 'building', id: 'in', reason: 'island' });
  });

  it('a compound with no internal paths is reported, not silently joined to the street', () => {
    const walled = fixture({
      streets: [{ pts: [[0, 0], [400, 0]] }],
      compounds: [{ id: 'q', ring: [[0, 10], [400, 10], [400, 300], [0, 300], [0, 10]], gates: [] }],
      buildings: [{ id: 'in', at: [200, 20] }],
    });
    const w = new Engine(walled);
    expect(w.buildingSnaps.edge[0]).toBe(-1);
    expect(w.report.problems).toContainEqual({ kind: 'building', id: 'in', reason: 'compound_has_no_paths' });
  });
});
