// Synthetic 集东区: a deterministic district calibrated to the planning brief 集东区社区整治工作方案.
// Layout happens in metres; a Sink turns the result into GeoJSON (the committed district) or into
// flat arrays (the tiled benchmark city), so the million-edge city never exists as GeoJSON objects.

import type {
  BuildingProps, CategoryId, CommunityProps, CompoundProps, FacilityProps, LanduseProps, SiteProps, StreetProps,
} from '../../workers/model/dataset.ts';
import { makeRandom } from './random.ts';

export type P = [number, number];

export interface Sink {
  community(props: CommunityProps, ring: P[]): void;
  compound(props: Omit<CompoundProps, 'gates'>, ring: P[], gates: P[]): void;
  street(props: StreetProps, pts: P[]): void;
  building(props: BuildingProps, ring: P[]): void;
  facility(props: FacilityProps, point: P | null, ring: P[] | null): void;
  site(props: SiteProps, ring: P[]): void;
  landuse(props: LanduseProps, rings: P[][] | null, line: P[] | null): void;
}

export const DISTRICT = {
  width: 3700,
  height: 3400,
  households: 33000,
  population: 87000,
  elderlyShare: 0.236,
  parkingPerHousehold: 0.5,
  elderlyBedsPer1000: 25,
  greenCover: 0.183,
  /** Idle public buildings inside compounds: with 9 vacant lots and 6 idle factory halls, the brief's 30 sites. */
  idleBuildings: 15,
};

type CommType = CommunityProps['type'];
interface CommDef { i: number; j: number; id: string; name: string; en: string; type: CommType }
const COMMUNITIES: CommDef[] = [
  { i: 0, j: 1, id: 'xinhong', name: '新虹社区', en: 'Xinhong', type: 'mixed' },
  { i: 0, j: 0, id: 'xinghua', name: '兴华社区', en: 'Xinghua', type: 'mixed' },
  { i: 1, j: 1, id: 'jianxin', name: '建新社区', en: 'Jianxin', type: 'old' },
  { i: 1, j: 0, id: 'dongfeng', name: '东风社区', en: 'Dongfeng', type: 'old' },
  { i: 2, j: 1, id: 'fangji', name: '纺机社区', en: 'Fangji', type: 'unit' },
  { i: 2, j: 0, id: 'binhu', name: '滨湖社区', en: 'Binhu', type: 'new' },
  { i: 3, j: 1, id: 'kechuang', name: '科创社区', en: 'Kechuang', type: 'new' },
  { i: 3, j: 0, id: 'yangguang', name: '阳光社区', en: 'Yangguang', type: 'new' },
];
const PARK_COMMUNITIES = new Set(['dongfeng', 'binhu']);
/** Metres from a row's door side to its lane. */
const LANE_OFF_DOOR = 5;
/** The point towers among the slabs of mixed estates are deeper than any slab. */
const MIXED_TOWER_DEPTH = 20;
const COL_X = [0, 950, 1850, 2700, 3700];
const ROW_Y = [0, 1750, 3400];
const H_NAMES = ['滨河路', '集东大道', '铁路南路'];
const V_NAMES = ['西环路', '建设路', '人民路', '纺机路', '东环路'];

/** Cohort shares and household habits by estate type (the brief: old walk-ups age fastest). */
const PROFILE: Record<CommType, {
  elderly: number; a0_3: number; a3_6: number; a6_12: number; persons: number; cars: number; unitArea: number; lotRatio: number;
}> = {
  old: { elderly: 0.32, a0_3: 0.018, a3_6: 0.02, a6_12: 0.045, persons: 2.45, cars: 0.32, unitArea: 62, lotRatio: 0.12 },
  unit: { elderly: 0.34, a0_3: 0.016, a3_6: 0.02, a6_12: 0.04, persons: 2.3, cars: 0.28, unitArea: 58, lotRatio: 0.15 },
  mixed: { elderly: 0.21, a0_3: 0.026, a3_6: 0.028, a6_12: 0.056, persons: 2.6, cars: 0.6, unitArea: 85, lotRatio: 0.4 },
  new: { elderly: 0.12, a0_3: 0.034, a3_6: 0.036, a6_12: 0.072, persons: 2.9, cars: 0.95, unitArea: 105, lotRatio: 0.72 },
};

class Line {
  readonly pts: P[];
  constructor(readonly props: StreetProps, pts: P[]) {
    this.pts = pts;
  }
  /** Puts a vertex on the line at the foot of p (reusing a vertex closer than 5 cm) and returns it. */
  attach(p: P): P {
    const pts = this.pts;
    let best = Infinity, bi = 0, bx = 0, by = 0;
    for (let k = 0; k < pts.length - 1; k++) {
      const [ax, ay] = pts[k], [cx, cy] = pts[k + 1];
      const dx = cx - ax, dy = cy - ay;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2 : 0;
      t = Math.max(0, Math.min(1, t));
      const fx = ax + t * dx, fy = ay + t * dy;
      const d = Math.hypot(p[0] - fx, p[1] - fy);
      if (d < best) { best = d; bi = k; bx = fx; by = fy; }
    }
    if (Math.hypot(bx - pts[bi][0], by - pts[bi][1]) < 0.05) return pts[bi];
    if (Math.hypot(bx - pts[bi + 1][0], by - pts[bi + 1][1]) < 0.05) return pts[bi + 1];
    const foot: P = [bx, by];
    pts.splice(bi + 1, 0, foot);
    return foot;
  }
}

