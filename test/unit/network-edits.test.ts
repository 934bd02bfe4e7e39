// Network edits on hand-made fixtures: every expected walk is worked out by hand from the drawing.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../workers/engine.ts';
import { buildOverlay } from '../../workers/scenario/network-edits.ts';
import type { Change, Scenario } from '../../workers/scenario/types.ts';
import { fixture, ll } from './fixtures.ts';

function plan(changes: Change[], time: string | null = null): Scenario {
  return {
    format: 'circletwin-scenario', version: 1, id: 'p', name: 'p', dataset: 'fixture', created: '', updated: '', revision: 1,
    changes, time_of_day: time, slides: [],
  };
}

/** Walk from every building to the nearest health station under the scenario's edits. */
function walks(e: Engine, s: Scenario | null, cutoff = 5000): { dist: Float64Array; problems: Array<{ change: string; message: string }> } {
  const { overlay, problems } = buildOverlay(e, s);
  e.setOverlay(overlay);
  try {
    return { dist: e.distancesFrom(e.categorySources('health_station').refs, cutoff).dist, problems };
  } finally {
    e.setOverlay(null);
  }
}

// A walled compound x 100..300, y 20..220 with one gate on its west wall at (100, 120) and a second
// gate on its south wall at (250, 20). Streets: S0 along y = 0, S1 along x = 60, the west gate's
// public footway (60,120)-(100,120). Inside: the gate paths and one path along y = 120.
// Building B at (250, 130) joins the inner path at (250, 120), 10 m. The clinic at (280, 5) joins S0
// at (280, 0), 5 m.
const WALL: [number, number][] = [[100, 20], [300, 20], [300, 220], [100, 220], [100, 20]];
function gated(withSouthGate: boolean) {
  return fixture({
    streets: [
      { pts: [[0, 0], [60, 0], [250, 0], [280, 0], [400, 0]] },
      { pts: [[60, 0], [60, 120], [60, 300]] },
      { pts: [[60, 120], [100, 120]], cls: 'footway' },
      { pts: [[100, 120], [120, 120]], cls: 'footway', compound: 'C' },
      { pts: [[120, 120], [250, 120], [280, 120]], cls: 'footway', compound: 'C' },
      ...(withSouthGate ? [
        { pts: [[250, 0], [250, 20]] as [number, number][], cls: 'footway' },
        { pts: [[250, 20], [250, 120]] as [number, number][], cls: 'footway', compound: 'C' },
      ] : []),
    ],
    compounds: [{ id: 'C', ring: WALL, gates: withSouthGate ? [[100, 120], [250, 20]] : [[100, 120]] }],
    buildings: [{ id: 'B', at: [250, 130], compound: 'C' }, { id: 'P', at: [20, 8] }],
    facilities: [{ id: 'H', category: 'health_station', at: [280, 5] }],
  });
}
// Through the west gate: 10 + 130 (to 120,120) + 20 (gate path) + 40 (footway) + 120 (S1 down)
// + 220 (S0 to 280,0) + 5 = 545. Through a south gate at (250, 20): 10 + 100 + 20 + 30 + 5 = 165.
const VIA_WEST = 545;
const VIA_SOUTH = 165;
// P at (20, 8) joins S0 at (20, 0): 8 + 260 + 5 = 273 whatever happens to the compound.
const P_WALK = 273;

