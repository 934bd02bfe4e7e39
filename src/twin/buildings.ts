// Buildings as flat typed arrays for the extruded layer: one ring per building in one position
// buffer, so hundreds of thousands of buildings cost a few arrays, not an object each.
import type { Feature, PolygonGeom } from '../../workers/model/dataset.ts';
import { BEYOND_COLOR, DISTANCE_RAMP } from '../map/style.ts';
import type { TwinMetric } from './types.ts';

export const USES = ['residential', 'commercial', 'office', 'industrial', 'public'] as const;

export interface BuildingGeometry {
  count: number;
  /** Vertex offset of each building's ring in `positions` (count + 1 entries). */
  startIndices: Uint32Array;
  /** lon, lat pairs; rings closed and counter-clockwise. */
  positions: Float64Array;
  /** Height in metres (the mapped height, else floors × 3 m, else 3 m). */
  height: Float32Array;
  /** Index into USES; 255 for anything else. */
  use: Uint8Array;
  /** Residents: a building without any is never "covered" or "not covered". */
  population: Float32Array;
}

interface BuildingLike { height?: number | null; floors?: number | null; use?: string; population?: number }

/** Outer rings only: a courtyard is drawn filled, which at district scale reads the same. */
export function buildingGeometry(features: ReadonlyArray<Feature<PolygonGeom, BuildingLike>>): BuildingGeometry {
  const count = features.length;
  const startIndices = new Uint32Array(count + 1);
  let total = 0;
  for (let i = 0; i < count; i++) {
    startIndices[i] = total;
    total += features[i].geometry.coordinates[0]?.length ?? 0;
  }
  startIndices[count] = total;
  const positions = new Float64Array(total * 2);
  const height = new Float32Array(count);
  const use = new Uint8Array(count);
  const population = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const ring = features[i].geometry.coordinates[0] ?? [];
    const ccw = signedArea(ring) >= 0;
    const o = startIndices[i] * 2, n = ring.length;
    for (let k = 0; k < n; k++) {
      const p = ring[ccw ? k : n - 1 - k];
      positions[o + 2 * k] = p[0];
      positions[o + 2 * k + 1] = p[1];
    }
    const props = features[i].properties;
    height[i] = props.height && props.height > 0 ? props.height : props.floors && props.floors > 0 ? props.floors * 3 : 3;
    const u = USES.indexOf(props.use as (typeof USES)[number]);
    use[i] = u < 0 ? 255 : u;
    population[i] = props.population ?? 0;
  }
  return { count, startIndices, positions, height, use, population };
}

