// THE validation stage: every dataset, whatever it came from (GeoJSON folder, OSM, shapefile, CSV,
// IndexedDB), passes here before the engine sees it. Each problem becomes a report item naming the
// file, the feature and the problem; a feature is repaired where the repair cannot change an answer
// (closing a ring, splitting a multi-line street, renaming a duplicate id), dropped where it cannot
// be trusted, and the whole dataset is refused where the analysis would be wrong or empty.
// The engine only ever takes Polygon/MultiPolygon buildings, LineString streets, Point/Polygon
// facilities and Polygon areas: the multi-part forms RFC 7946 allows are normalised here.

import { unkinkPolygon } from '@turf/turf';
import {
  CATEGORY_IDS, completeDataset, LAYER_NAMES, type Dataset, type LayerName, type Position,
} from './dataset.ts';
import { makeProjection } from './geo.ts';
import { pedestrianAllowed, projectRing } from '../network/network.ts';
import { polygonCentroid, ringSelfIntersection } from './shape.ts';
import { estimatePopulation, type EstimateOptions } from './population.ts';
import { deriveZones, type ZoneMethod } from './zones.ts';
import type { StreetZoneOptions } from './street-zones.ts';

export type Severity = 'error' | 'repaired' | 'warning' | 'info';
export interface ReportItem {
  severity: Severity;
  file: string;
  /** Feature id (or `#index` where it has none); null for the file or dataset as a whole. */
  feature: string | null;
  problem: string;
}
export interface ValidationReport {
  source: string;
  items: ReportItem[];
  /** Items beyond the per-problem cap, counted but not listed. */
  omitted: number;
  refused: boolean;
  counts: Record<LayerName, number>;
  populationEstimated: number;
  zonesDerived: boolean;
  /** How the derived zones were made (null when the dataset has its own communities). */
  zonesMethod: ZoneMethod | null;
}

export class DatasetRefused extends Error {
  constructor(readonly report: ValidationReport) {
    const errs = report.items.filter((i) => i.severity === 'error' && i.feature === null);
    super(`${report.source}: refused: ${(errs.length ? errs : report.items.filter((i) => i.severity === 'error')).slice(0, 3)
      .map((i) => `${i.file}: ${i.problem}`).join('; ')}`);
    this.name = 'DatasetRefused';
  }
}

export interface ValidateOptions {
  /** Name of the dataset as a whole in messages (a folder, a file). */
  source?: string;
  /** File each layer came from, for messages; defaults to `<layer>.geojson`. */
  files?: Partial<Record<LayerName, string>>;
  /** The coordinates were converted from a Chinese system (CGCS2000, GCJ-02, BD-09): they must lie in China. */
  china?: boolean;
  /** Refuse a dataset without buildings (default true). */
  requireBuildings?: boolean;
  /** Fill missing population from footprints (default true); its settings. */
  estimate?: Partial<EstimateOptions> | false;
  /** Derive zones (from the major streets, else a grid) when there are no communities (default true). */
  deriveZones?: boolean;
  /** Settings of the street zones (workers/model/street-zones.ts: STREET_ZONE_DEFAULTS). */
  zones?: Partial<StreetZoneOptions>;
  /** What the readers left out, reported first. */
  notes?: Array<{ file: string; feature?: string; problem: string; severity?: Severity }>;
  /** The input was made for this call (freshly parsed): attributes are corrected in place, not copied. */
  inPlace?: boolean;
  /** Called now and then with the share of features checked (0…1), for a progress bar. */
  onProgress?: (share: number) => void;
}

/** China's extent, generous: a Chinese coordinate system outside it means a wrong system or swapped axes. */
export const CHINA_BBOX: [number, number, number, number] = [73.4, 18.1, 135.1, 53.6];
const PER_PROBLEM_CAP = 50;
/**
 * Farther than this from the data's median, a coordinate is a typo (0,0, a dropped digit), not part
 * of the city: wide enough for a whole municipality's extract (Beijing spans about 170 km).
 */
const OUTLIER_M = 500_000;

