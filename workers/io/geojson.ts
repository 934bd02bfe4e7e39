// GeoJSON in our data model: one file per layer (`buildings.geojson`, …, optional `meta.json`),
// or any FeatureCollection whose features are sorted into layers by `properties.layer`, or else by
// geometry and attributes. Geometry checks are the validator's job; this only sorts and parses.

import { LAYER_NAMES, type LayerName } from '../model/dataset.ts';
import { ImportError, textOf, type LayerParts, type SourceFile } from './source.ts';
import { crsCode, epsgCrs, toWgs84 } from './crs.ts';
import type { Position } from '../model/dataset.ts';

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
    const d = doc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
    if (typeof doc !== 'object' || doc === null) throw new ImportError(f.name, 'not a GeoJSON object');
    let features: unknown[];
    if (d.type === 'FeatureCollection' && Array.isArray(d.features)) features = d.features;
    else if (d.type === 'Feature') features = [doc];
    else throw new ImportError(f.name, `not GeoJSON: "type" is ${JSON.stringify(d.type ?? null)}, expected "FeatureCollection"`);
    // RFC 7946 is WGS84 only, but QGIS and ArcGIS still write the 2008 "crs" member: honour the ones we know.
    const crsName = d.crs?.properties?.name;
    if (typeof crsName === 'string') {
      const code = crsCode(crsName);
      const crs = code === null ? null : epsgCrs(code);
      if (!crs) throw new ImportError(f.name, `unsupported "crs" ${crsName}: save as WGS84 (EPSG:4326), CGCS2000 (EPSG:4490), Web Mercator or a CGCS2000 Gauss-Krüger grid (EPSG:4491–4554)`);
      if (crs.china) out.china = true;
      if (crs.def) {
        const conv = toWgs84(crs);
        for (const feat of features) {
          const g = (feat as { geometry?: { coordinates?: unknown } | null }).geometry;
          if (g && Array.isArray(g.coordinates)) g.coordinates = convert(g.coordinates, conv);
        }
        out.notes.push({ file: f.name, severity: 'info', problem: `coordinates in ${crs.label} converted to WGS84` });
      }
    }
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

/** Converts every well-formed position; anything else is left for the validator to name. */
function convert(c: unknown[], conv: (p: Position) => Position): unknown[] {
  if (c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number') {
    return Number.isFinite(c[0]) && Number.isFinite(c[1]) ? conv(c as unknown as Position) : c;
  }
  return c.map((x) => (Array.isArray(x) ? convert(x, conv) : x));
}