interface Quad { sw: P; se: P; ne: P; nw: P; W: number; H: number }
function bil(q: Quad, u: number, v: number): P {
  return [
    (1 - u) * (1 - v) * q.sw[0] + u * (1 - v) * q.se[0] + u * v * q.ne[0] + (1 - u) * v * q.nw[0],
    (1 - u) * (1 - v) * q.sw[1] + u * (1 - v) * q.se[1] + u * v * q.ne[1] + (1 - u) * v * q.nw[1],
  ];
}
function rect(cx: number, cy: number, hx: number, hy: number): P[] {
  return [[cx - hx, cy - hy], [cx + hx, cy - hy], [cx + hx, cy + hy], [cx - hx, cy + hy], [cx - hx, cy - hy]];
}
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1–99 as Chinese numerals (十六, 二十三): old communities have more than nine compounds. */
function chineseNumber(n: number): string {
  const tens = Math.floor(n / 10), ones = n % 10;
  return tens === 0 ? DIGITS[ones] : `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[ones]}`;
}
/** 3 m a storey plus half a metre of parapet. */
function heightOf(floors: number): number {
  return Math.round(floors * 3 * 10 + 5) / 10;
}
function ringArea(ring: P[]): number {
  let a = 0;
  for (let k = 0; k < ring.length - 1; k++) a += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return Math.abs(a) / 2;
}
function uvRect(q: Quad, u0: number, u1: number, v0: number, v1: number): P[] {
  return [bil(q, u0, v0), bil(q, u1, v0), bil(q, u1, v1), bil(q, u0, v1), bil(q, u0, v0)];
}

interface PendingBuilding {
  props: BuildingProps;
  ring: P[];
  type: CommType;
  raw: number;
}
interface PendingFacility {
  props: FacilityProps;
  point: P | null;
  ring: P[] | null;
  /** Fills capacity once the district's population is known. */
  size?: (t: Totals) => number;
}
interface Totals {
  hh: Map<string, number>;
  elderly: number;
  households: number;
  compoundHH: Map<string, number>;
}

export interface TileOptions {
  seed: number;
  /** Metres added to every coordinate: the tile's place in a tiled city. */
  offset?: P;
  /** Id prefix so ids stay unique across a tiled city. */
  prefix?: string;
  /** The railway, its frontage road and the river only exist around the real district. */
  edges?: boolean;
  /** Split street segments longer than this, as OSM's shape points do (0 keeps them whole). */
  maxSegment?: number;
}