describe('gates on a hand-made compound', () => {
  it('a new gate on the south wall shortens the walk by the hand-computed 380 m', () => {
    const e = new Engine(gated(false));
    expect(walks(e, null).dist[0]).toBeCloseTo(VIA_WEST, 3);
    const gate: Change = { kind: 'gate_add', id: 'g1', compound: 'C', position: ll([250, 21]), hours: null };
    const r = walks(e, plan([gate]));
    expect(r.problems).toEqual([]);
    expect(r.dist[0]).toBeCloseTo(VIA_SOUTH, 3);
    expect(VIA_WEST - r.dist[0]).toBeCloseTo(380, 3);
    expect(r.dist[1]).toBeCloseTo(P_WALK, 3);
    // Back to the baseline exactly once the edit is gone.
    expect(walks(e, null).dist[0]).toBe(walks(e, plan([])).dist[0]);
  });

  it('a path that ends at a gate joins the gate itself', () => {
    // From S0 at (100, 0) up to a metre short of the west gate at (100, 120): the end joins the gate
    // (within 10 m), 1 m on. B walks 10 + 130 + 20 to the gate, then 1 + 119 down and 180 + 5 along S0.
    const e = new Engine(gated(false));
    const r = walks(e, plan([{ kind: 'path_add', id: 'p', path_type: 'footpath', coordinates: [ll([100, 0]), ll([100, 119])], penalty_m: 0, name: '' }]));
    expect(r.problems).toEqual([]);
    expect(r.dist[0]).toBeCloseTo(465, 3);
  });

  it('opening a closed gate shortens the walk from 545 to 165 m; closing it lengthens it back', () => {
    const e = new Engine(gated(true));
    const base = walks(e, null).dist;
    expect(base[0]).toBeCloseTo(VIA_SOUTH, 3);
    const closed = walks(e, plan([{ kind: 'gate_state', id: 'c1', gate: 'C/1', open: false }]));
    expect(closed.problems).toEqual([]);
    expect(closed.dist[0]).toBeCloseTo(VIA_WEST, 3);
    const reopened = walks(e, plan([
      { kind: 'gate_state', id: 'c1', gate: 'C/1', open: false },
      { kind: 'gate_state', id: 'c2', gate: 'C/1', open: true },
    ]));
    expect(reopened.dist[0]).toBe(base[0]);
    expect(closed.dist[1]).toBe(base[1]);
  });

  it('gate hours close the gate at night only', () => {
    const e = new Engine(gated(true));
    const hours: Change = { kind: 'gate_hours', id: 'h', gate: 'C/1', hours: { open: '06:00', close: '22:00' } };
    expect(walks(e, plan([hours], '12:00')).dist[0]).toBeCloseTo(VIA_SOUTH, 3);
    expect(walks(e, plan([hours], '23:30')).dist[0]).toBeCloseTo(VIA_WEST, 3);
    expect(walks(e, plan([hours], '05:59')).dist[0]).toBeCloseTo(VIA_WEST, 3);
    expect(walks(e, plan([hours], '06:00')).dist[0]).toBeCloseTo(VIA_SOUTH, 3);
    // Hours spanning midnight: a night gate.
    const night: Change = { kind: 'gate_hours', id: 'h', gate: 'C/1', hours: { open: '20:00', close: '02:00' } };
    expect(walks(e, plan([night], '01:00')).dist[0]).toBeCloseTo(VIA_SOUTH, 3);
    expect(walks(e, plan([night], '12:00')).dist[0]).toBeCloseTo(VIA_WEST, 3);
    // No time of day: gates as mapped.
    expect(walks(e, plan([hours], null)).dist[0]).toBeCloseTo(VIA_SOUTH, 3);
  });

  it('closing both gates leaves the compound without a way out', () => {
    const e = new Engine(gated(true));
    const r = walks(e, plan([
      { kind: 'gate_state', id: 'a', gate: 'C/0', open: false },
      { kind: 'gate_state', id: 'b', gate: 'C/1', open: false },
    ]));
    expect(r.dist[0]).toBe(Infinity);
    expect(r.dist[1]).toBeCloseTo(P_WALK, 3);
  });
});

// Two streets 100 m apart, joined only at their west ends by a 100 m link: a footbridge between
// their middles shortens the walk across. Street A: y = 0, x 0..400; street B: y = 100, x 0..400;
// link x = 0. The clinic at (300, -5) joins A at (300, 0); building Q at (300, 105) joins B at (300, 100).
function twoStreets() {
  return fixture({
    streets: [
      { pts: [[0, 0], [100, 0], [200, 0], [300, 0], [400, 0]] },
      { pts: [[0, 100], [100, 100], [200, 100], [300, 100], [400, 100]] },
      { pts: [[0, 0], [0, 100]] },
    ],
    buildings: [{ id: 'Q', at: [300, 105] }, { id: 'R', at: [50, 105] }, { id: 'T', at: [200, 96] }],
    facilities: [{ id: 'H', category: 'health_station', at: [300, -5] }],
  });
}
// Q: 5 + 300 + 100 + 300 + 5 = 710. R: 5 + 50 + 100 + 300 + 5 = 460.