const GEOMETRY_OK: Record<LayerName, string[]> = {
  communities: ['Polygon', 'MultiPolygon'],
  compounds: ['Polygon', 'MultiPolygon'],
  buildings: ['Polygon', 'MultiPolygon'],
  streets: ['LineString', 'MultiLineString'],
  facilities: ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon'],
  sites: ['Polygon', 'MultiPolygon'],
  landuse: ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString'],
};

const NUMERIC: Partial<Record<LayerName, Record<string, number>>> = {
  // Upper bounds no real feature reaches: beyond them the value is a unit or typing error.
  buildings: { floors: 200, height: 1000, households: 10000, population: 30000, age0_3: 30000, age3_6: 30000, age6_12: 30000, age60plus: 30000, cars: 20000 },
  facilities: { capacity: 10_000_000 },
  communities: { population: 500000, households: 200000, groups: 1000 },
  sites: { area_m2: 10_000_000 },
};

/**
 * Capacity one facility of a category cannot reach (service population, places, beds, pupils, m²,
 * spaces): a million beds in one elderly home would pass the beds indicator on its own.
 */
const CAPACITY_MAX: Partial<Record<string, number>> = {
  health_station: 200_000, health_centre: 500_000, nursery: 1_000, kindergarten: 2_000, elderly_daycare: 1_000, elderly_home: 5_000,
  primary_school: 10_000, middle_school: 10_000, market: 200_000, convenience: 10_000, service_station: 50_000, sports: 1_000_000,
  parking: 20_000,
};

const NUMERIC_ENTRIES = Object.fromEntries(Object.entries(NUMERIC).map(([l, b]) => [l, Object.entries(b)])) as Partial<Record<LayerName, Array<[string, number]>>>;

type AnyFeature = { type?: unknown; id?: unknown; geometry?: unknown; properties?: unknown };
type Geom = { type: string; coordinates: unknown };

