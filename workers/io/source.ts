// What every reader takes and gives: named files in, layers of plain GeoJSON out (with the file
// each layer came from, for the validator's messages), plus notes on what was left out.

import type { LayerName } from '../model/dataset.ts';

export interface SourceFile {
  /** File name as the user gave it (path inside a folder or zip allowed). */
  name: string;
  data: Uint8Array | string;
}

export interface FeatureCollectionLike {
  type: 'FeatureCollection';
  features: unknown[];
}

export interface LayerParts {
  layers: Partial<Record<LayerName, FeatureCollectionLike>>;
  files: Partial<Record<LayerName, string>>;
  meta?: Record<string, unknown>;
  notes: Array<{ file: string; feature?: string; problem: string; severity?: 'warning' | 'info' }>;
  /** Coordinates came from a Chinese system (CGCS2000, GCJ-02, BD-09): they must lie in China. */
  china?: boolean;
}

/** A file that cannot be read at all: the whole import fails and nothing loaded changes. */
export class ImportError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ImportError';
  }
}

export function textOf(data: Uint8Array | string): string {
  if (typeof data === 'string') return data;
  return new TextDecoder('utf-8').decode(data);
}

export function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

export function mergeParts(list: LayerParts[]): LayerParts {
  const out: LayerParts = { layers: {}, files: {}, notes: [] };
  for (const p of list) {
    for (const [layer, fc] of Object.entries(p.layers) as [LayerName, FeatureCollectionLike][]) {
      const cur = out.layers[layer] ?? { type: 'FeatureCollection', features: [] };
      for (const f of fc.features) cur.features.push(f);
      out.layers[layer] = cur;
      const file = p.files[layer] ?? 'input';
      out.files[layer] = out.files[layer] ? `${out.files[layer]} + ${file}` : file;
    }
    if (p.meta) out.meta = { ...(out.meta ?? {}), ...p.meta };
    out.notes.push(...p.notes);
    if (p.china) out.china = true;
  }
  return out;
}

/** Which reader a file name calls for; null for a file no importer reads. */
export function readerFor(name: string): 'geojson' | 'osm' | 'pbf' | 'shapefile' | 'table' | null {
  if (/\.gz$/i.test(name)) return readerFor(name.slice(0, -3));
  if (/\.(geo)?json$/i.test(name)) return 'geojson';
  if (/\.osm$/i.test(name) || /\.osm\.xml$/i.test(name)) return 'osm';
  if (/\.pbf$/i.test(name)) return 'pbf';
  if (/\.zip$/i.test(name)) return 'shapefile';
  if (/\.(csv|xlsx|xls)$/i.test(name)) return 'table';
  return null;
}