/** Generates one district into the sink. Returns the intersections on its boundary for tiling. */
export function generateDistrict(sink: Sink, opts: TileOptions): { corners: P[][] } {
  const rnd = makeRandom(opts.seed);
  // Gates draw from a stream of their own, so gate rules can change without moving a single building.
  const gateRnd = makeRandom((opts.seed ^ 0x6a7e5) >>> 0);
  const [ox, oy] = opts.offset ?? [0, 0];
  const pre = opts.prefix ?? '';
  const edges = opts.edges ?? true;
  // Layout happens around the district's own origin; everything leaves through this shift.
  const shift = (p: P): P => [p[0] + ox, p[1] + oy];
  const out: Sink = {
    community: (props, ring) => sink.community(props, ring.map(shift)),
    compound: (props, ring, gates) => sink.compound(props, ring.map(shift), gates.map(shift)),
    street: (props, pts) => sink.street(props, pts.map(shift)),
    building: (props, ring) => sink.building(props, ring.map(shift)),
    facility: (props, point, ring) => sink.facility(props, point && shift(point), ring && ring.map(shift)),
    site: (props, ring) => sink.site(props, ring.map(shift)),
    landuse: (props, rings, line) => sink.landuse(props, rings && rings.map((r) => r.map(shift)), line && line.map(shift)),
  };
  const lines: Line[] = [];
  const counters = new Map<string, number>();
  const nextId = (kind: string, width: number) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return `${pre}${kind}${String(n).padStart(width, '0')}`;
  };
  const addLine = (props: Omit<StreetProps, 'id' | 'foot'> & { foot?: 'yes' | 'no' }, pts: P[]) => {
    const line = new Line({ id: nextId('R', 4), foot: 'yes', ...props }, pts);
    lines.push(line);
    return line;
  };

  // Arterial intersections: jittered so the network is no perfect grid; the outer ring stays straight.
  const I: P[][] = COL_X.map((x, i) => ROW_Y.map((y, j) => {
    const inner = i > 0 && i < 4, innerRow = j > 0 && j < 2;
    return [x + (inner ? rnd.range(-35, 35) : 0), y + (innerRow ? rnd.range(-35, 35) : 0)] as P;
  }));
  const hArt = ROW_Y.map((_, j) => addLine(
    { class: 'primary', name: H_NAMES[j], compound: null }, COL_X.map((_, i) => I[i][j])));
  const vArt = COL_X.map((_, i) => addLine(
    { class: i === 0 || i === 4 ? 'secondary' : 'primary', name: V_NAMES[i], compound: null },
    ROW_Y.map((_, j) => I[i][j])));

  if (edges) {
    // Freight railway along the north edge; only 建设路 and 纺机路 pass under it to the frontage road.
    const railY = DISTRICT.height + 70, frontY = DISTRICT.height + 140;
    out.landuse({ id: `${pre}L_rail`, kind: 'rail', name: '集东货运铁路' }, null, [[-300, railY], [DISTRICT.width + 300, railY]]);
    const front = addLine({ class: 'tertiary', name: '铁路北路', compound: null }, [[-150, frontY], [DISTRICT.width + 150, frontY]]);
    for (const i of [1, 3]) {
      const top = I[i][2];
      vArt[i].pts.push(front.attach([top[0], frontY]));
    }
    out.landuse({ id: `${pre}L_river`, kind: 'water', name: '集东河' }, [[
      [-300, -95], [DISTRICT.width + 300, -95], [DISTRICT.width + 300, -22], [1800, -18], [-300, -25], [-300, -95],
    ]], null);
  }

  const buildings: PendingBuilding[] = [];
  const facilities: PendingFacility[] = [];
  const greenBelts: { outline: P[]; q: Quad; r: [number, number, number, number]; compound: string }[] = [];
  const sites: { props: SiteProps; ring: P[] }[] = [];
  const compounds: { id: string; name: string; community: string; type: CommType }[] = [];
  const commRings = new Map<string, P[]>();
  const gateFronts = new Map<string, P[]>();
  let greenArea = 0;

  const facility = (category: CategoryId, name: string, community: string, point: P | null, ring: P[] | null,
    capacity: number | null, size?: PendingFacility['size'], compound: string | null = null) => {
    facilities.push({
      props: { id: nextId('F', 3), category, name, capacity, status: 'existing', community, compound }, point, ring, size,
    });
  };
  const site = (name: string, kind: SiteProps['kind'], community: string, compound: string | null, ring: P[]) => {
    sites.push({ props: { id: nextId('S', 2), name, kind, area_m2: Math.round(ringArea(ring)), community, compound }, ring });
  };
  const building = (community: string, compound: string | null, type: CommType, use: BuildingProps['use'],
    floors: number, ring: P[]) => {
    const area = ringArea(ring);
    buildings.push({
      props: {
        id: nextId('B', 5), community, compound, floors, height: heightOf(floors), use,
        households: 0, population: 0, age0_3: 0, age3_6: 0, age6_12: 0, age60plus: 0, cars: 0,
      },
      ring, type, raw: use === 'residential' ? (area * floors * 0.78) / PROFILE[type].unitArea : 0,
    });
  };

  for (const c of COMMUNITIES) {
    const q: Quad = {
      sw: I[c.i][c.j], se: I[c.i + 1][c.j], ne: I[c.i + 1][c.j + 1], nw: I[c.i][c.j + 1], W: 0, H: 0,
    };
    q.W = (Math.hypot(q.se[0] - q.sw[0], q.se[1] - q.sw[1]) + Math.hypot(q.ne[0] - q.nw[0], q.ne[1] - q.nw[1])) / 2;
    q.H = (Math.hypot(q.nw[0] - q.sw[0], q.nw[1] - q.sw[1]) + Math.hypot(q.ne[0] - q.se[0], q.ne[1] - q.se[1])) / 2;
    const hasPark = edges && PARK_COMMUNITIES.has(c.id);
    const vp = hasPark ? 380 / q.H : 0;
    const vLines = new Map<number, Line>([[0, vArt[c.i]], [1, vArt[c.i + 1]]]);
    const hLines = new Map<number, Line>([[0, hArt[c.j]], [1, hArt[c.j + 1]]]);
    const short = c.name.slice(0, 2);

    const splitClass = c.type === 'old' ? 'footway' : 'residential';
    const splitName = c.type === 'old' ? `${short}中巷` : `${short}支路`;
    const verticalUs = c.type === 'old' ? [0.25, 0.5, 0.75] : [0.5];
    for (const u of verticalUs) {
      const a = hLines.get(0)!.attach(bil(q, u, 0)), b = hLines.get(1)!.attach(bil(q, u, 1));
      const cls = u === 0.5 ? splitClass : 'footway';
      const name = u === 0.5 ? splitName : `${short}${u < 0.5 ? '西' : '东'}巷`;
      vLines.set(u, addLine({ class: cls, name, compound: null }, [a, b]));
    }
    const crossing = (v: number, cls: string, name: string) => {
      const us = [0, ...verticalUs, 1];
      hLines.set(v, addLine({ class: cls, name, compound: null }, us.map((u) => vLines.get(u)!.attach(bil(q, u, v)))));
    };
    crossing(0.5, 'secondary', `${short}路`);
    if (hasPark) crossing(vp, 'footway', `${short}公园步道`);
    else crossing(0.25, 'footway', `${short}南巷`);
    crossing(0.75, 'footway', `${short}北巷`);
    // Street-side green strips (街头绿带) along the collector, in the setback in front of the walls.
    for (const [lo, hi, side] of [[8, 13, '北'], [-13, -8, '南']] as const) {
      const strip = uvRect(q, 14 / q.W, 1 - 14 / q.W, 0.5 + lo / q.H, 0.5 + hi / q.H);
      const label = `${short}路${side}侧街头绿带`;
      facility('green', label, `${pre}${c.id}`, null, strip, Math.round(ringArea(strip)));
      out.landuse({ id: nextId('L', 3), kind: 'green', name: label }, [strip], null);
      greenArea += ringArea(strip);
    }

    commRings.set(c.id, [q.sw, q.se, q.ne, q.nw, q.sw]);

    const us = [0, ...(c.type === 'old' ? [0.25, 0.5, 0.75] : [0.5]), 1];
    const vs = hasPark ? [vp, 0.5, 0.75, 1] : [0, 0.25, 0.5, 0.75, 1];
    const cid = `${pre}${c.id}`;
    for (let a = 0; a < us.length - 1; a++) {
      for (let b = 0; b < vs.length - 1; b++) {
        const ua = us[a], ub = us[a + 1], va = vs[b], vb = vs[b + 1];
        const kind = c.type === 'mixed' && ua < 0.5 ? 'commercial'
          : (c.id === 'kechuang' || c.id === 'yangguang') && ua >= 0.5 ? 'tech'
            : c.type === 'unit' && ua >= 0.5 && va >= 0.5 ? 'factory' : 'compound';
        const du = 14 / q.W, dv = 14 / q.H;
        const cell = { u0: ua + du, u1: ub - du, v0: va + dv, v1: vb - dv };
        if (kind === 'compound') {
          layoutCompound(q, c, cid, cell, { ua, ub, va, vb }, vLines, hLines);
        } else {
          const half = va === 0.5 ? 'north' : va === vs[0] ? 'south' : null;
          layoutOpenBlock(q, c, cid, kind, cell, vLines.get(ua)!, vLines.get(ub)!, half);
        }
      }
    }
    placeFrontage(q, c, cid);
  }

  if (edges) {
    // The ecological park between 集东河 and the first compounds of 东风 and 滨湖.
    const x0 = I[1][0][0] + 60, x1 = I[3][0][0] - 60;
    const park: P[] = [[x0, 14], [x1, 14], [x1, 300], [(x0 + x1) / 2 + 120, 345], [(x0 + x1) / 2 - 200, 330], [x0, 310], [x0, 14]];
    facility('park', '集东生态公园', `${pre}binhu`, null, park, Math.round(ringArea(park)));
    out.landuse({ id: `${pre}L_ecopark`, kind: 'green', name: '集东生态公园' }, [park], null);
    greenArea += ringArea(park);
  }

  function layoutCompound(q: Quad, c: CommDef, cid: string, cell: { u0: number; u1: number; v0: number; v1: number },
    streets: { ua: number; ub: number; va: number; vb: number }, vLines: Map<number, Line>, hLines: Map<number, Line>) {
    const id = nextId('Q', 3);
    const { u0, u1, v0, v1 } = cell;
    const name = `${c.name.slice(0, 2)}${chineseNumber((counters.get(`${cid}q`) ?? 0) + 1)}区`;
    counters.set(`${cid}q`, (counters.get(`${cid}q`) ?? 0) + 1);
    type Side = 's' | 'n' | 'w' | 'e';
    const facesCollector: Side = streets.vb === 0.5 ? 'n' : 's';
    // Residential rows, south-facing as Chinese daylight rules make them.
    const spec = {
      old: { px: 64, py: 33, w: [48, 58], d: [11, 12.5], fl: [5, 7] },
      unit: { px: 56, py: 31, w: [40, 50], d: [11, 12], fl: [4, 6] },
      mixed: { px: 62, py: 42, w: [46, 54], d: [13, 15], fl: [7, 11] },
      new: { px: 64, py: 74, w: [30, 36], d: [16, 20], fl: [18, 33] },
    }[c.type];
    const inset = 34;
    const [ax, ay] = bil(q, u0, v0), [bx, by] = bil(q, u1, v1);
    const w = bx - ax - 2 * inset, h = by - ay - 2 * inset;
    const nx = Math.max(1, Math.floor(w / spec.px)), ny = Math.max(1, Math.floor(h / spec.py));
    const ringIn = 18;
    const r0u = u0 + ringIn / q.W, r1u = u1 - ringIn / q.W, r0v = v0 + ringIn / q.H, r1v = v1 - ringIn / q.H;
    const ringCorners = [bil(q, r0u, r0v), bil(q, r1u, r0v), bil(q, r1u, r1v), bil(q, r0u, r1v)];
    const ring = addLine({ class: 'service', name: `${name}环路`, compound: id }, [...ringCorners, ringCorners[0]]);
    const vm = (r0v + r1v) / 2;
    const spineY = bil(q, (u0 + u1) / 2, vm)[1];
    // Building slots: the rows' centres, less those the spine runs through.
    const slotAt = (gx: number, gy: number) => {
      const u = u0 + (inset + (gx + 0.5) * (w / nx)) / q.W;
      const v = v0 + (inset + (gy + 0.5) * (h / ny)) / q.H;
      const p = bil(q, u, v);
      return { u, v, p, free: Math.abs(p[1] - spineY) >= 16 };
    };
    // A lane (宅间路) along the north side of every row, a few metres off the doors: slab blocks face south and
    // their unit entrances open north, so each building's door faces the lane it uses. Where the spine runs
    // just north of a row's doors it is that row's lane.
    const laneVs: number[] = [];
    const deepest = c.type === 'mixed' ? MIXED_TOWER_DEPTH : spec.d[1];
    const laneOff = deepest / 2 + LANE_OFF_DOOR;
    for (let gy = 0; gy < ny; gy++) {
      const row = Array.from({ length: nx }, (_, gx) => slotAt(gx, gy)).filter((s) => s.free);
      if (row.length === 0) continue;
      const spineServes = row.every(({ p }) => p[1] + deepest / 2 < spineY && Math.abs(p[1] + laneOff - spineY) < 10);
      if (!spineServes) laneVs.push(row[0].v + laneOff / q.H);
    }
    // Gates open where a path can run on into the compound: on the south and north walls in the gaps between
    // building columns, on the west and east walls at the end of a lane or of the spine.
    const gapUs: number[] = [];
    for (let gx = 1; gx < nx; gx++) gapUs.push(u0 + (inset + gx * (w / nx)) / q.W);
    const slots: Record<Side, number[]> = {
      s: gapUs.length ? gapUs : [(u0 + u1) / 2], n: gapUs.length ? gapUs : [(u0 + u1) / 2],
      w: [...laneVs, vm].sort((a, b) => a - b), e: [...laneVs, vm].sort((a, b) => a - b),
    };
    const corner = [bil(q, u0, v0), bil(q, u1, v0), bil(q, u1, v1), bil(q, u0, v1)];
    const span = (a: number, b: number) => Math.hypot(corner[b][0] - corner[a][0], corner[b][1] - corner[a][1]);
    const wall: Record<Side, number> = { s: span(0, 1), e: span(1, 2), n: span(2, 3), w: span(3, 0) };
    // Every wall faces a public street (the cell is cut out by them), so every side may take gates. Real compounds
    // open one about every 400 m of wall: 3 for a small old estate, 4–5 for a big new one; old and unit
    // estates often keep one locked. The main gate faces the collector; the rest go round the walls, extra
    // ones on the sides with the longest stretch of wall per gate.
    const perimeter = wall.s + wall.n + wall.w + wall.e;
    const locked = (c.type === 'old' || c.type === 'unit') && gateRnd.chance(0.4) ? 1 : 0;
    const gateCount = Math.max(2, Math.min(5, Math.round(perimeter / 400) - locked));
    const others = (['s', 'n', 'w', 'e'] as Side[]).filter((sd) => sd !== facesCollector);
    for (let k = others.length - 1; k > 0; k--) {
      const j = Math.floor(gateRnd.next() * (k + 1));
      [others[k], others[j]] = [others[j], others[k]];
    }
    const order: Side[] = [facesCollector, ...others];
    const perSide: Record<Side, number> = { s: 0, n: 0, w: 0, e: 0 };
    for (let k = 0; k < gateCount; k++) {
      const open = order.filter((sd) => perSide[sd] < slots[sd].length);
      if (open.length === 0) break;
      const side = k < 4 && open.includes(order[k]) ? order[k]
        : open.reduce((a, b) => (wall[b] / (perSide[b] + 1) > wall[a] / (perSide[a] + 1) ? b : a));
      perSide[side]++;
    }

    const roads = new Map<number, Line>();
    const gates: { side: Side; p: P; f: number }[] = [];
    for (const side of order) {
      const m = perSide[side], all = slots[side];
      for (let k = 0; k < m; k++) {
        // One slot from each of m equal stretches of the wall, so a side's gates spread along it.
        const group = all.slice(Math.floor((k * all.length) / m), Math.floor(((k + 1) * all.length) / m));
        const at = gateRnd.pick(group);
        let gate: P, street: P, inner: P, f: number;
        if (side === 's' || side === 'n') {
          f = (at - u0) / (u1 - u0);
          gate = bil(q, at, side === 's' ? v0 : v1);
          street = hLines.get(side === 's' ? streets.va : streets.vb)!.attach(bil(q, at, side === 's' ? streets.va : streets.vb));
          inner = ring.attach(bil(q, at, side === 's' ? r0v : r1v));
          // The gate's road runs on through the compound to the far side of the ring.
          if (!roads.has(at)) {
            roads.set(at, addLine({ class: 'service', name: `${name}主路`, compound: id },
              [ring.attach(bil(q, at, r0v)), ring.attach(bil(q, at, r1v))]));
          }
        } else {
          f = (at - v0) / (v1 - v0);
          gate = bil(q, side === 'w' ? u0 : u1, at);
          street = vLines.get(side === 'w' ? streets.ua : streets.ub)!.attach(bil(q, side === 'w' ? streets.ua : streets.ub, at));
          inner = ring.attach(bil(q, side === 'w' ? r0u : r1u, at));
        }
        addLine({ class: 'footway', name: '', compound: null }, [street, gate]);
        // Shops and small services cluster just outside compound gates, beside the gate path.
        const len = Math.hypot(gate[0] - street[0], gate[1] - street[1]) || 1;
        const sx = -(gate[1] - street[1]) / len, sy = (gate[0] - street[0]) / len;
        const fronts = gateFronts.get(cid) ?? [];
        fronts.push([(gate[0] + street[0]) / 2 + 8 * sx, (gate[1] + street[1]) / 2 + 8 * sy]);
        gateFronts.set(cid, fronts);
        addLine({ class: 'footway', name: '', compound: id, gate: true }, [gate, inner]);
        gates.push({ side, p: gate, f });
      }
    }
    // The spine and the lanes cross every gate road they meet, so walkers can turn there.
    const roadUs = [...roads.keys()].sort((a, b) => a - b);
    for (const v of [vm, ...laneVs]) {
      addLine({ class: 'footway', name: '', compound: id },
        [ring.attach(bil(q, r0u, v)), ...roadUs.map((u) => roads.get(u)!.attach(bil(q, u, v))), ring.attach(bil(q, r1u, v))]);
    }
    const outline: P[] = [];
    const sideOrder: Side[] = ['s', 'e', 'n', 'w'];
    sideOrder.forEach((sd, k) => {
      outline.push(corner[k]);
      const on = gates.filter((g) => g.side === sd).sort((a, b) => (sd === 's' || sd === 'e' ? a.f - b.f : b.f - a.f));
      for (const g of on) outline.push(g.p);
    });
    outline.push(corner[0]);
    out.compound({ id, name, community: cid }, outline, gates.map((g) => g.p));
    compounds.push({ id, name, community: cid, type: c.type });
    greenBelts.push({ outline, q, r: [u0, u1, v0, v1], compound: id });

    let parkingPlaced = false;
    for (let gy = 0; gy < ny; gy++) {
      for (let gx = 0; gx < nx; gx++) {
        const { p: [cx, cy], free } = slotAt(gx, gy);
        if (!free) continue;
        if (!parkingPlaced && gy === 0 && gx === 0) {
          parkingPlaced = true;
          facility('parking', `${name}停车场`, cid, [cx, cy], null, null,
            (t) => Math.round((t.compoundHH.get(id) ?? 0) * PROFILE[c.type].lotRatio), id);
          continue;
        }
        const tower = c.type === 'mixed' && rnd.chance(0.25);
        const bw = tower ? 28 : rnd.range(spec.w[0], spec.w[1]);
        const bd = tower ? MIXED_TOWER_DEPTH : rnd.range(spec.d[0], spec.d[1]);
        const floors = tower ? rnd.int(18, 24) : rnd.int(spec.fl[0], spec.fl[1]);
        building(cid, id, c.type, 'residential', floors, rect(cx, cy, bw / 2, bd / 2));
      }
    }
  }

  function layoutOpenBlock(q: Quad, c: CommDef, cid: string, kind: 'commercial' | 'tech' | 'factory',
    cell: { u0: number; u1: number; v0: number; v1: number }, west: Line, east: Line, half: 'north' | 'south' | null) {
    const { u0, u1, v0, v1 } = cell;
    const vm = (v0 + v1) / 2;
    const walkName = kind === 'commercial' ? `${c.name.slice(0, 2)}商业步行街` : kind === 'tech' ? '科创园区路' : '纺机厂区路';
    addLine({ class: kind === 'commercial' ? 'pedestrian' : 'residential', name: walkName, compound: null },
      [west.attach(bil(q, u0 - 14 / q.W, vm)), east.attach(bil(q, u1 + 14 / q.W, vm))]);
    const landKind = kind === 'commercial' ? 'commercial' : kind === 'tech' ? 'hightech' : 'industrial';
    out.landuse({ id: nextId('L', 3), kind: landKind, name: walkName }, [uvRect(q, u0, u1, v0, v1)], null);

    const pitch = { commercial: [110, 90], tech: [120, 100], factory: [130, 105] }[kind];
    const inset = 20;
    const [ax, ay] = bil(q, u0, v0), [bx, by] = bil(q, u1, v1);
    const w = bx - ax - 2 * inset, h = by - ay - 2 * inset;
    const nx = Math.max(1, Math.floor(w / pitch[0])), ny = Math.max(1, Math.floor(h / pitch[1]));
    const midY = bil(q, (u0 + u1) / 2, vm)[1];
    const slots: P[] = [];
    for (let gy = 0; gy < ny; gy++) {
      for (let gx = 0; gx < nx; gx++) {
        const [cx, cy] = bil(q, u0 + (inset + (gx + 0.5) * (w / nx)) / q.W, v0 + (inset + (gy + 0.5) * (h / ny)) / q.H);
        if (Math.abs(cy - midY) > 48) slots.push([cx, cy]);
      }
    }
    // Reserved uses first, spread over the block, then ordinary buildings in the remaining slots.
    const green = (label: string) => (p: P) => {
      const r = rect(p[0], p[1], rnd.range(14, 22), rnd.range(14, 20));
      facility('green', label, cid, null, r, Math.round(ringArea(r)));
      out.landuse({ id: nextId('L', 3), kind: 'green', name: label }, [r], null);
      greenArea += ringArea(r);
    };
    const park = (label: string) => (p: P) => {
      const r = rect(p[0], p[1], 48, 40);
      facility('park', label, cid, null, r, Math.round(ringArea(r)));
      out.landuse({ id: nextId('L', 3), kind: 'green', name: label }, [r], null);
      greenArea += ringArea(r);
    };
    const lot = (label: string, spaces: number) => (p: P) => {
      facility('parking', label, cid, null, rect(p[0], p[1], 30, 20), null, (t) => Math.round(t.households * spaces));
    };
    const vacant = (label: string) => (p: P) => site(label, 'vacant_land', cid, null, rect(p[0], p[1], rnd.range(22, 34), rnd.range(18, 28)));
    const north = half === 'north';
    const plans: Record<string, Array<(p: P) => void>> = {
      xinghua: north ? [green('兴华口袋公园'), lot('兴华路北停车场', 0.008)]
        : [park('兴华街心公园'), lot('兴华公共停车场', 0.01), vacant('兴华路南空地')],
      xinhong: north ? [green('新虹口袋公园'), vacant('新虹闲置地块')]
        : [green('新虹街角绿地'), lot('新虹商业中心停车场', 0.03), vacant('新虹待建地块')],
      kechuang: north ? [green('科创口袋公园'), vacant('科创北侧空地')]
        : [park('科创公园'), lot('科创园区停车场', 0.02), vacant('科创预留地块')],
      yangguang: north ? [vacant('阳光预留地块'), lot('阳光园区北停车场', 0.01)]
        : [green('阳光口袋公园'), lot('阳光园区停车场', 0.015), vacant('阳光东侧空地')],
      fangji: [green('纺机厂前绿地'), vacant('纺机厂区空地'), vacant('纺机仓库旧址')],
    };
    // Reserved uses go in the first block of each half; factory uses in its southern block only.
    const reserve = half === null || (kind === 'factory' && !north) ? [] : plans[c.id];
    const step = Math.max(1, Math.floor(slots.length / Math.max(1, reserve.length)));
    const reservedAt = new Set<number>();
    reserve.forEach((place, k) => {
      const idx = Math.min(slots.length - 1, k * step + (k % 2));
      reservedAt.add(idx);
      place(slots[idx]);
    });
    slots.forEach((p, k) => {
      if (reservedAt.has(k)) return;
      if (kind === 'factory') {
        const fp = rect(p[0], p[1], rnd.range(30, 40), rnd.range(13, 18));
        building(cid, null, c.type, 'industrial', rnd.int(1, 3), fp);
        site('纺机厂闲置厂房', 'idle_building', cid, null, fp);
      } else if (kind === 'commercial') {
        const mall = rnd.chance(0.5);
        building(cid, null, c.type, 'commercial', mall ? rnd.int(3, 6) : rnd.int(12, 26),
          mall ? rect(p[0], p[1], rnd.range(30, 40), rnd.range(22, 30)) : rect(p[0], p[1], 20, 15));
      } else {
        building(cid, null, c.type, 'office', rnd.int(5, 14), rect(p[0], p[1], rnd.range(26, 34), rnd.range(15, 20)));
      }
    });
  }

  function placeFrontage(q: Quad, c: CommDef, cid: string) {
    // Shops and services face the street: 7 m off a street line, inside the setback in front of the walls.
    const onCollector = (u: number, north: boolean): P => {
      const [x, y] = bil(q, u, 0.5);
      return [x, y + (north ? 7 : -7)];
    };
    const short = c.name.slice(0, 2);
    const slotsU = [0.08, 0.16, 0.34, 0.42, 0.58, 0.66, 0.84, 0.92];
    let k = 0;
    const next = (): P => onCollector(slotsU[k % slotsU.length], (k++ >> 3) % 2 === 0);
    const fronts = gateFronts.get(cid) ?? [];
    let g = 0;
    // Stride through the gates so a community's gate-side services spread over its compounds; a stride
    // sharing no factor with the gate count never returns to a gate before all have had one.
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const stride = fronts.length > 2 ? [3, 2, 5, 7, 11].find((s) => gcd(s, fronts.length) === 1) ?? 1 : 1;
    const nextGate = (): P => (g < fronts.length ? fronts[(g++ * stride) % fronts.length] : next());
    const atGate = new Set<CategoryId>(['nursery', 'kindergarten', 'elderly_daycare', 'convenience', 'service_station']);
    const plan: Record<string, Array<[CategoryId, string, number | null, PendingFacility['size']?]>> = {
      xinhong: [['health_centre', '集东社区卫生服务中心', 50000], ['nursery', '新虹托育园', 60], ['kindergarten', '新虹幼儿园', 270],
        ['primary_school', '新虹小学', 1080], ['market', '新虹综合市场', 2400]],
      xinghua: [['nursery', '兴华托育点', 40], ['kindergarten', '兴华幼儿园', 180], ['elderly_daycare', '兴华老年服务站', 30],
        ['market', '兴华菜市场', 900], ['sports', '兴华健身广场', 1200]],
      jianxin: [['health_station', '建新社区卫生服务站', 8000], ['kindergarten', '建新幼儿园', 270], ['elderly_daycare', '建新日间照料中心', 40],
        ['primary_school', '建新小学', 1260], ['market', '建新菜市场', 1100]],
      dongfeng: [['elderly_home', '东风养老院', null, (t) => Math.round(t.elderly * DISTRICT.elderlyBedsPer1000 / 1000 * 0.55)],
        ['middle_school', '集东中学', 1500]],
      fangji: [['kindergarten', '纺机幼儿园', 180], ['elderly_daycare', '纺机老年服务站', 30], ['sports', '纺机职工运动场', 2600]],
      binhu: [['nursery', '滨湖托育中心', 80], ['kindergarten', '滨湖幼儿园', 360], ['elderly_daycare', '滨湖日间照料中心', 50],
        ['elderly_home', '滨湖颐养院', null, (t) => {
          const total = Math.round(t.elderly * DISTRICT.elderlyBedsPer1000 / 1000);
          return total - Math.round(total * 0.55);
        }], ['primary_school', '滨湖小学', 1440]],
      kechuang: [['kindergarten', '科创幼儿园', 270], ['middle_school', '科创实验中学', 1200]],
      yangguang: [['health_station', '阳光社区卫生服务站', 8000], ['nursery', '阳光托育园', 60], ['kindergarten', '阳光幼儿园', 360],
        ['market', '阳光生鲜超市', 800], ['sports', '阳光体育公园球场', 1800]],
    };
    for (const [cat, label, cap, size] of plan[c.id]) facility(cat, label, cid, atGate.has(cat) ? nextGate() : next(), null, cap, size);
    const areaFactor: Record<string, number> = {
      jianxin: 0.55, dongfeng: 0.7, fangji: 0.6, xinhong: 1.1, xinghua: 0.9, yangguang: 1.2, binhu: 1.05, kechuang: 0.8,
    };
    facility('service_station', `${c.name}综合服务站`, cid, nextGate(), null, null,
      (t) => Math.round(Math.max(400, 0.3 * (t.hh.get(cid) ?? 0)) * areaFactor[c.id] / 10) * 10);
    const shops = { old: 5, unit: 4, mixed: 6, new: 4 }[c.type];
    for (let s = 0; s < shops; s++) facility('convenience', `${short}便利店${s + 1}`, cid, nextGate(), null, rnd.int(50, 120));
    const stops: P[] = [
      [bil(q, 0.3, 0)[0], bil(q, 0.3, 0)[1] + 7],
      [bil(q, 0, 0.72)[0] + 7, bil(q, 0, 0.72)[1]],
    ];
    if (c.j === 1) stops.push([bil(q, 0.62, 1)[0], bil(q, 0.62, 1)[1] - 7]);
    stops.forEach((p, s) => facility('bus_stop', `${short}公交站${s + 1}`, cid, p, null, null));
  }

  // Idle public buildings (闲置用房), at most one a compound and as many as the brief counts; old and unit
  // estates, where most buildings have been vacated, draw them more often.
  const pool = compounds.slice();
  const weight = (x: (typeof pool)[number]) => (x.type === 'old' || x.type === 'unit' ? 3 : 2);
  for (let k = 0; k < DISTRICT.idleBuildings && pool.length > 0; k++) {
    let r = rnd.next() * pool.reduce((s, x) => s + weight(x), 0);
    let at = 0;
    while (at < pool.length - 1 && r >= weight(pool[at])) r -= weight(pool[at++]);
    const [cq] = pool.splice(at, 1);
    const b = rnd.pick(buildings.filter((x) => x.props.compound === cq.id));
    const fp = rect((b.ring[0][0] + b.ring[2][0]) / 2, (b.ring[0][1] + b.ring[2][1]) / 2, 14, 8);
    Object.assign(b.props, { use: 'public', floors: 2, height: heightOf(2) });
    b.ring = fp;
    b.raw = 0;
    site(`${cq.name}闲置用房`, 'idle_building', cq.community, cq.id, fp);
  }

  // Calibrate households, population and cohorts to the brief, then the capacities that depend on them.
  const rawTotal = buildings.reduce((s, b) => s + b.raw, 0);
  const hhScale = DISTRICT.households / rawTotal;
  let popRaw = 0, eldRaw = 0;
  for (const b of buildings) {
    const hh = Math.round(b.raw * hhScale);
    b.props.households = hh;
    popRaw += hh * PROFILE[b.type].persons;
  }
  const popScale = DISTRICT.population / popRaw;
  for (const b of buildings) {
    const pr = PROFILE[b.type];
    b.props.population = Math.round(b.props.households * pr.persons * popScale);
    eldRaw += b.props.population * pr.elderly;
  }
  const eldScale = (DISTRICT.population * DISTRICT.elderlyShare) / eldRaw;
  const totals: Totals = { hh: new Map(), elderly: 0, households: 0, compoundHH: new Map() };
  const commPop = new Map<string, number>();
  for (const b of buildings) {
    const pr = PROFILE[b.type], p = b.props;
    p.age60plus = Math.round(p.population * pr.elderly * eldScale);
    p.age0_3 = Math.round(p.population * pr.a0_3);
    p.age3_6 = Math.round(p.population * pr.a3_6);
    p.age6_12 = Math.round(p.population * pr.a6_12);
    p.cars = Math.round(p.households * pr.cars);
    totals.elderly += p.age60plus;
    totals.households += p.households;
    totals.hh.set(p.community, (totals.hh.get(p.community) ?? 0) + p.households);
    commPop.set(p.community, (commPop.get(p.community) ?? 0) + p.population);
    if (p.compound) totals.compoundHH.set(p.compound, (totals.compoundHH.get(p.compound) ?? 0) + p.households);
  }
  for (const f of facilities) if (f.size) f.props.capacity = f.size(totals);
  const lots = facilities.filter((f) => f.props.category === 'parking');
  const spaces = lots.reduce((s, f) => s + (f.props.capacity ?? 0), 0);
  const wanted = Math.round(totals.households * DISTRICT.parkingPerHousehold);
  const lotScale = wanted / spaces;
  let assigned = 0;
  lots.forEach((f, k) => {
    f.props.capacity = k === lots.length - 1 ? wanted - assigned : Math.round((f.props.capacity ?? 0) * lotScale);
    assigned += f.props.capacity;
  });

  // Compound green belts: sized so total green cover meets the brief's 18.3 %.
  if (edges) {
    const wantedGreen = DISTRICT.greenCover * DISTRICT.width * DISTRICT.height - greenArea;
    const beltArea = (w: number) => greenBelts.reduce((s, g) => {
      const [u0, u1, v0, v1] = g.r;
      return s + ringArea(g.outline) - ringArea(uvRect(g.q, u0 + w / g.q.W, u1 - w / g.q.W, v0 + w / g.q.H, v1 - w / g.q.H));
    }, 0);
    let lo = 0, hi = 30;
    for (let it = 0; it < 40; it++) {
      const mid = (lo + hi) / 2;
      if (beltArea(mid) < wantedGreen) lo = mid; else hi = mid;
    }
    for (const g of greenBelts) {
      const [u0, u1, v0, v1] = g.r, w = lo;
      const hole = uvRect(g.q, u0 + w / g.q.W, u1 - w / g.q.W, v0 + w / g.q.H, v1 - w / g.q.H).reverse();
      out.landuse({ id: nextId('L', 3), kind: 'green', name: '小区绿地' }, [g.outline, hole], null);
    }
  }

  const maxSeg = opts.maxSegment ?? 0;
  for (const line of lines) out.street(line.props, maxSeg > 0 ? densify(line.pts, maxSeg) : line.pts);
  for (const b of buildings) out.building(b.props, b.ring);
  for (const f of facilities) out.facility(f.props, f.point, f.ring);
  for (const s of sites) out.site(s.props, s.ring);
  for (const c of COMMUNITIES) {
    const id = `${pre}${c.id}`;
    const hh = totals.hh.get(id) ?? 0;
    out.community({
      id, name: c.name, name_en: c.en, type: c.type, households: hh, population: commPop.get(id) ?? 0,
      groups: Math.max(1, Math.round(hh / (DISTRICT.households / 56))),
    }, commRings.get(c.id)!);
  }
  return { corners: I.map((col) => col.map(shift)) };
}

function densify(pts: P[], maxSeg: number): P[] {
  const out: P[] = [pts[0]];
  for (let k = 1; k < pts.length; k++) {
    const [ax, ay] = pts[k - 1], [bx, by] = pts[k];
    const n = Math.ceil(Math.hypot(bx - ax, by - ay) / maxSeg);
    for (let s = 1; s < n; s++) out.push([ax + ((bx - ax) * s) / n, ay + ((by - ay) * s) / n]);
    out.push(pts[k]);
  }
  return out;
}