describe('paths, crossings and closures on a hand-made grid', () => {
  it('a footbridge joining the streets mid-edge, with its penalty', () => {
    const e = new Engine(twoStreets());
    expect(walks(e, null).dist[0]).toBeCloseTo(710, 3);
    // From (250, 100) to (250, 0), both ends partway along an edge: Q walks 5 + 50 + 100 + 40 + 50 + 5.
    const bridge: Change = { kind: 'path_add', id: 'fb', path_type: 'footbridge', coordinates: [ll([250, 100]), ll([250, 0])], penalty_m: 40, name: '' };
    const r = walks(e, plan([bridge]));
    expect(r.problems).toEqual([]);
    expect(r.dist[0]).toBeCloseTo(250, 3);
    // R: min(460, 5 + 200 + 140 + 50 + 5 = 400).
    expect(r.dist[1]).toBeCloseTo(400, 3);
  });

  it('a path drawn with bends and ends a few metres off the streets', () => {
    const e = new Engine(twoStreets());
    // Ends at (320, 108) and (320, -6): joined to (320, 100) and (320, 0) by 8 m and 6 m links; the
    // drawn line goes (320,108) -> (340, 50) -> (320, -6): 2 * hypot(20, 58) and 2 * hypot(20, 56).
    const pts: [number, number][] = [[320, 108], [340, 50], [320, -6]];
    const drawn = Math.hypot(20, 58) + Math.hypot(20, 56);
    const r = walks(e, plan([{ kind: 'path_add', id: 'p', path_type: 'footpath', coordinates: pts.map(ll), penalty_m: 0, name: '' }]));
    expect(r.problems).toEqual([]);
    expect(r.dist[0]).toBeCloseTo(5 + 20 + 8 + drawn + 6 + 20 + 5, 3);
  });

  it('closing the only link removes the clinic from reach; closing a street reroutes', () => {
    const e = new Engine(twoStreets());
    const cut = walks(e, plan([{ kind: 'way_close', id: 'x', street: 's2', reason: 'works' }]));
    expect(cut.problems).toEqual([]);
    expect(cut.dist[0]).toBe(Infinity);
    expect(cut.dist[1]).toBe(Infinity);
    // With a bridge at x = 250, closing the link sends R east over the bridge.
    const bridge: Change = { kind: 'path_add', id: 'fb', path_type: 'footpath', coordinates: [ll([250, 100]), ll([250, 0])], penalty_m: 0, name: '' };
    const r = walks(e, plan([bridge, { kind: 'way_close', id: 'x', street: 's2', reason: '' }]));
    expect(r.dist[1]).toBeCloseTo(5 + 200 + 100 + 50 + 5, 3);
  });

  it('a building on a closed street walks from the nearest open one', () => {
    // T at (200, 96) joins B at (200, 100), 4 m. With B closed it walks from the nearest open edge,
    // A at (200, 0): 4 + 100 to get there, then 100 along A and 5 into the clinic.
    const e = new Engine(twoStreets());
    expect(walks(e, null).dist[2]).toBeCloseTo(4 + 200 + 100 + 300 + 5, 3);
    const r = walks(e, plan([{ kind: 'way_close', id: 'x', street: 's1', reason: '' }]));
    expect(r.dist[2]).toBeCloseTo(4 + 100 + 100 + 5, 3);
    // Q's foot (300, 100) moves to (300, 0) on A, where the clinic joins: 5 + 100 + 5.
    expect(r.dist[0]).toBeCloseTo(110, 3);
  });

  it('a path whose end is 40 m from any street is refused and changes nothing', () => {
    const e = new Engine(twoStreets());
    const bridge: Change = { kind: 'path_add', id: 'fb', path_type: 'footpath', coordinates: [ll([200, 60]), ll([200, 0])], penalty_m: 0, name: '' };
    const r = walks(e, plan([bridge]));
    expect(r.problems.map((p) => p.change)).toEqual(['fb']);
    expect(r.problems[0].message).toMatch(/start of the path touches nothing.*40\.0 m/);
    expect(r.dist[0]).toBeCloseTo(710, 3);
  });
});