function signedArea(ring: ReadonlyArray<readonly number[]>): number {
  let a = 0;
  for (let k = 0, n = ring.length; k < n; k++) {
    const p = ring[k], q = ring[(k + 1) % n];
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a;
}

export type RGB = [number, number, number];

export function hexRgb(hex: string): RGB {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const RAMP = DISTANCE_RAMP.map(([t, c]) => [t, hexRgb(c)] as const);
const BEYOND = hexRgb(BEYOND_COLOR);

export const COLOURS = {
  covered: hexRgb('#1a9850'),
  uncovered: hexRgb('#d73027'),
  noTarget: hexRgb('#bdb6aa'),
  gained: hexRgb('#00c853'),
  lost: hexRgb('#c2185b'),
  nearer: hexRgb('#a6d96a'),
  farther: hexRgb('#fdae61'),
  same: hexRgb('#cfc8bc'),
  use: {
    residential: hexRgb('#c8b99c'), commercial: hexRgb('#e0a987'), office: hexRgb('#9fb6d0'),
    industrial: hexRgb('#b3a6b8'), public: hexRgb('#b8b8b8'),
  } as Record<(typeof USES)[number], RGB>,
  completeness: [hexRgb('#b2182b'), hexRgb('#f4a582'), hexRgb('#f7f7f7'), hexRgb('#92c5de'), hexRgb('#2166ac')] as RGB[],
};

/** Walk relative to the threshold, the same ramp the 2D map uses. */
export function walkColour(d: number, threshold: number, out: RGB) {
  if (!Number.isFinite(d)) {
    out[0] = BEYOND[0]; out[1] = BEYOND[1]; out[2] = BEYOND[2];
    return;
  }
  const x = d / threshold;
  let k = 1;
  while (k < RAMP.length - 1 && x > RAMP[k][0]) k++;
  const [t0, c0] = RAMP[k - 1], [t1, c1] = RAMP[k];
  const f = Math.min(1, Math.max(0, (x - t0) / (t1 - t0)));
  out[0] = Math.round(c0[0] + (c1[0] - c0[0]) * f);
  out[1] = Math.round(c0[1] + (c1[1] - c0[1]) * f);
  out[2] = Math.round(c0[2] + (c1[2] - c0[2]) * f);
}

function put(out: Uint8Array, i: number, c: RGB) {
  out[4 * i] = c[0]; out[4 * i + 1] = c[1]; out[4 * i + 2] = c[2]; out[4 * i + 3] = 255;
}

export interface ColourInputs {
  metric: TwinMetric;
  /** Walk to the category per building under the plan shown (live while dragging). */
  dist: Float64Array | null;
  /** The same under the baseline, for `change`. */
  baseDist: Float64Array | null;
  threshold: number;
  /** Share of a circle's categories each building reaches (0..1). */
  completeness: Float64Array | null;
}

/**
 * Writes one RGBA colour per building into `out` (count × 4). Without the data a metric needs
 * (no analysis yet, no plan for `change`), buildings fall back to their use, which is always known.
 */
export function colourBuildings(g: BuildingGeometry, inp: ColourInputs, out: Uint8Array) {
  const c: RGB = [0, 0, 0];
  const { metric, dist, baseDist, threshold, completeness } = inp;
  const effective = effectiveMetric(inp);
  for (let i = 0; i < g.count; i++) {
    if (effective === 'walk') {
      walkColour(dist![i], threshold, c);
      put(out, i, c);
    } else if (effective === 'covered') {
      put(out, i, g.population[i] <= 0 ? COLOURS.noTarget : dist![i] <= threshold ? COLOURS.covered : COLOURS.uncovered);
    } else if (effective === 'change') {
      const a = baseDist![i], b = dist![i];
      if (g.population[i] <= 0) put(out, i, COLOURS.noTarget);
      else if (a > threshold && b <= threshold) put(out, i, COLOURS.gained);
      else if (a <= threshold && b > threshold) put(out, i, COLOURS.lost);
      else if (b < a - 0.5) put(out, i, COLOURS.nearer);
      else if (b > a + 0.5) put(out, i, COLOURS.farther);
      else put(out, i, COLOURS.same);
    } else if (effective === 'completeness') {
      const v = completeness![i];
      const r = COLOURS.completeness, x = Math.min(1, Math.max(0, v)) * (r.length - 1);
      const k = Math.min(r.length - 2, Math.floor(x)), f = x - k;
      c[0] = Math.round(r[k][0] + (r[k + 1][0] - r[k][0]) * f);
      c[1] = Math.round(r[k][1] + (r[k + 1][1] - r[k][1]) * f);
      c[2] = Math.round(r[k][2] + (r[k + 1][2] - r[k][2]) * f);
      put(out, i, c);
    } else {
      const u = g.use[i];
      put(out, i, u === 255 ? COLOURS.use.public : COLOURS.use[USES[u]]);
    }
  }
  return metric === effective;
}

/** The metric actually drawn: the chosen one when its data is there, else building use. */
export function effectiveMetric(inp: ColourInputs): TwinMetric {
  if (inp.metric === 'walk' || inp.metric === 'covered') return inp.dist ? inp.metric : 'use';
  if (inp.metric === 'change') return inp.dist && inp.baseDist ? 'change' : 'use';
  if (inp.metric === 'completeness') return inp.completeness ? 'completeness' : 'use';
  return 'use';
}

/** Buildings now within the threshold that were not before (both arrays over the same buildings). */
export function newlyCovered(before: Float64Array, after: Float64Array, threshold: number, population: Float32Array): number[] {
  const out: number[] = [];
  const n = Math.min(before.length, after.length);
  for (let i = 0; i < n; i++) if (population[i] > 0 && before[i] > threshold && after[i] <= threshold) out.push(i);
  return out;
}