export function validateDataset(input: unknown, opts: ValidateOptions = {}): { dataset: Dataset; report: ValidationReport } {
  const source = opts.source ?? 'dataset';
  const items: ReportItem[] = [];
  const perProblem = new Map<string, number>();
  let omitted = 0;
  const fileOf = (layer: LayerName | 'meta') => opts.files?.[layer as LayerName] ?? (layer === 'meta' ? 'meta.json' : `${layer}.geojson`);
  const add = (severity: Severity, file: string, feature: string | null, problem: string, kind = problem) => {
    const key = `${file}|${severity}|${kind}`;
    const n = (perProblem.get(key) ?? 0) + 1;
    perProblem.set(key, n);
    if (n > PER_PROBLEM_CAP && feature !== null) { omitted++; return; }
    items.push({ severity, file, feature, problem });
  };
  const counts = Object.fromEntries(LAYER_NAMES.map((l) => [l, 0])) as Record<LayerName, number>;
  const report: ValidationReport = { source, items, omitted: 0, refused: false, counts, populationEstimated: 0, zonesDerived: false, zonesMethod: null };
  const refuse = (file: string, problem: string): never => {
    add('error', file, null, problem);
    report.refused = true;
    report.omitted = omitted;
    throw new DatasetRefused(report);
  };

  for (const n of opts.notes ?? []) add(n.severity ?? 'warning', n.file, n.feature ?? null, n.problem);
  if (!isObject(input)) refuse(source, 'not a dataset: expected layers of GeoJSON');
  const raw = input as Record<string, unknown>;
  const layers = {} as Record<LayerName, AnyFeature[]>;
  for (const layer of LAYER_NAMES) {
    const fc = raw[layer];
    if (fc === undefined || fc === null) { layers[layer] = []; continue; }
    if (!isObject(fc) || (fc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((fc as { features?: unknown }).features)) {
      refuse(fileOf(layer), 'not a GeoJSON FeatureCollection (needs "type": "FeatureCollection" and a "features" array)');
    }
    layers[layer] = (fc as { features: AnyFeature[] }).features;
  }

  // Whole-dataset coordinate sanity first: a wrong system shows in every feature at once.
  const sample: Position[] = [];
  sampling: for (const layer of LAYER_NAMES) {
    for (const f of layers[layer]) {
      if (sample.length >= 200_000) break sampling;
      if (!isObject(f) || !isObject(f.geometry)) continue;
      eachPosition((f.geometry as Geom).coordinates, (p) => { sample.push(p); });
    }
  }
  const finite = sample.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  let swap = false;
  if (finite.length > 0) {
    const inRange = (p: Position) => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
    const okShare = finite.filter(inRange).length / finite.length;
    if (okShare < 0.5) {
      const swappedShare = finite.filter((p) => inRange([p[1], p[0]])).length / finite.length;
      const big = finite.find((p) => Math.abs(p[0]) > 1000 || Math.abs(p[1]) > 1000);
      if (big) {
        refuse(source, `coordinates look like projected metres (for example ${fmt(big[0])}, ${fmt(big[1])}), not longitude/latitude degrees: give the file's projection (.prj, or export as WGS84 EPSG:4326)`);
      } else if (swappedShare > 0.99) {
        swap = true;
        add('repaired', source, null, 'latitude and longitude were swapped (latitudes beyond ±90°): read as longitude, latitude');
      } else {
        refuse(source, 'coordinates lie outside longitude −180…180 and latitude −90…90: not WGS84 degrees');
      }
    } else if (opts.china) {
      const inChina = (p: Position) => p[0] >= CHINA_BBOX[0] && p[0] <= CHINA_BBOX[2] && p[1] >= CHINA_BBOX[1] && p[1] <= CHINA_BBOX[3];
      const share = finite.filter(inChina).length / finite.length;
      if (share < 0.5) {
        if (finite.filter((p) => inChina([p[1], p[0]])).length / finite.length > 0.99) {
          swap = true;
          add('repaired', source, null, 'latitude and longitude were swapped (the points lie in China read the other way): read as longitude, latitude');
        } else {
          const p = finite[0];
          refuse(source, `the coordinates (for example ${fmt(p[0])}, ${fmt(p[1])}) lie outside China, but the data is declared in a Chinese coordinate system (CGCS2000, GCJ-02 or BD-09): wrong system or swapped columns`);
        }
      }
    }
  }
  const swapped = (p: Position): Position => (swap ? [p[1], p[0]] : p);
  // Median of the sane coordinates: features far from it are typos (one stray 0,0 must not make a 10,000 km grid).
  // A spread sample is enough for a median, and sorting 200,000 points is not free.
  const stride = Math.max(1, Math.floor(finite.length / 20_000));
  const sane = finite.filter((_, k) => k % stride === 0).map(swapped).filter((p) => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90);
  const med: Position = sane.length ? [median(sane.map((p) => p[0])), median(sane.map((p) => p[1]))] : [0, 0];
  const proj = makeProjection(med[0], med[1]);

  const totalFeatures = LAYER_NAMES.reduce((n, l) => n + layers[l].length, 0) || 1;
  let checked = 0;
  const out = {} as Record<LayerName, Array<{ type: 'Feature'; id?: string | number; geometry: Geom; properties: Record<string, unknown> }>>;
  for (const layer of LAYER_NAMES) {
    const file = fileOf(layer);
    const seen = new Map<string, number>();
    const kept: typeof out[LayerName] = [];
    layers[layer].forEach((f, index) => {
      if (opts.onProgress && ++checked % 20_000 === 0) opts.onProgress(checked / totalFeatures);
      if (!isObject(f) || f.type !== 'Feature') { add('error', file, `#${index + 1}`, 'not a GeoJSON Feature: dropped'); return; }
      const props: Record<string, unknown> = isObject(f.properties)
        ? (opts.inPlace ? (f.properties as Record<string, unknown>) : { ...(f.properties as Record<string, unknown>) }) : {};
      let id = props.id ?? f.id;
      if (id === undefined || id === null || id === '') {
        id = `${layer}-${index + 1}`;
        add('repaired', file, `#${index + 1}`, `no id: named ${String(id)}`, 'no id');
      }
      let sid = String(id);
      const dup = seen.get(sid);
      if (dup !== undefined) {
        const n = dup + 1;
        seen.set(sid, n);
        const renamed = `${sid}~${n}`;
        add('repaired', file, sid, `duplicate id (feature #${index + 1}): renamed ${renamed}`, 'duplicate id');
        sid = renamed;
      } else seen.set(sid, 1);
      props.id = sid;
      const label = sid;

      const g = f.geometry as Geom | null;
      if (!isObject(g)) { add('error', file, label, 'null or missing geometry: dropped', 'null geometry'); return; }
      if (!GEOMETRY_OK[layer].includes(g.type)) {
        add('error', file, label, `${String(g.type)} geometry where ${GEOMETRY_OK[layer].join(' or ')} is expected: dropped`, 'wrong geometry');
        return;
      }
      const bad = badPosition(g.coordinates, g.type);
      if (bad) { add('error', file, label, `${bad}: dropped`, 'bad coordinates'); return; }
      const coords = swap ? mapPositions(g.coordinates, swapped) : g.coordinates;
      const far = firstFar(coords, DEPTH[g.type], med, proj);
      if (far) {
        const fp = far;
        add('error', file, label, `coordinate ${fmt(fp[0])}, ${fmt(fp[1])} lies more than ${OUTLIER_M / 1000} km from the rest of the data: dropped`, 'outlier');
        return;
      }

      // Normalise to the geometry forms the engine takes.
      const parts: Geom[] = [];
      const type = g.type;
      if (type === 'LineString' || type === 'MultiLineString') {
        const lines = (type === 'LineString' ? [coords] : coords) as Position[][];
        const good = lines.filter((l) => distinctCount(l) >= 2);
        if (good.length === 0) { add('error', file, label, 'line with fewer than two distinct points: dropped', 'degenerate line'); return; }
        if (type === 'MultiLineString' && layer === 'streets' && good.length > 1) {
          add('repaired', file, label, `MultiLineString split into ${good.length} streets sharing its id`, 'split multi-line');
        }
        for (const l of good) parts.push({ type: 'LineString', coordinates: l });
      } else if (type === 'Point' || type === 'MultiPoint') {
        const pts = (type === 'Point' ? [coords] : coords) as Position[];
        if (pts.length === 0) { add('error', file, label, 'empty MultiPoint: dropped', 'empty geometry'); return; }
        if (pts.length > 1) add('repaired', file, label, `MultiPoint of ${pts.length} points: its first point is used`, 'multipoint');
        parts.push({ type: 'Point', coordinates: pts[0] });
      } else {
        const polys = (type === 'Polygon' ? [coords] : coords) as Position[][][];
        const fixed: Position[][][] = [];
        for (const poly of polys) {
          const r = repairPolygon(poly, proj);
          if (r.note) add(r.polys.length ? 'repaired' : 'error', file, label, r.polys.length ? r.note : `${r.note}: dropped`, r.kind);
          fixed.push(...r.polys);
        }
        if (fixed.length === 0) return;
        if (layer === 'buildings') {
          parts.push(fixed.length === 1 ? { type: 'Polygon', coordinates: fixed[0] } : { type: 'MultiPolygon', coordinates: fixed });
        } else if (layer === 'landuse') {
          // Areas only count and block: each part can stand alone.
          for (const p of fixed) parts.push({ type: 'Polygon', coordinates: p });
        } else {
          let best = 0, bestA = -1, total = 0;
          fixed.forEach((p, k) => { const a = areaOf(p, proj); total += a; if (a > bestA) { bestA = a; best = k; } });
          if (fixed.length > 1) {
            add('repaired', file, label, `${fixed.length}-part polygon: its largest part (${Math.round((100 * bestA) / (total || 1))} % of the area) is used`, 'multi-part area');
          }
          parts.push({ type: 'Polygon', coordinates: fixed[best] });
        }
      }

      checkNumbers(layer, props, (problem, kind) => add('repaired', file, label, problem, kind));
      if (layer === 'facilities') {
        const cat = props.category;
        if (typeof cat !== 'string' || !(CATEGORY_IDS as readonly string[]).includes(cat)) {
          add('error', file, label, `unknown category ${JSON.stringify(cat ?? null)} (known: ${CATEGORY_IDS.join(', ')}): dropped`, 'unknown category');
          return;
        }
        if (!['existing', 'candidate', 'planned'].includes(String(props.status))) props.status = 'existing';
        if (props.name === undefined || props.name === null) props.name = '';
      }
      if (layer === 'compounds') {
        const gates = Array.isArray(props.gates) ? (props.gates as unknown[]) : [];
        const ok = gates.filter((q): q is Position => Array.isArray(q) && Number.isFinite(q[0]) && Number.isFinite(q[1]));
        if (ok.length !== gates.length) add('repaired', file, label, `${gates.length - ok.length} gates without valid coordinates removed`, 'bad gates');
        props.gates = swap ? ok.map((q) => [q[1], q[0]]) : ok;
      }
      if (layer === 'buildings' && Array.isArray(props.entrances)) {
        props.entrances = (props.entrances as unknown[]).filter((q): q is Position => Array.isArray(q) && Number.isFinite(q[0]) && Number.isFinite(q[1]))
          .map((q) => (swap ? [q[1], q[0]] : q));
      }
      parts.forEach((geometry, k) => kept.push({ type: 'Feature', id: sid, geometry, properties: k === 0 ? props : { ...props } }));
    });
    out[layer] = kept;
    counts[layer] = kept.length;
  }
  // A facility mapped twice (same category, name, place and capacity) would count its capacity twice
  // and can pass a quota on paper: the copy is dropped.
  out.facilities = dropDuplicateFacilities(out.facilities, proj,
    (label, first) => add('repaired', fileOf('facilities'), label, `same category, name, place and capacity as ${first}: a duplicate, dropped`, 'duplicate facility'));
  counts.facilities = out.facilities.length;

  // Dataset-level requirements: an analysis on these would be empty or wrong.
  if (out.streets.length === 0) refuse(fileOf('streets'), 'no usable streets: a walking network is required');
  const walkable = out.streets.filter((f) => !/^motorway/.test(String(f.properties.class)) && pedestrianAllowed(f.properties));
  if (walkable.length === 0) refuse(fileOf('streets'), `none of the ${out.streets.length} streets may be walked (motorways, foot=no, private or unbuilt ways only)`);
  if (opts.requireBuildings !== false && out.buildings.length === 0) refuse(fileOf('buildings'), 'no usable buildings: nothing to measure walks from');
  const frag = fragments(walkable, proj);
  if (frag.parts > 1 && frag.mainShare < 0.8) {
    add('warning', fileOf('streets'), null, `fragmented network: ${frag.parts} separate parts, the largest holding only ${Math.round(frag.mainShare * 100)} % of the walkable length; buildings near the others reach fewer facilities`);
  }
  if (out.facilities.length === 0) add('warning', fileOf('facilities'), null, 'no facilities: nobody is covered for any category');

  const meta = isObject(raw.meta) ? { ...(raw.meta as Record<string, unknown>) } : {};
  const bbox = boundsOf([...out.streets, ...out.buildings]);
  const centre = meta.center as unknown;
  if (!(Array.isArray(centre) && Number.isFinite(centre[0]) && Number.isFinite(centre[1]))
    || Math.abs((centre[0] as number) - (bbox[0] + bbox[2]) / 2) > 1 || Math.abs((centre[1] as number) - (bbox[1] + bbox[3]) / 2) > 1) {
    meta.center = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  }
  const bb = meta.bbox as unknown;
  if (!(Array.isArray(bb) && bb.length === 4 && bb.every(Number.isFinite))) meta.bbox = bbox;
  if (!(typeof meta.area_km2 === 'number' && meta.area_km2 > 0)) {
    const k = makeProjection((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2);
    meta.area_km2 = Math.round((((bbox[2] - bbox[0]) * k.kx * (bbox[3] - bbox[1]) * k.ky) / 1e6) * 100) / 100;
  }
  if (typeof meta.id !== 'string' || !meta.id) meta.id = slug(source);
  if (typeof meta.name !== 'string' || !meta.name) meta.name = source;
  if (typeof meta.name_en !== 'string' || !meta.name_en) meta.name_en = String(meta.name);
  if (typeof meta.synthetic !== 'boolean') meta.synthetic = false;
  if (!Array.isArray(meta.boundary)) meta.boundary = [];
  // Marks the dataset as having passed this stage, so the engine need not check it again.
  meta.validated = true;

  const fcs = Object.fromEntries(LAYER_NAMES.map((l) => [l, { type: 'FeatureCollection', features: out[l] }]));
  const dataset = completeDataset({ ...fcs, meta } as unknown as Partial<Dataset>);
  if (opts.estimate !== false) {
    const est = estimatePopulation(dataset, opts.estimate ?? {});
    report.populationEstimated = est.estimated;
    if (est.estimated > 0) {
      add('warning', fileOf('buildings'), null, `${est.estimated} residential buildings have no population: estimated from footprint × floors ÷ floor area per person${est.spread ? `, or their community's total (${est.spread} communities)` : ''}; marked population_estimated`);
    }
  }
  if (opts.deriveZones !== false && dataset.communities.features.length === 0) {
    const d = deriveZones(dataset, opts.zones);
    dataset.communities.features = d.zones as unknown as Dataset['communities']['features'];
    const n = d.zones.length;
    report.zonesDerived = n > 0;
    report.zonesMethod = n > 0 ? d.method : null;
    counts.communities = n;
    Object.assign(dataset.meta as unknown as Record<string, unknown>, { zones_derived: n > 0, zones_method: report.zonesMethod });
    add('warning', fileOf('communities'), null, d.method === 'streets'
      ? `no community boundaries: ${n} zones derived from the major streets (${d.blocks} blocks, merged with neighbours to at least ${d.minPopulation} residents where they have fewer) are used as analysis scopes instead`
      : `no community boundaries: ${n} grid zones of 1 km are used as analysis scopes instead (the major streets form no usable blocks: ${d.fallback})`);
  }
  report.omitted = omitted;
  return { dataset, report };
}

/** One-line summary per item, for the CLI and logs. */
function dropDuplicateFacilities<F extends { id?: string | number; geometry: Geom; properties: Record<string, unknown> }>(
  fs: F[], proj: ReturnType<typeof makeProjection>, report: (label: string, first: string) => void): F[] {
  const seen = new Map<string, string>();
  return fs.filter((f) => {
    let p: Position | null = null;
    eachPosition(f.geometry.coordinates, (q) => { p ??= q; });
    if (!p) return true;
    const [x, y] = p as Position;
    const key = [f.properties.category, f.properties.name, Math.round(x * proj.kx), Math.round(y * proj.ky), f.properties.capacity].map(String).join('|');
    const first = seen.get(key);
    if (first === undefined) { seen.set(key, String(f.properties.id)); return true; }
    report(String(f.properties.id), first);
    return false;
  });
}

export function formatReport(r: ValidationReport): string[] {
  const lines = r.items.map((i) => `${i.severity}: ${i.file}${i.feature !== null ? ` ${i.feature}` : ''}: ${i.problem}`);
  if (r.omitted > 0) lines.push(`… and ${r.omitted} more items of the same kinds`);
  return lines;
}

function checkNumbers(layer: LayerName, props: Record<string, unknown>, note: (problem: string, kind: string) => void) {
  const bounds = NUMERIC_ENTRIES[layer];
  if (!bounds) return;
  for (const [key, bound] of bounds) {
    const max = layer === 'facilities' && key === 'capacity' ? CAPACITY_MAX[String(props.category)] ?? bound : bound;
    const v = props[key];
    if (v === undefined || v === null || v === '') continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?[\d.]+(e[+-]?\d+)?\s*$/i.test(v) ? Number(v) : NaN;
    if (typeof v === 'string' && Number.isFinite(n)) props[key] = n;
    if (!Number.isFinite(n)) {
      note(`${key} ${JSON.stringify(v)} is not a number: treated as unknown`, `${key} not a number`);
      delete props[key];
      continue;
    }
    if (n < 0) { note(`${key} ${n} is negative: treated as unknown`, `${key} negative`); delete props[key]; continue; }
    if (n > max) { note(`${key} ${n} is beyond any real value (over ${max}): treated as unknown`, `${key} absurd`); delete props[key]; continue; }
  }
  if (layer === 'facilities' && props.capacity === undefined) props.capacity = null;
}

/** Closes rings, drops degenerate holes, and splits a self-intersecting outline where that is safe. */
function repairPolygon(poly: Position[][], proj: ReturnType<typeof makeProjection>): { polys: Position[][][]; note?: string; kind?: string } {
  if (!Array.isArray(poly) || poly.length === 0) return { polys: [], note: 'polygon without rings', kind: 'empty polygon' };
  let note: string | undefined, kind: string | undefined;
  const rings: Position[][] = [];
  for (const [k, r0] of poly.entries()) {
    let r = r0;
    if (distinctCount(r) < 3) {
      if (k === 0) return { polys: [], note: 'outline with fewer than three distinct points', kind: 'degenerate polygon' };
      note = 'a degenerate hole removed'; kind = 'degenerate hole';
      continue;
    }
    const a = r[0], b = r[r.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) { r = [...r, a]; note = 'ring was not closed: closed'; kind = 'unclosed ring'; }
    rings.push(r);
  }
  const flat = projectRing(proj, rings[0]);
  if (!ringSelfIntersection(flat)) return { polys: [rings], note, kind };
  // Figure-of-eight and similar: split into simple pieces; keep them when no piece is lost (the
  // pieces' areas add up to the even-odd area the engine's point tests already see).
  try {
    const parts = unkinkPolygon({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [rings[0]] } } as never)
      .features.map((f) => (f.geometry as unknown as { coordinates: Position[][] }).coordinates);
    const areas = parts.map((p) => areaOf(p, proj));
    const sum = areas.reduce((s, a) => s + a, 0);
    if (parts.length > 0 && sum > 0) {
      const kept = parts.filter((_, k) => areas[k] > sum * 1e-6);
      return { polys: kept, note: `self-intersecting outline repaired: split into ${kept.length} simple parts${rings.length > 1 ? ', holes dropped' : ''}`, kind: 'self-intersection' };
    }
  } catch {
    // unkink gives up on rings it cannot walk: refused below.
  }
  return { polys: [], note: 'self-intersecting outline that cannot be repaired safely', kind: 'self-intersection' };
}

function areaOf(poly: Position[][], proj: ReturnType<typeof makeProjection>): number {
  return polygonCentroid(poly.map((r) => projectRing(proj, r))).area;
}

/** Connected parts of the walkable lines by shared vertices (to the decimetre), weighted by length. */
function fragments(lines: Array<{ geometry: Geom }>, proj: ReturnType<typeof makeProjection>): { parts: number; mainShare: number } {
  let total = 0;
  for (const f of lines) total += (f.geometry.coordinates as Position[]).length;
  // Vertices are found through an open-addressing table over typed arrays: a Map keyed by
  // non-integer-sized numbers was most of this check's time on a city.
  let cap = 1024;
  while (cap < total * 2) cap *= 2;
  const mask = cap - 1;
  const slotKey = new Float64Array(cap).fill(-1);
  const slotVal = new Int32Array(cap);
  const parent = new Int32Array(total);
  let nodes = 0;
  const find = (a: number): number => { while (parent[a] !== a) { parent[a] = parent[parent[a]]; a = parent[a]; } return a; };
  // Every kept coordinate lies within OUTLIER_M of the median, so decimetres fit 2^25 each way.
  const node = (p: Position) => {
    const hi = Math.round((p[0] - proj.lon0) * proj.kx * 10) + 2 ** 25, lo = Math.round((p[1] - proj.lat0) * proj.ky * 10) + 2 ** 25;
    const k = hi * 2 ** 26 + lo;
    let h = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b)) & mask;
    for (;;) {
      const s = slotKey[h];
      if (s === k) return slotVal[h];
      if (s === -1) { slotKey[h] = k; slotVal[h] = nodes; parent[nodes] = nodes; return nodes++; }
      h = (h + 1) & mask;
    }
  };
  const len: number[] = [];
  const first: number[] = [];
  for (const f of lines) {
    const c = f.geometry.coordinates as Position[];
    let l = 0;
    const a = node(c[0]);
    for (let i = 1; i < c.length; i++) {
      const b = node(c[i]);
      const ra = find(a), rb = find(b);
      if (ra !== rb) parent[ra] = rb;
      l += Math.hypot((c[i][0] - c[i - 1][0]) * proj.kx, (c[i][1] - c[i - 1][1]) * proj.ky);
    }
    first.push(a); len.push(l);
  }
  const byRoot = new Map<number, number>();
  let length = 0;
  first.forEach((a, k) => { const r = find(a); byRoot.set(r, (byRoot.get(r) ?? 0) + len[k]); length += len[k]; });
  let main = 0;
  for (const v of byRoot.values()) if (v > main) main = v;
  return { parts: byRoot.size, mainShare: length > 0 ? main / length : 1 };
}

