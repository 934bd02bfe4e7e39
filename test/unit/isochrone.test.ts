import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { toXY } from '../../workers/model/geo.ts';
import { pointInPolygon } from '../../workers/model/geo.ts';
import { fixture, ll } from './fixtures.ts';

type MP = number[][][][];
/** Projects a band back to metres and tests containment, or distance to its outline within tol. */
function inBand(e: Engine, mp: MP, x: number, y: number, tol = 0): boolean {
  for (const poly of mp) {
    const rings = poly.map((ring) => Float64Array.from(ring.flatMap(([lon, lat]) => toXY(e.proj, lon, lat))));
    if (pointInPolygon(x, y, rings)) return true;
    if (tol > 0) {
      for (const r of rings) {
        for (let k = 0; k + 3 < r.length; k += 2) {
          const ax = r[k], ay = r[k + 1], bx = r[k + 2], by = r[k + 3];
          const dx = bx - ax, dy = by - ay;
          const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
          if (Math.hypot(x - ax - t * dx, y - ay - t * dy) <= tol) return true;
        }
      }
    }
  }
  return false;
}

function grid(n: number, spacing: number) {
  const streets: { pts: [number, number][] }[] = [];
  for (let i = 0; i <= n; i++) {
    streets.push({ pts: Array.from({ length: n + 1 }, (_, j) => [i * spacing, j * spacing] as [number, number]) });
    streets.push({ pts: Array.from({ length: n + 1 }, (_, j) => [j * spacing, i * spacing] as [number, number]) });
  }
  return streets;
}

describe('isochrones', () => {
  it('contain every node reached within each band (tolerance one cell), and nothing much beyond', () => {
    const e = new Engine(fixture({ streets: grid(10, 100) }));
    const iso = e.isochrone({ from: ll([500, 500]), minutes: [3, 5, 8] });
    expect(iso.features.map((f) => f.properties.minutes)).toEqual([3, 5, 8]);
    const g = e.graph;
    for (const f of iso.features) {
      const limit = f.properties.metres;
      for (let v = 0; v < g.nodeCount; v++) {
        // Manhattan distance on a grid is the network distance from a node.
        const d = Math.abs(g.x[v] - 500) + Math.abs(g.y[v] - 500);
        if (d <= limit) expect(inBand(e, f.geometry.coordinates, g.x[v], g.y[v], 10.5)).toBe(true);
        // A node well past the limit (more than the off-network allowance) must be outside.
        if (d > limit + 200) expect(inBand(e, f.geometry.coordinates, g.x[v], g.y[v])).toBe(false);
      }
    }
  });

  it('exterior rings wind counter-clockwise as RFC 7946 asks', () => {
    const e = new Engine(fixture({ streets: grid(4, 100) }));
    const ring = e.isochrone({ from: ll([200, 200]), minutes: [3] }).features[0].geometry.coordinates[0][0];
    let area = 0;
    for (let k = 0; k + 1 < ring.length; k++) area += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
    expect(area).toBeGreaterThan(0);
  });

  it('does not leak across a railway without a crossing', () => {
    // Two parallel streets 60 m apart with a railway between them, joined only 1.5 km away.
    const e = new Engine(fixture({
      streets: [
        { pts: [[0, 0], [1500, 0]] },
        { pts: [[0, 60], [1500, 60]] },
        { pts: [[1500, 0], [1500, 60]] },
      ],
      rails: [[[-200, 30], [1700, 30]]],
    }));
    const band = e.isochrone({ from: ll([100, -5]), minutes: [5] }).features[0].geometry.coordinates;
    expect(inBand(e, band, 100, 0)).toBe(true);
    expect(inBand(e, band, 100, 20)).toBe(true);
    expect(inBand(e, band, 100, 60)).toBe(false);
    expect(inBand(e, band, 100, 45)).toBe(false);
  });

  it('does not leak across a river', () => {
    const e = new Engine(fixture({
      streets: [{ pts: [[0, 0], [1000, 0]] }, { pts: [[0, 100], [1000, 100]] }],
      water: [[[-100, 20], [1100, 20], [1100, 80], [-100, 80], [-100, 20]]],
    }));
    const band = e.isochrone({ from: ll([500, 0]), minutes: [5] }).features[0].geometry.coordinates;
    expect(inBand(e, band, 500, 10)).toBe(true);
    expect(inBand(e, band, 500, 100)).toBe(false);
  });

  it('keeps a hole where land is farther from every path than a building may stand', () => {
    // An 800 m square ring road with nothing inside: its middle is 400 m from any path, beyond the
    // 300 m a building may stand from the street it walks from.
    const e = new Engine(fixture({ streets: [{ pts: [[0, 0], [800, 0], [800, 800], [0, 800], [0, 0]] }] }));
    const f = e.isochrone({ from: ll([0, 0]), minutes: [30] }).features[0];
    const polys = f.geometry.coordinates;
    expect(polys.some((p) => p.length > 1)).toBe(true);
    expect(inBand(e, polys, 400, 400)).toBe(false);
    expect(inBand(e, polys, 400, 0)).toBe(true);
    expect(inBand(e, polys, 800, 800)).toBe(true);
    // 250 m inside the ring a building would still walk from it: 250 m + 400 m along the road + 0.
    expect(inBand(e, polys, 400, 250)).toBe(true);
  });

  it('works from a facility and from a whole category', () => {
    const e = new Engine(fixture({
      streets: grid(6, 100),
      facilities: [{ id: 'a', category: 'park', at: [0, 0] }, { id: 'b', category: 'park', at: [600, 600] }],
    }));
    const one = e.isochrone({ facilityId: 'a', minutes: [5] }).features[0].geometry.coordinates;
    const all = e.isochrone({ category: 'park', minutes: [5] }).features[0].geometry.coordinates;
    expect(inBand(e, one, 600, 600)).toBe(false);
    expect(inBand(e, all, 600, 600)).toBe(true);
    expect(inBand(e, all, 0, 0)).toBe(true);
    expect(() => e.isochrone({ facilityId: 'nope' })).toThrow(/No facility/);
    expect(() => e.isochrone({ category: 'market' })).toThrow(/No reachable facility/);
  });
});
