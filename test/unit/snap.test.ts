import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { ll, fixture } from './fixtures.ts';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import { zoneAt, zonesOnGrid } from '../../workers/network/network.ts';
import type { Snaps } from '../../workers/routing/spatial.ts';

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

describe('grid snapping and zones, as a building at each grid point', () => {
  const ds = loadDatasetDir('data/jidong', { log: () => {} });
  const e = new Engine(ds);
  // An offset, skewed grid over the whole district and past its edge: no point lies on a street vertex by construction.
  const x0 = -2300.37, y0 = -2100.91, cell = 13.7, nx = 330, ny = 320;

  it('zonesOnGrid gives every point the compound zoneAt gives it', () => {
    const zone = zonesOnGrid(e.zones, x0, y0, cell, nx, ny);
    let inCompounds = 0;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const z = zoneAt(e.zones, x0 + i * cell, y0 + j * cell);
        if (zone[j * nx + i] !== z) throw new Error(`point ${i},${j}: grid says ${zone[j * nx + i]}, zoneAt ${z}`);
        if (z >= 0) inCompounds++;
      }
    }
    expect(inCompounds).toBeGreaterThan(nx * ny * 0.2);
  });

  it('zonesOnGrid honours holes and, where compounds overlap, the lowest-numbered one', () => {
    const f = new Engine(fixture({
      streets: [{ pts: [[0, 0], [500, 0]] }, { pts: [[100, 100], [150, 100]], compound: 'a' }, { pts: [[250, 100], [300, 100]], compound: 'b' }],
      compounds: [
        { id: 'a', ring: [[50, 50], [260, 50], [260, 250], [50, 250], [50, 50]], gates: [] },
        { id: 'b', ring: [[200, 60], [400, 60], [400, 240], [200, 240], [200, 60]], gates: [] },
      ],
    }));
    // A hole cut into compound a by hand (fixtures have none).
    f.zones.rings[0].push(Float64Array.from([80, 80, 120, 80, 120, 120, 80, 120, 80, 80]));
    const zone = zonesOnGrid(f.zones, -3.1, -2.9, 4.3, 120, 70);
    for (let j = 0; j < 70; j++) for (let i = 0; i < 120; i++) expect(zone[j * 120 + i]).toBe(zoneAt(f.zones, -3.1 + i * 4.3, -2.9 + j * 4.3));
    expect(zoneAt(f.zones, 100, 100)).toBe(-1);
    expect(zoneAt(f.zones, 230, 150)).toBe(0);
  });

  it('snapGrid snaps every point exactly as snapInto snaps a building there', () => {
    const zone = zonesOnGrid(e.zones, x0, y0, cell, nx, ny);
    const n = nx * ny;
    const grid: Snaps = { edge: new Int32Array(n), t: new Float32Array(n), offset: new Float32Array(n), reason: new Uint8Array(n) };
    e.index.snapGrid(x0, y0, cell, nx, ny, zone, e.snapLimit, grid);
    const one: Snaps = { edge: new Int32Array(1), t: new Float32Array(1), offset: new Float32Array(1), reason: new Uint8Array(1) };
    let snapped = 0;
    for (let c = 0; c < n; c++) {
      const i = c % nx, j = (c - i) / nx;
      e.index.snapInto(x0 + i * cell, y0 + j * cell, zone[c], e.snapLimit, one, 0);
      if (grid.edge[c] !== one.edge[0] || grid.t[c] !== one.t[0] || grid.offset[c] !== one.offset[0] || grid.reason[c] !== one.reason[0]) {
        throw new Error(`point ${i},${j}: grid ${grid.edge[c]}/${grid.offset[c]}/${grid.reason[c]}, snapInto ${one.edge[0]}/${one.offset[0]}/${one.reason[0]}`);
      }
      if (one.edge[0] >= 0) snapped++;
    }
    expect(snapped).toBeGreaterThan(n * 0.5);
    expect(snapped).toBeLessThan(n);
  });
});
