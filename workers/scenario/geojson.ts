// A plan as a GeoJSON file: one feature per change (candidates, moved facilities and gates as points,
// new paths and closed streets as lines) so other GIS tools can draw it, with the plan itself in a
// `circletwin` foreign member. Reading is strict: a file that is not a plan of ours, or one with a
// change we cannot trust, is refused whole with a message naming the feature and the problem.

import { CATEGORY_IDS, type CategoryId, type Dataset, type Position } from '../model/dataset.ts';
import { capacityProblem } from './apply.ts';
import { hoursProblem, MAX_PENALTY_M, parseClock } from './network-edits.ts';
import {
  SCENARIO_FORMAT, SCENARIO_VERSION, type Change, type ChangeKind, type GateHours, type PathType, type Scenario, type Slide,
} from './types.ts';

export class ScenarioFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFileError';
  }
}

type Geometry = { type: 'Point'; coordinates: Position } | { type: 'LineString'; coordinates: Position[] } | null;

interface PlanFeature {
  type: 'Feature';
  id: string;
  geometry: Geometry;
  properties: Record<string, unknown>;
}

const KINDS: ChangeKind[] = [
  'facility_add', 'facility_move', 'facility_remove', 'facility_edit', 'path_add', 'way_close', 'gate_add', 'gate_state', 'gate_hours',
];
const PATH_TYPES: PathType[] = ['footpath', 'footbridge', 'underpass', 'crossing'];
const MAX_CHANGES = 10_000;
const MAX_PATH_VERTICES = 5_000;

/** Where a change's object stands, for drawing: looked up in the plan or the dataset when the change itself has no geometry. */
function geometryOf(c: Change, s: Scenario, ds: Dataset | null): Geometry {
  switch (c.kind) {
    case 'facility_add': case 'facility_move': case 'gate_add':
      return { type: 'Point', coordinates: c.position };
    case 'path_add':
      return { type: 'LineString', coordinates: c.coordinates };
    case 'facility_remove': case 'facility_edit': {
      const f = ds?.facilities.features.find((x) => x.properties?.id === c.facility);
      const g = f?.geometry;
      if (g?.type === 'Point') return { type: 'Point', coordinates: g.coordinates };
      if (g?.type === 'Polygon' && g.coordinates[0]?.length) return { type: 'Point', coordinates: g.coordinates[0][0] };
      return null;
    }
    case 'way_close': {
      if (c.coordinates) return { type: 'LineString', coordinates: c.coordinates };
      const st = ds?.streets.features.find((x) => x.properties?.id === c.street);
      return st?.geometry?.type === 'LineString' ? { type: 'LineString', coordinates: st.geometry.coordinates } : null;
    }
    case 'gate_state': case 'gate_hours': {
      const added = s.changes.find((x) => x.kind === 'gate_add' && x.id === c.gate);
      if (added?.kind === 'gate_add') return { type: 'Point', coordinates: added.position };
      const [compound, k] = splitGateId(c.gate);
      const cf = ds?.compounds.features.find((x) => x.properties?.id === compound);
      const p = k !== null ? cf?.properties?.gates?.[k] : undefined;
      return p ? { type: 'Point', coordinates: p } : null;
    }
  }
}

function splitGateId(id: string): [string, number | null] {
  const at = id.lastIndexOf('/');
  if (at < 0) return [id, null];
  const k = Number(id.slice(at + 1));
  return [id.slice(0, at), Number.isInteger(k) && k >= 0 ? k : null];
}