function boundsOf(features: Array<{ geometry: Geom }>): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of features) {
    eachPosition(f.geometry.coordinates, (p) => {
      if (p[0] < minX) minX = p[0]; if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1]; if (p[1] > maxY) maxY = p[1];
    });
  }
  return [minX, minY, maxX, maxY];
}

/** Calls fn for every position of a coordinates array of any depth. */
export function eachPosition(c: unknown, fn: (p: Position) => void): void {
  if (!Array.isArray(c)) return;
  if (c.length >= 2 && typeof c[0] === 'number') { fn(c as unknown as Position); return; }
  for (const x of c) eachPosition(x, fn);
}

function mapPositions(c: unknown, fn: (p: Position) => Position): unknown {
  if (!Array.isArray(c)) return c;
  if (c.length >= 2 && typeof c[0] === 'number') return fn(c as unknown as Position);
  return c.map((x) => mapPositions(x, fn));
}

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** The first structural or numeric fault in a coordinates array, as a message; null if sound. */
function badPosition(c: unknown, type: string): string | null {
  const fault = walkFault(c, DEPTH[type], type);
  if (!fault && Array.isArray(c) && c.length === 0) return `empty ${type}`;
  return fault;
}

/** Recursion over nesting levels only (at most three); the positions themselves are checked in a loop. */
function walkFault(x: unknown, d: number, type: string): string | null {
  if (d === 0) return positionFault(x);
  if (!Array.isArray(x)) return `coordinates are not nested as a ${type} needs`;
  for (let i = 0; i < x.length; i++) {
    const f = walkFault(x[i], d - 1, type);
    if (f) return f;
  }
  return null;
}

