import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDistrict } from '../../scripts/lib/build.ts';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import { Engine } from '../../workers/engine.ts';
import { CATEGORY_IDS, VEHICLE_CLASSES, LAYER_NAMES } from '../../workers/model/dataset.ts';
import { pointInPolygon, ringArea, toXY } from '../../workers/model/geo.ts';

const DIR = 'data/jidong';
const ds = loadDatasetDir(DIR);
const engine = new Engine(ds);
const xy = (p: number[]) => toXY(engine.proj, p[0], p[1]);
const flat = (ring: number[][]) => Float64Array.from(ring.flatMap(xy));

describe('the embedded district', () => {
  const b = ds.buildings.features.map((f) => f.properties);
  const sum = (k: keyof (typeof b)[number]) => b.reduce((s, p) => s + (p[k] as number), 0);
  const boundaryXY = ds.meta.boundary.map(xy);
  const area = ringArea(boundaryXY.map((p) => p[0]), boundaryXY.map((p) => p[1]));

  it('is marked synthetic', () => {
    expect(ds.meta.synthetic).toBe(true);
    expect(ds.meta.description).toMatch(/Synthetic/);
  });

  it('matches the brief: area, communities, residents, households, ageing', () => {
    expect(area / 1e6).toBeGreaterThan(12);
    expect(area / 1e6).toBeLessThan(13);
    expect(ds.communities.features.map((c) => c.properties.name)).toEqual(
      expect.arrayContaining(['建新社区', '东风社区', '阳光社区', '滨湖社区', '新虹社区', '兴华社区', '纺机社区']));
    expect(ds.communities.features).toHaveLength(8);
    const groups = ds.communities.features.reduce((s, c) => s + c.properties.groups, 0);
    expect(groups).toBeGreaterThanOrEqual(50);
    expect(groups).toBeLessThanOrEqual(62);
    expect(sum('population')).toBeGreaterThan(85000);
    expect(sum('population')).toBeLessThan(89000);
    expect(sum('households')).toBeGreaterThan(32000);
    expect(sum('households')).toBeLessThan(34000);
    expect(sum('age60plus') / sum('population')).toBeGreaterThan(0.23);
    expect(sum('age60plus') / sum('population')).toBeLessThan(0.242);
  });

  it('has old walk-ups of 5–7 floors and new towers of 18–33', () => {
    const byType = new Map(ds.communities.features.map((c) => [c.properties.id, c.properties.type]));
    for (const p of b) {
      if (p.use !== 'residential') continue;
      const type = byType.get(p.community);
      if (type === 'old') { expect(p.floors).toBeGreaterThanOrEqual(5); expect(p.floors).toBeLessThanOrEqual(7); }
      if (type === 'new') { expect(p.floors).toBeGreaterThanOrEqual(18); expect(p.floors).toBeLessThanOrEqual(33); }
    }
  });

  it('reproduces the brief’s shortages', () => {
    const fac = ds.facilities.features.map((f) => f.properties);
    const cap = (c: string) => fac.filter((f) => f.category === c).reduce((s, f) => s + (f.capacity ?? 0), 0);
    expect(fac.filter((f) => f.category === 'health_station')).toHaveLength(2);
    expect(cap('nursery')).toBeGreaterThanOrEqual(220);
    expect(cap('nursery')).toBeLessThanOrEqual(260);
    expect(cap('parking') / sum('households')).toBeCloseTo(0.5, 1);
    expect((cap('elderly_home') / sum('age60plus')) * 1000).toBeCloseTo(25, 0);
    for (const c of CATEGORY_IDS) expect(fac.some((f) => f.category === c)).toBe(true);
    expect(ds.sites.features).toHaveLength(30);
    expect(ds.sites.features.some((s) => s.properties.kind === 'idle_building' && s.properties.name.includes('纺机'))).toBe(true);
  });

  it('has green cover near 18 % and vehicle-road density near 3.2 km/km²', () => {
    let green = 0;
    for (const f of ds.landuse.features) {
      if (f.properties.kind !== 'green' || f.geometry.type !== 'Polygon') continue;
      f.geometry.coordinates.forEach((ring, k) => {
        const pts = ring.map(xy);
        const a = ringArea(pts.map((p) => p[0]), pts.map((p) => p[1]));
        green += k === 0 ? a : -a;
      });
    }
    expect(green / area).toBeGreaterThan(0.17);
    expect(green / area).toBeLessThan(0.195);
    const boundary = flat(ds.meta.boundary);
    const onBoundary = (x: number, y: number) => {
      for (let k = 0; k + 3 < boundary.length; k += 2) {
        const ax = boundary[k], ay = boundary[k + 1], dx = boundary[k + 2] - ax, dy = boundary[k + 3] - ay;
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
        if (Math.hypot(x - ax - t * dx, y - ay - t * dy) < 1) return true;
      }
      return false;
    };
    let road = 0;
    for (const s of ds.streets.features) {
      if (!VEHICLE_CLASSES.has(s.properties.class)) continue;
      const c = s.geometry.coordinates.map(xy);
      for (let k = 0; k + 1 < c.length; k++) {
        const mx = (c[k][0] + c[k + 1][0]) / 2, my = (c[k][1] + c[k + 1][1]) / 2;
        const len = Math.hypot(c[k + 1][0] - c[k][0], c[k + 1][1] - c[k][1]);
        // Boundary roads are shared with the neighbours: they count half, as planners count them.
        if (onBoundary(mx, my)) road += len / 2;
        else if (pointInPolygon(mx, my, [boundary])) road += len;
      }
    }
    expect(road / 1000 / (area / 1e6)).toBeGreaterThan(2.8);
    expect(road / 1000 / (area / 1e6)).toBeLessThan(3.6);
  });

  it('puts every building inside exactly one community', () => {
    const comms = ds.communities.features.map((c) => ({ id: c.properties.id, ring: flat(c.geometry.coordinates[0]) }));
    for (const f of ds.buildings.features) {
      const pts = f.geometry.coordinates[0].map(xy);
      const holders = comms.filter((c) => pts.every(([x, y]) => pointInPolygon(x, y, [c.ring])));
      expect(holders.map((h) => h.id)).toEqual([f.properties.community]);
    }
  });

  it('has one connected walking network', () => {
    expect(engine.report.components).toBe(1);
    expect(engine.report.problems).toEqual([]);
  });

  it('lets walkers into a gated compound only through its gates', () => {
    const g = engine.graph;
    const publicNode = new Uint8Array(g.nodeCount);
    for (let e = 0; e < g.edgeCount; e++) if (g.edgeZone[e] === -1) { publicNode[g.edgeU[e]] = 1; publicNode[g.edgeV[e]] = 1; }
    for (const c of ds.compounds.features) {
      const zone = engine.zones.index.get(c.properties.id)!;
      const gates = c.properties.gates.map(xy);
      expect(gates.length).toBeGreaterThan(0);
      const ring = flat(c.geometry.coordinates[0]);
      for (let e = 0; e < g.edgeCount; e++) {
        if (g.edgeZone[e] !== zone) continue;
        for (const v of [g.edgeU[e], g.edgeV[e]]) {
          if (!publicNode[v]) continue;
          // An internal node that public streets touch must be one of this compound's gates.
          expect(gates.some(([x, y]) => Math.hypot(x - g.x[v], y - g.y[v]) < 0.05)).toBe(true);
        }
      }
      // And no public street has a vertex inside the walls.
      for (let v = 0; v < g.nodeCount; v++) {
        if (!publicNode[v] || gates.some(([x, y]) => Math.hypot(x - g.x[v], y - g.y[v]) < 0.05)) continue;
        expect(pointInPolygon(g.x[v], g.y[v], [ring])).toBe(false);
      }
    }
  });

  it('gives every compound two or more gates on its walls, more on big ones, each opening onto the street that wall faces', () => {
    const near = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]) < 0.05;
    const streets = ds.streets.features.map((s) => ({ p: s.properties, pts: s.geometry.coordinates.map(xy) }));
    const counts: number[] = [];
    for (const c of ds.compounds.features) {
      const outline = c.geometry.coordinates[0].map(xy);
      const ring = flat(c.geometry.coordinates[0]);
      const gates = c.properties.gates.map(xy);
      counts.push(gates.length);
      for (const gate of gates) {
        expect(outline.some((p) => near(p, gate))).toBe(true);
        // Inside: a gate path of this compound ends at the gate.
        expect(streets.some((s) => s.p.compound === c.properties.id && s.p.gate === true
          && (near(s.pts[0], gate) || near(s.pts[s.pts.length - 1], gate)))).toBe(true);
        // Outside: a short public path leads from the gate, away from the walls, to a vertex of another public street.
        const links = streets.filter((s) => s.p.compound === null && (near(s.pts[0], gate) || near(s.pts[s.pts.length - 1], gate)));
        expect(links).toHaveLength(1);
        const link = links[0].pts;
        const far = near(link[0], gate) ? link[link.length - 1] : link[0];
        expect(Math.hypot(far[0] - gate[0], far[1] - gate[1])).toBeLessThan(20);
        expect(pointInPolygon(far[0], far[1], [ring])).toBe(false);
        expect(streets.some((s) => s.p.compound === null && s.pts !== link && s.pts.some((p) => near(p, far)))).toBe(true);
      }
    }
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts)).toBeLessThanOrEqual(5);
    // Bigger (new, mixed) compounds open more gates than small old ones.
    const byType = new Map(ds.communities.features.map((c) => [c.properties.id, c.properties.type]));
    const mean = (t: string) => {
      const own = ds.compounds.features.filter((c) => byType.get(c.properties.community) === t);
      return own.reduce((s, c) => s + c.properties.gates.length, 0) / own.length;
    };
    expect(mean('new')).toBeGreaterThan(mean('old'));
  });

  it('puts compound homes a short walk from a gate', () => {
    // Sources: the public side of every gate; the walk in is all on the compound's own paths.
    const gateSet = new Set(ds.compounds.features.flatMap((c) => c.properties.gates.map((g) => g.join(','))));
    const refs = ds.streets.features
      .filter((s) => s.properties.compound === null && s.geometry.coordinates.length === 2
        && gateSet.has(s.geometry.coordinates[1].join(',')))
      .map((s) => {
        const [a, b] = s.geometry.coordinates;
        return [engine.snapPoint((a[0] + b[0]) / 2, (a[1] + b[1]) / 2).ref!];
      });
    expect(refs.length).toBe(gateSet.size);
    const { dist } = engine.distancesFrom(refs, 2000);
    let people = 0, within = 0;
    ds.buildings.features.forEach((f, i) => {
      if (!f.properties.compound) return;
      expect(dist[i]).toBeLessThan(500);
      people += f.properties.population;
      if (dist[i] <= 300) within += f.properties.population;
    });
    expect(within / people).toBeGreaterThan(0.85);
  });

  // Each compound's own paths straight from the GeoJSON, in metres: vertices shared by lines are one node
  // (the generator writes a crossing as one position), and every building's entry is its nearest point on
  // them, found by brute force over the segments, as the engine's rule for a point inside a compound says.
  const compoundPaths = () => ds.compounds.features.map((c) => {
    const id = c.properties.id;
    const key = new Map<string, number>();
    const nx: number[] = [], ny: number[] = [];
    const node = (p: number[]) => {
      const k = p.join(',');
      let n = key.get(k);
      if (n === undefined) { n = nx.length; key.set(k, n); const [x, y] = xy(p); nx.push(x); ny.push(y); }
      return n;
    };
    const segs: Array<[number, number]> = [];
    for (const s of ds.streets.features) {
      if (s.properties.compound !== id) continue;
      const pts = s.geometry.coordinates;
      for (let k = 0; k + 1 < pts.length; k++) segs.push([node(pts[k]), node(pts[k + 1])]);
    }
    const adj: Array<Array<[number, number]>> = nx.map(() => []);
    for (const [a, b] of segs) {
      const w = Math.hypot(nx[b] - nx[a], ny[b] - ny[a]);
      adj[a].push([b, w]);
      adj[b].push([a, w]);
    }
    const fromNode = (src: number) => {
      const d = new Float64Array(nx.length).fill(Infinity);
      const done = new Uint8Array(nx.length);
      d[src] = 0;
      for (;;) {
        let u = -1;
        for (let n = 0; n < nx.length; n++) if (!done[n] && d[n] < Infinity && (u < 0 || d[n] < d[u])) u = n;
        if (u < 0) return d;
        done[u] = 1;
        for (const [v, w] of adj[u]) if (d[u] + w < d[v]) d[v] = d[u] + w;
      }
    };
    const entry = (x: number, y: number) => {
      let best = { d: Infinity, a: 0, b: 0, t: 0, fx: 0, fy: 0 };
      for (const [a, b] of segs) {
        const dx = nx[b] - nx[a], dy = ny[b] - ny[a];
        const t = Math.max(0, Math.min(1, ((x - nx[a]) * dx + (y - ny[a]) * dy) / (dx * dx + dy * dy)));
        const fx = nx[a] + t * dx, fy = ny[a] + t * dy;
        const d = Math.hypot(x - fx, y - fy);
        if (d < best.d) best = { d, a, b, t, fx, fy };
      }
      return best;
    };
    const gates = c.properties.gates.map((g) => ({ xy: xy(g), dist: fromNode(key.get(g.join(','))!) }));
    return { id, nx, ny, entry, gates };
  });
  // A rectangular footprint's area centroid, the point the engine gives a building without a mapped entrance.
  const footprint = (f: (typeof ds.buildings.features)[number]) => {
    const ring = f.geometry.coordinates[0].map(xy);
    const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
    const box = { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
    return { ...box, cx: (box.x0 + box.x1) / 2, cy: (box.y0 + box.y1) / 2 };
  };

  it('joins every compound building to the lane beside its door, as the engine snaps it', () => {
    const paths = new Map(compoundPaths().map((p) => [p.id, p]));
    const g = engine.graph, snaps = engine.buildingSnaps;
    ds.buildings.features.forEach((f, i) => {
      if (!f.properties.compound) return;
      const fp = footprint(f);
      const e = paths.get(f.properties.compound)!.entry(fp.cx, fp.cy);
      // Rows face south and their entrances open north: the path a building joins runs past its north
      // side, within its length, at most 15 m from the wall (a lane 5 m off, or the spine up to 10 m beyond):
      // never a lane behind the row, across the next row or a ring road across a lawn.
      expect(e.fy).toBeGreaterThan(fp.y1);
      expect(e.fy - fp.y1).toBeLessThanOrEqual(15);
      expect(e.fx).toBeGreaterThan(fp.x0);
      expect(e.fx).toBeLessThan(fp.x1);
      // And the engine joins it there (the walk the app reports starts at that door lane).
      const ed = snaps.edge[i], t = snaps.t[i];
      const sx = g.x[g.edgeU[ed]] + t * (g.x[g.edgeV[ed]] - g.x[g.edgeU[ed]]);
      const sy = g.y[g.edgeU[ed]] + t * (g.y[g.edgeV[ed]] - g.y[g.edgeU[ed]]);
      expect(Math.hypot(sx - e.fx, sy - e.fy)).toBeLessThan(0.5);
    });
  });

  it('walks every compound building to its nearest gate on its compound’s paths without a detour beyond the grid of lanes', () => {
    // Paths in a compound run at right angles (lanes along the rows, the ring road, the gate roads across),
    // so a walk as long as the two legs of a right triangle (√2 × the straight line at worst) is what a real
    // compound offers; 40 m more pays for stepping out of the door to the lane and back round the building.
    let n = 0;
    for (const c of compoundPaths()) {
      for (const f of ds.buildings.features) {
        if (f.properties.compound !== c.id) continue;
        const { cx, cy } = footprint(f);
        const e = c.entry(cx, cy);
        const len = Math.hypot(c.nx[e.b] - c.nx[e.a], c.ny[e.b] - c.ny[e.a]);
        let walk = Infinity, line = 0;
        for (const gate of c.gates) {
          const w = e.d + Math.min(gate.dist[e.a] + e.t * len, gate.dist[e.b] + (1 - e.t) * len);
          if (w < walk) { walk = w; line = Math.hypot(gate.xy[0] - cx, gate.xy[1] - cy); }
        }
        expect(walk, `${f.properties.id}: ${walk.toFixed(0)} m for ${line.toFixed(0)} m`).toBeLessThanOrEqual(Math.SQRT2 * line + 40);
        n++;
      }
    }
    expect(n).toBe(ds.buildings.features.filter((f) => f.properties.compound).length);
  });

  it('names every compound once, with Chinese numerals past nine', () => {
    const names = ds.compounds.features.map((c) => c.properties.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[\u4e00-\u9fff]+区$/);
    expect(names).toContain('建新十六区');
  });

  it('regenerates byte for byte from the same seed, matching the committed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jidong-'));
    const { sink, meta } = buildDistrict(ds.meta.seed!);
    sink.write(dir, meta);
    for (const layer of [...LAYER_NAMES, 'meta']) {
      const name = layer === 'meta' ? 'meta.json' : `${layer}.geojson`;
      expect(readFileSync(join(dir, name), 'utf8') === readFileSync(join(DIR, name), 'utf8')).toBe(true);
    }
    const other = buildDistrict(ds.meta.seed! + 1);
    expect(JSON.stringify(other.sink.layers.buildings) === JSON.stringify(sink.layers.buildings)).toBe(false);
  });
});
