// Tiny hand-drawn datasets in metres, converted to WGS84 around a fixed centre. The engine projects
// back with the same centre, so a fixture's metres are the engine's metres.
import { makeProjection, toLonLat } from '../../workers/model/geo.ts';
import { completeDataset, type Dataset, type Position } from '../../workers/model/dataset.ts';

export const CENTER: Position = [117, 32];
const proj = makeProjection(CENTER[0], CENTER[1]);
export const ll = (p: [number, number]): Position => toLonLat(proj, p[0], p[1]);

export interface FixtureStreet { pts: [number, number][]; cls?: string; compound?: string; foot?: 'yes' | 'no' }
export interface FixtureSpec {
  streets?: FixtureStreet[];
  buildings?: Array<{ id: string; at: [number, number]; population?: number; compound?: string; cohorts?: Record<string, number> }>;
  facilities?: Array<{ id: string; category: string; at?: [number, number]; ring?: [number, number][]; capacity?: number | null }>;
  compounds?: Array<{ id: string; ring: [number, number][]; gates: [number, number][] }>;
  rails?: [number, number][][];
  water?: [number, number][][];
  communities?: Array<{ id: string; ring: [number, number][] }>;
  /** Candidate sites: 10 m squares centred at `at`. */
  sites?: Array<{ id: string; at: [number, number] }>;
}

export function fixture(spec: FixtureSpec): Dataset {
  const square = (c: [number, number], h: number): Position[] =>
    [[c[0] - h, c[1] - h], [c[0] + h, c[1] - h], [c[0] + h, c[1] + h], [c[0] - h, c[1] + h], [c[0] - h, c[1] - h]].map((p) => ll(p as [number, number]));
  return completeDataset({
    meta: { center: CENTER } as Dataset['meta'],
    streets: {
      type: 'FeatureCollection',
      features: (spec.streets ?? []).map((s, i) => ({
        type: 'Feature', geometry: { type: 'LineString', coordinates: s.pts.map(ll) },
        properties: { id: `s${i}`, class: s.cls ?? 'residential', name: '', foot: s.foot ?? 'yes', compound: s.compound ?? null },
      })),
    },
    buildings: {
      type: 'FeatureCollection',
      features: (spec.buildings ?? []).map((b) => ({
        type: 'Feature', geometry: { type: 'Polygon', coordinates: [square(b.at, 2)] },
        properties: {
          id: b.id, community: 'c1', compound: b.compound ?? null, floors: 6, height: 18, use: 'residential',
          households: Math.round((b.population ?? 100) / 2.5), population: b.population ?? 100,
          age0_3: 0, age3_6: 0, age6_12: 0, age60plus: 0, cars: 0, ...(b.cohorts ?? {}),
        },
      })),
    },
    facilities: {
      type: 'FeatureCollection',
      features: (spec.facilities ?? []).map((f) => ({
        type: 'Feature',
        geometry: f.ring ? { type: 'Polygon', coordinates: [f.ring.map(ll)] } : { type: 'Point', coordinates: ll(f.at!) },
        properties: { id: f.id, category: f.category, name: f.id, capacity: f.capacity === undefined ? 100 : f.capacity, status: 'existing', community: 'c1', compound: null },
      })),
    } as Dataset['facilities'],
    compounds: {
      type: 'FeatureCollection',
      features: (spec.compounds ?? []).map((c) => ({
        type: 'Feature', geometry: { type: 'Polygon', coordinates: [c.ring.map(ll)] },
        properties: { id: c.id, name: c.id, community: 'c1', gates: c.gates.map(ll) },
      })),
    },
    sites: {
      type: 'FeatureCollection',
      features: (spec.sites ?? []).map((st) => ({
        type: 'Feature', geometry: { type: 'Polygon', coordinates: [square(st.at, 5)] },
        properties: { id: st.id, name: st.id, kind: 'vacant_land', area_m2: 100, community: 'c1', compound: null },
      })),
    },
    communities: {
      type: 'FeatureCollection',
      features: (spec.communities ?? []).map((c) => ({
        type: 'Feature', geometry: { type: 'Polygon', coordinates: [c.ring.map(ll)] },
        properties: { id: c.id, name: c.id, name_en: c.id, type: 'old', households: 0, population: 0, groups: 1 },
      })),
    },
    landuse: {
      type: 'FeatureCollection',
      features: [
        ...(spec.rails ?? []).map((r, i) => ({
          type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates: r.map(ll) },
          properties: { id: `rail${i}`, kind: 'rail' as const, name: '' },
        })),
        ...(spec.water ?? []).map((r, i) => ({
          type: 'Feature' as const, geometry: { type: 'Polygon' as const, coordinates: [r.map(ll)] },
          properties: { id: `water${i}`, kind: 'water' as const, name: '' },
        })),
      ],
    },
  });
}

/** Deterministic PRNG for property-style tests. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