function positionFault(x: unknown): string | null {
  if (!Array.isArray(x) || x.length < 2) return 'a position is not a [longitude, latitude] pair';
  const a = x[0], b = x[1];
  if (typeof a !== 'number' || typeof b !== 'number') return `a coordinate is not a number (${JSON.stringify(x).slice(0, 40)})`;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return `a coordinate is NaN or infinite (${String(a)}, ${String(b)})`;
  return null;
}

/** The first position farther than OUTLIER_M from the median (a checked coordinates array of the given depth). */
function firstFar(c: unknown, d: number, med: Position, proj: ReturnType<typeof makeProjection>): Position | null {
  if (d === 0) {
    const p = c as Position;
    return Math.abs((p[0] - med[0]) * proj.kx) > OUTLIER_M || Math.abs((p[1] - med[1]) * proj.ky) > OUTLIER_M ? p : null;
  }
  const arr = c as unknown[];
  for (let i = 0; i < arr.length; i++) {
    const f = firstFar(arr[i], d - 1, med, proj);
    if (f) return f;
  }
  return null;
}

/** Distinct positions in a list, counted up to 3 (all a degenerate-shape test needs), without allocating. */
function distinctCount(ps: Position[]): number {
  if (ps.length === 0) return 0;
  const a = ps[0];
  let b: Position | null = null;
  for (const p of ps) {
    if (p[0] === a[0] && p[1] === a[1]) continue;
    if (!b) { b = p; continue; }
    if (p[0] !== b[0] || p[1] !== b[1]) return 3;
  }
  return b ? 2 : 1;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) > 1000 ? 1 : 6);
}

function slug(s: string): string {
  return s.toLowerCase().replace(/\.(geojson|json|osm|pbf|zip|csv|xlsx)$/g, '').replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-').replace(/^-|-$/g, '') || 'dataset';
}