export function scenarioToGeoJson(s: Scenario, ds: Dataset | null = null): string {
  const features: PlanFeature[] = s.changes.map((c) => {
    const { id, kind, ...rest } = c;
    const props: Record<string, unknown> = { change: kind, ...rest };
    // Positions live in the geometry only, so moving a point in a GIS tool moves it in the plan.
    delete props.position;
    delete props.coordinates;
    return { type: 'Feature', id, geometry: geometryOf(c, s, ds), properties: props };
  });
  return JSON.stringify({
    type: 'FeatureCollection',
    circletwin: {
      format: SCENARIO_FORMAT, version: SCENARIO_VERSION, id: s.id, name: s.name, dataset: s.dataset, created: s.created,
      updated: s.updated, revision: s.revision, time_of_day: s.time_of_day, slides: s.slides,
    },
    features,
  }, null, 1);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lonLat(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number'
    && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

/**
 * Reads a plan file. `datasetId`, when given, must match the plan's dataset: a plan made for
 * another city would silently place its changes in the wrong streets.
 */
export function parseScenarioGeoJson(text: string, datasetId?: string): Scenario {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ScenarioFileError(`The file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new ScenarioFileError('The file is not a GeoJSON FeatureCollection.');
  }
  const meta = doc.circletwin;
  if (!isObject(meta) || meta.format !== SCENARIO_FORMAT) {
    throw new ScenarioFileError('The file is GeoJSON but not a CircleTwin plan (it has no "circletwin" plan header).');
  }
  if (meta.version !== SCENARIO_VERSION) throw new ScenarioFileError(`Plan format version ${String(meta.version)} is not supported (this version reads ${SCENARIO_VERSION}).`);
  const str = (k: string, fallback?: string) => {
    const v = meta[k];
    if (typeof v === 'string' && v.length <= 500) return v;
    if (fallback !== undefined && v === undefined) return fallback;
    throw new ScenarioFileError(`The plan header's "${k}" is missing or not a text.`);
  };
  const dataset = str('dataset');
  if (datasetId !== undefined && dataset !== datasetId) {
    throw new ScenarioFileError(`The plan is for dataset "${dataset}", but the dataset loaded is "${datasetId}".`);
  }
  const timeOfDay = meta.time_of_day ?? null;
  if (timeOfDay !== null && parseClock(timeOfDay) === null) {
    throw new ScenarioFileError('The plan header\'s "time_of_day" must be "HH:MM" or null.');
  }
  if (doc.features.length > MAX_CHANGES) throw new ScenarioFileError(`The plan has ${doc.features.length} changes; at most ${MAX_CHANGES} are accepted.`);
  const seen = new Set<string>();
  const changes = doc.features.map((f, k) => {
    const c = readChange(f, k);
    if (seen.has(c.id)) throw new ScenarioFileError(`Feature ${k + 1}: change id "${c.id}" appears twice.`);
    seen.add(c.id);
    return c;
  });
  const revision = meta.revision;
  const slides = meta.slides ?? [];
  if (!Array.isArray(slides)) throw new ScenarioFileError('The plan header\'s "slides" must be a list.');
  const now = new Date().toISOString();
  return {
    format: SCENARIO_FORMAT, version: SCENARIO_VERSION, id: str('id'), name: str('name'), dataset,
    created: str('created', now), updated: str('updated', now),
    revision: typeof revision === 'number' && Number.isInteger(revision) && revision >= 0 ? revision : 0,
    changes, time_of_day: timeOfDay as string | null, slides: slides.map(readSlide),
  };
}

function readChange(f: unknown, k: number): Change {
  const where = (id?: unknown) => `Feature ${k + 1}${typeof id === 'string' ? ` (change "${id}")` : ''}`;
  if (!isObject(f) || f.type !== 'Feature' || !isObject(f.properties)) throw new ScenarioFileError(`${where()}: not a GeoJSON feature with properties.`);
  const id = f.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new ScenarioFileError(`${where()}: the feature needs a text id.`);
  const p = f.properties;
  const kind = p.change as ChangeKind;
  if (!KINDS.includes(kind)) throw new ScenarioFileError(`${where(id)}: unknown change "${String(p.change)}".`);
  const fail = (msg: string): never => { throw new ScenarioFileError(`${where(id)}: ${msg}.`); };
  const g = f.geometry;
  const point = (): Position => {
    if (!isObject(g) || g.type !== 'Point' || !lonLat(g.coordinates)) return fail('needs a Point geometry with a valid longitude/latitude');
    return [(g.coordinates as number[])[0], (g.coordinates as number[])[1]];
  };
  const text = (key: string, required = true): string => {
    const v = p[key];
    if (typeof v === 'string' && v.length <= 500) return v;
    if (!required && (v === undefined || v === null)) return '';
    return fail(`"${key}" must be a text`);
  };
  const capacity = (v: unknown): number | null => {
    const bad = capacityProblem(v ?? null);
    if (bad) fail(bad);
    return (v ?? null) as number | null;
  };
  const hours = (v: unknown): GateHours | null => {
    if (v === null || v === undefined) return null;
    if (!isObject(v)) return fail('gate hours must be {"open": "HH:MM", "close": "HH:MM"}');
    const h = { open: v.open, close: v.close } as GateHours;
    const bad = hoursProblem(h);
    return bad ? fail(bad) : h;
  };
  switch (kind) {
    case 'facility_add': {
      const category = p.category as CategoryId;
      if (!CATEGORY_IDS.includes(category)) fail(`unknown category "${String(p.category)}"`);
      const origin = p.origin === 'suggested' ? 'suggested' : 'manual';
      const site = p.site_id;
      return { kind, id, category, name: text('name', false), capacity: capacity(p.capacity), position: point(), origin,
        site_id: typeof site === 'string' ? site : null };
    }
    case 'facility_move': return { kind, id, facility: text('facility'), position: point() };
    case 'facility_remove': return { kind, id, facility: text('facility') };
    case 'facility_edit': {
      const out: Change = { kind, id, facility: text('facility') };
      if (p.name !== undefined) out.name = text('name');
      if (p.capacity !== undefined) out.capacity = capacity(p.capacity);
      return out;
    }
    case 'path_add': {
      if (!isObject(g) || g.type !== 'LineString' || !Array.isArray(g.coordinates)) return fail('needs a LineString geometry');
      const coords = g.coordinates as unknown[];
      if (coords.length < 2 || coords.length > MAX_PATH_VERTICES) fail(`a path needs 2 to ${MAX_PATH_VERTICES} points`);
      if (!coords.every(lonLat)) fail('a path point is not a valid longitude/latitude');
      const type = p.path_type as PathType;
      if (!PATH_TYPES.includes(type)) fail(`unknown path type "${String(p.path_type)}"`);
      const penalty = p.penalty_m ?? 0;
      if (typeof penalty !== 'number' || !Number.isFinite(penalty) || penalty < 0 || penalty > MAX_PENALTY_M) fail(`"penalty_m" must be between 0 and ${MAX_PENALTY_M} metres`);
      return { kind, id, path_type: type, coordinates: (coords as Position[]).map((c) => [c[0], c[1]]), penalty_m: penalty as number, name: text('name', false) };
    }
    case 'way_close': {
      const out: Change = { kind, id, street: text('street'), reason: text('reason', false) };
      if (isObject(g) && g.type === 'LineString' && Array.isArray(g.coordinates) && g.coordinates.length >= 2 && g.coordinates.every(lonLat)) {
        out.coordinates = (g.coordinates as Position[]).map((c) => [c[0], c[1]]);
      }
      return out;
    }
    case 'gate_add': return { kind, id, compound: text('compound'), position: point(), hours: hours(p.hours) };
    case 'gate_state': {
      if (typeof p.open !== 'boolean') fail('"open" must be true or false');
      return { kind, id, gate: text('gate'), open: p.open as boolean };
    }
    case 'gate_hours': return { kind, id, gate: text('gate'), hours: hours(p.hours) };
  }
}

function readSlide(v: unknown, k: number): Slide {
  const fail = (msg: string): never => { throw new ScenarioFileError(`Slide ${k + 1}: ${msg}.`); };
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.title !== 'string') return fail('needs an id and a title');
  const cam = v.camera;
  if (!isObject(cam) || !lonLat(cam.center) || ![cam.zoom, cam.pitch, cam.bearing].every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return fail('needs a camera with centre, zoom, pitch and bearing');
  }
  const kinds: Slide['kind'][] = ['overview', 'community', 'plan', 'summary', 'view'];
  if (!kinds.includes(v.kind as Slide['kind'])) fail(`unknown slide kind "${String(v.kind)}"`);
  const slide: Slide = {
    id: v.id, kind: v.kind as Slide['kind'], title: v.title,
    camera: { center: [(cam.center as number[])[0], (cam.center as number[])[1]], zoom: cam.zoom as number, pitch: cam.pitch as number, bearing: cam.bearing as number },
  };
  if (typeof v.community === 'string') slide.community = v.community;
  if (isObject(v.layers)) slide.layers = Object.fromEntries(Object.entries(v.layers).filter(([, b]) => typeof b === 'boolean')) as Record<string, boolean>;
  if (CATEGORY_IDS.includes(v.category as CategoryId)) slide.category = v.category as CategoryId;
  return slide;
}

/** Metres between two WGS84 points (equirectangular: exact enough for "is this the same place"). */
function metres(a: Position, b: Position): number {
  const k = Math.PI / 180, R = 6371008.8;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k), y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * R;
}