describe('bad edits are refused with a message and change nothing', () => {
  const e = new Engine(gated(false));
  const base = walks(e, null).dist;
  const cases: Array<[string, Change, RegExp]> = [
    ['gate off the wall', { kind: 'gate_add', id: 'x', compound: 'C', position: ll([200, 60]), hours: null }, /not on the wall of compound C \(40\.0 m/],
    ['unknown compound', { kind: 'gate_add', id: 'x', compound: 'Z', position: ll([250, 20]), hours: null }, /no compound "Z"/],
    ['unknown gate', { kind: 'gate_state', id: 'x', gate: 'C/7', open: false }, /no gate "C\/7"/],
    ['unknown street', { kind: 'way_close', id: 'x', street: 'nope', reason: '' }, /no street or path "nope"/],
    ['bad hours', { kind: 'gate_hours', id: 'x', gate: 'C/0', hours: { open: '25:00', close: '06:00' } }, /not HH:MM/],
    ['zero-length path', { kind: 'path_add', id: 'x', path_type: 'footpath', coordinates: [ll([250, 0]), ll([250, 0.3])], penalty_m: 0, name: '' }, /too short/],
    ['self-crossing path', { kind: 'path_add', id: 'x', path_type: 'footpath', coordinates: [ll([20, 0]), ll([40, 40]), ll([40, 20]), ll([20, 40]), ll([0, 10])], penalty_m: 0, name: '' }, /crosses itself/],
    ['absurd penalty', { kind: 'path_add', id: 'x', path_type: 'crossing', coordinates: [ll([20, 0]), ll([60, 40])], penalty_m: 1e6, name: '' }, /implausible/],
    ['negative penalty', { kind: 'path_add', id: 'x', path_type: 'crossing', coordinates: [ll([20, 0]), ll([60, 40])], penalty_m: -5, name: '' }, /0 or more/],
    ['end touching nothing', { kind: 'path_add', id: 'x', path_type: 'footpath', coordinates: [ll([20, 0]), ll([20, 200])], penalty_m: 0, name: '' }, /end of the path touches nothing/],
  ];
  for (const [name, change, message] of cases) {
    it(name, () => {
      const r = walks(e, plan([change]));
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0].change).toBe('x');
      expect(r.problems[0].message).toMatch(message);
      expect(Array.from(r.dist)).toEqual(Array.from(base));
      expect(buildOverlay(e, plan([change])).overlay).toBeNull();
    });
  }
  it('a bad time of day is reported', () => {
    expect(buildOverlay(e, plan([], '7pm')).problems[0]).toMatchObject({ change: 'time_of_day' });
  });
});

describe('what each network edit contributes', () => {
  it('leave-one-out per category: the gate brings B (100 people) within 300 m of the clinic, the closure changes nothing', async () => {
    const { loadStandards } = await import('../../scripts/lib/standards.ts');
    const { networkEditContributions } = await import('../../workers/scenario/network-edits.ts');
    const std = loadStandards();
    const e = new Engine(gated(false));
    const s = plan([
      { kind: 'gate_add', id: 'gate', compound: 'C', position: ll([250, 20]), hours: null },
      { kind: 'way_close', id: 'close', street: 's1', reason: '' },
      { kind: 'way_close', id: 'bad', street: 'nope', reason: '' },
    ]);
    const r = networkEditContributions(e, s, std, std.profiles[0], () => e.baseFacilities);
    expect(r.problems.map((p) => p.change)).toEqual(['bad']);
    expect(r.edits.map((x) => x.change)).toEqual(['gate', 'close']);
    expect(r.edits[0].byCategory.health_station.district).toBe(100);
    expect(r.edits[1].byCategory.health_station.district).toBe(0);
    // B at 165 m and P at 273 m: 200 people covered with both edits.
    expect(r.covered.health_station).toBe(200);
    // The engine is left as it was.
    expect(e.overlay).toBeNull();
  });
});

