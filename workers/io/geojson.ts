// GeoJSON in our data model: one file per layer (`buildings.geojson`, …, optional `meta.json`),
// or any FeatureCollection whose features are sorted into layers by `properties.layer`, or else by
// geometry and attributes. Geometry checks are the validator's job; this only sorts and parses.

import { LAYER_NAMES, type LayerName } from '../model/dataset.ts';
import { ImportError, textOf, type LayerParts, type SourceFile } from './source.ts';

const LANDUSE_KINDS = new Set(['green', 'water', 'rail', 'commercial', 'industrial', 'hightech']);

export function readGeoJson(files: SourceFile[]): LayerParts {
  const out: LayerParts = { layers: {}, files: {}, notes: [] };
  for (const f of files) {
    const base = f.name.replace(/^.*[\\/]/, '');
    let doc: unknown;
    try {
      doc = JSON.parse(textOf(f.data));
    } catch (e) {
      throw new ImportError(f.name, `not parseable as JSON: ${(e as Error).message}`);
    }
    if (/^meta\.json$/i.test(base)) {
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ImportError(f.name, 'meta.json is not a JSON object');
      out.meta = doc as Record<string, unknown>;
      continue;
    }
    const d = doc as { type?: unknown; features?: unknown };
    if (typeof doc !== 'object' || doc === null) throw new ImportError(f.name, 'not a GeoJSON object');
    let features: unknown[];
    if (d.type === 'FeatureCollection' && Array.isArray(d.features)) features = d.features;
    else if (d.type === 'Feature') features = [doc];
    else throw new ImportError(f.name, `not GeoJSON: "type" is ${JSON.stringify(d.type ?? null)}, expected "FeatureCollection"`);
    const named = LAYER_NAMES.find((l) => base.toLowerCase() === `${l}.geojson` || base.toLowerCase() === `${l}.json`);
    if (named) { push(out, named, f.name, features); continue; }
    const sorted = new Map<LayerName, unknown[]>();
    let unplaced = 0;
    for (const feat of features) {
      const layer = layerOf(feat);
      if (!layer) { unplaced++; continue; }
      if (!sorted.has(layer)) sorted.set(layer, []);
      sorted.get(layer)!.push(feat);
    }
    for (const [layer, fs] of sorted) push(out, layer, f.name, fs);
    if (unplaced) out.notes.push({ file: f.name, problem: `${unplaced} features fit no layer (points without a category, or no geometry): left out` });
  }
  return out;
}

function push(out: LayerParts, layer: LayerName, file: string, features: unknown[]) {
  const fc = out.layers[layer] ?? { type: 'FeatureCollection', features: [] };
  fc.features.push(...features);
  out.layers[layer] = fc;
  out.files[layer] = out.files[layer] ? `${out.files[layer]} + ${file}` : file;
}

function layerOf(feat: unknown): LayerName | null {
  if (typeof feat !== 'object' || feat === null) return null;
  const f = feat as { geometry?: { type?: unknown } | null; properties?: Record<string, unknown> | null };
  const p = f.properties ?? {};
  if (typeof p.layer === 'string' && (LAYER_NAMES as readonly string[]).includes(p.layer)) return p.layer as LayerName;
  const t = String(f.geometry?.type ?? '');
  if (typeof p.category === 'string') return 'facilities';
  if (t === 'LineString' || t === 'MultiLineString') return typeof p.kind === 'string' && LANDUSE_KINDS.has(p.kind) ? 'landuse' : 'streets';
  if (t === 'Polygon' || t === 'MultiPolygon') {
    if (typeof p.kind === 'string' && LANDUSE_KINDS.has(p.kind)) return 'landuse';
    if (Array.isArray(p.gates)) return 'compounds';
    return 'buildings';
  }
  return null;
}