/**
 * References in a plan that no longer hold in the dataset it is opened on: an existing facility or
 * gate that is gone, or a closed street whose id now names a street somewhere else (the data was
 * regenerated or re-imported). Each is reported by change id, so nothing is applied silently to the
 * wrong place.
 */
export function staleReferences(s: Scenario, ds: Dataset): Array<{ change: string; message: string }> {
  const out: Array<{ change: string; message: string }> = [];
  const facilities = new Set(ds.facilities.features.map((f) => String(f.properties?.id)));
  const streets = new Map(ds.streets.features.map((f) => [String(f.properties?.id), f.geometry]));
  const compounds = new Map(ds.compounds.features.map((f) => [String(f.properties?.id), f.properties?.gates ?? []]));
  const added = new Set(s.changes.filter((c) => c.kind === 'gate_add').map((c) => c.id));
  for (const c of s.changes) {
    if ((c.kind === 'facility_move' || c.kind === 'facility_remove' || c.kind === 'facility_edit') && !facilities.has(c.facility)) {
      out.push({ change: c.id, message: `no facility "${c.facility}" in this dataset` });
    } else if (c.kind === 'way_close') {
      const g = streets.get(c.street);
      if (!g) out.push({ change: c.id, message: `no street "${c.street}" in this dataset` });
      else if (c.coordinates && g.type === 'LineString') {
        const now = g.coordinates, then = c.coordinates;
        const moved = Math.max(metres(now[0], then[0]), metres(now[now.length - 1], then[then.length - 1]));
        const reversed = Math.max(metres(now[0], then[then.length - 1]), metres(now[now.length - 1], then[0]));
        if (Math.min(moved, reversed) > 5) out.push({ change: c.id, message: `street "${c.street}" is no longer where the plan closed it (${Math.round(Math.min(moved, reversed))} m away)` });
      }
    } else if ((c.kind === 'gate_state' || c.kind === 'gate_hours') && !added.has(c.gate)) {
      const [compound, k] = splitGateId(c.gate);
      const gates = compounds.get(compound);
      if (!gates || k === null || k >= gates.length) out.push({ change: c.id, message: `no gate "${c.gate}" in this dataset` });
    } else if (c.kind === 'gate_add' && !compounds.has(c.compound)) {
      out.push({ change: c.id, message: `no compound "${c.compound}" in this dataset` });
    }
  }
  return out;
}