describe('snapping and isochrones see the edits', () => {
  it('a candidate beside a new footbridge joins it', async () => {
    const { applyFacilityChanges } = await import('../../workers/scenario/apply.ts');
    const e = new Engine(twoStreets());
    const s = plan([
      { kind: 'path_add', id: 'fb', path_type: 'footbridge', coordinates: [ll([250, 100]), ll([250, 0])], penalty_m: 0, name: '' },
      { kind: 'facility_add', id: 'cand', category: 'health_station', name: 'c', capacity: null, position: ll([253, 50]), origin: 'manual' },
    ]);
    const { overlay } = buildOverlay(e, s);
    e.setOverlay(overlay);
    try {
      const snap = e.snapXY(253, 50);
      expect(snap.ref!.edge).toBeGreaterThanOrEqual(e.graph.edgeCount);
      expect(snap.ref!.offset).toBeCloseTo(3, 6);
      const fs = applyFacilityChanges(e, s).facilities;
      const k = fs.ids.indexOf('cand');
      // Q at (300, 105): 5 + 50 along B + 50 down the bridge + 3 off it.
      expect(e.distancesFrom([fs.access[k]], 2000).dist[0]).toBeCloseTo(108, 3);
    } finally {
      e.setOverlay(null);
    }
    // Without the bridge the same point is 50 m from either street, beyond no limit: it joins a street.
    expect(e.snapXY(253, 50).ref!.edge).toBeLessThan(e.graph.edgeCount);
  });

  it('an isochrone passes a new gate and stops at a closed one', async () => {
    const { pointInPolygon } = await import('../../workers/model/geo.ts');
    const inside = (e: Engine, s: Scenario | null) => {
      e.setOverlay(buildOverlay(e, s).overlay);
      try {
        const iso = e.isochrone({ facilityId: 'H', minutes: [5] });
        const [x, y] = [250, 130];
        return iso.features[0].geometry.coordinates.some((poly) => pointInPolygon(x, y, poly.map((ring) => new Float64Array(ring.flatMap(([lon, lat]) => {
          const p = e.proj;
          return [(lon - p.lon0) * p.kx, (lat - p.lat0) * p.ky];
        })))));
      } finally {
        e.setOverlay(null);
      }
    };
    const open = new Engine(gated(false));
    expect(inside(open, null)).toBe(false);
    expect(inside(open, plan([{ kind: 'gate_add', id: 'g', compound: 'C', position: ll([250, 20]), hours: null }]))).toBe(true);
    const both = new Engine(gated(true));
    expect(inside(both, null)).toBe(true);
    expect(inside(both, plan([{ kind: 'gate_state', id: 's', gate: 'C/1', open: false }]))).toBe(false);
  });
});

describe('network edits survive a plan file', () => {
  it('exported to GeoJSON and read back, a plan gives the same walks and the same refusals', async () => {
    const { scenarioToGeoJson, parseScenarioGeoJson } = await import('../../workers/scenario/geojson.ts');
    const ds = gated(true);
    const e = new Engine(ds);
    const s = plan([
      { kind: 'gate_add', id: 'g-new', compound: 'C', position: ll([300, 120]), hours: { open: '07:00', close: '19:00' } },
      { kind: 'gate_hours', id: 'h', gate: 'C/1', hours: { open: '06:00', close: '22:00' } },
      { kind: 'gate_state', id: 'st', gate: 'g-new', open: true },
      { kind: 'way_close', id: 'wc', street: 's1', reason: 'works' },
      { kind: 'path_add', id: 'pa', path_type: 'crossing', coordinates: [ll([20, 0]), ll([55, 60])], penalty_m: 20, name: 'x' },
      { kind: 'way_close', id: 'bad', street: 'nope', reason: '' },
    ], '23:00');
    const text = scenarioToGeoJson(s, ds);
    const back = parseScenarioGeoJson(text, s.dataset);
    // The file records where the closed street was, so a plan opened on changed data can tell.
    const s1 = ds.streets.features.find((f) => f.properties.id === 's1')!.geometry.coordinates;
    expect(back.changes).toEqual(s.changes.map((c) => (c.id === 'wc' ? { ...c, coordinates: s1 } : c)));
    expect(back.time_of_day).toBe('23:00');
    const a = walks(e, s), b = walks(e, back);
    expect(Array.from(b.dist)).toEqual(Array.from(a.dist));
    expect(b.problems).toEqual(a.problems);
    // The unknown street is refused, and so is the crossing: its end would join S1, which the same
    // plan closes (closures apply first), and no other street is within 25 m.
    expect(a.problems.map((p) => p.change)).toEqual(['bad', 'pa']);
    expect(a.problems[1].message).toMatch(/end of the path touches nothing/);
    // At 23:00 the south gate and the new east gate are shut and S1 is closed: the west gate leads
    // only onto S1, so B is cut off from the clinic; P on S0 is not.
    expect(a.dist[0]).toBe(Infinity);
    expect(a.dist[1]).toBeCloseTo(P_WALK, 3);
  });
});
