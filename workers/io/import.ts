// One entry for every import, in the app's worker and the CLI alike: read each file with the
// reader its name calls for, merge the layers, then pass the result through THE validation stage.
// Nothing is returned unless the whole import succeeded, so a failed import changes nothing.

import type { Dataset } from '../model/dataset.ts';
import { validateDataset, type ValidationReport } from '../model/validate.ts';
import type { EstimateOptions } from '../model/population.ts';
import { readGeoJson } from './geojson.ts';
import { bytesOf, ImportError, mergeParts, readerFor, textOf, type LayerParts, type SourceFile } from './source.ts';
import { osmToParts } from './osm.ts';
import { parseOsmXml } from './osm-xml.ts';
import { parseOsmPbf } from './osm-pbf.ts';
import { dbfEncoding, readZippedShapefile } from './shapefile.ts';
import { guessCrs, guessLonLat, readRows, readTable, type PointCrs } from './table.ts';
import { guessFields, type FieldMap, type FieldMaps } from './fields.ts';
import { gunzipSync, unzipSync } from 'fflate';
import { parseDbf } from 'shpjs';

export interface ImportOptions {
  /** Dataset name shown in the app and messages. */
  name?: string;
  estimate?: Partial<EstimateOptions>;
  /** The OSM tag → category table (data/osm-tags.json by default). */
  tagTable?: unknown;
  /** Field mapping per source (file or shapefile layer name); guessed where absent. */
  fieldMaps?: FieldMaps;
  /** Coordinate system of CSV/XLSX points, per file name (guessed from the name where absent). */
  pointCrs?: Record<string, PointCrs>;
  /** Category for every row of a table without a category column, per file name. */
  tableCategory?: Record<string, string>;
  /** Called with a share 0…1 of the work done and what is being done. */
  onProgress?: (share: number, stage: string) => void;
  /** Checked between steps; when it returns true the import stops with ImportCancelled. */
  cancelled?: () => boolean;
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}

export { readerFor } from './source.ts';

/** A gzipped file (`map.osm.gz`, `streets.geojson.gz`) as its content, named without `.gz`. */
function gunzipped(f: SourceFile): SourceFile {
  if (!/\.gz$/i.test(f.name)) return f;
  try {
    return { name: f.name.slice(0, -3), data: gunzipSync(bytesOf(f.data)) };
  } catch (e) {
    throw new ImportError(f.name, `not a readable gzip file: ${(e as Error).message}`);
  }
}

export function importFiles(files: SourceFile[], opts: ImportOptions = {}): { dataset: Dataset; report: ValidationReport } {
  if (files.length === 0) throw new ImportError(opts.name ?? 'import', 'no files given');
  const progress = opts.onProgress ?? (() => {});
  const check = () => { if (opts.cancelled?.()) throw new ImportCancelled(); };
  const geojson: SourceFile[] = [];
  const parts: LayerParts[] = [];
  const unknown: string[] = [];
  const others: SourceFile[] = [];
  for (const f0 of files) {
    const f = gunzipped(f0);
    const kind = readerFor(f.name);
    if (kind === 'geojson') geojson.push(f);
    else if (kind) others.push(f);
    else unknown.push(f.name);
  }
  if (unknown.length) {
    throw new ImportError(unknown[0], 'unknown file type: give .geojson/.json, .osm, .osm.pbf, a zipped shapefile (.zip), .csv or .xlsx');
  }
  progress(0.05, 'read');
  if (geojson.length) parts.push(readGeoJson(geojson));
  check();
  others.forEach((f, k) => {
    const span = 0.75 / others.length, at = 0.05 + k * span;
    const sub = (share: number, stage: string) => { progress(at + span * share, stage); check(); };
    const kind = readerFor(f.name);
    if (kind === 'osm') {
      const osm = parseOsmXml(textOf(f.data), f.name, (s) => sub(s * 0.7, 'parse'));
      sub(0.7, 'convert');
      parts.push(osmToParts(osm, { file: f.name, tagTable: opts.tagTable }));
    } else if (kind === 'pbf') {
      const osm = parseOsmPbf(bytesOf(f.data), f.name, (s) => sub(s * 0.7, 'parse'));
      sub(0.7, 'convert');
      parts.push(osmToParts(osm, { file: f.name, tagTable: opts.tagTable }));
    } else if (kind === 'shapefile') {
      parts.push(readZippedShapefile(bytesOf(f.data), f.name, opts.fieldMaps));
    } else if (kind === 'table') {
      const base = f.name.replace(/^.*[\\/]/, '');
      parts.push(readTable(bytesOf(f.data), f.name, { crs: opts.pointCrs?.[base] ?? opts.pointCrs?.[f.name], fieldMaps: opts.fieldMaps, category: opts.tableCategory?.[base] }));
    }
  });
  const merged = mergeParts(parts);
  progress(0.8, 'validate');
  const source = opts.name ?? files.map((f) => f.name.replace(/^.*[\\/]/, '')).join(' + ');
  const { dataset, report } = validateDataset({ ...merged.layers, meta: merged.meta }, {
    source, files: merged.files, china: merged.china, estimate: opts.estimate ?? {}, notes: merged.notes,
    onProgress: (share) => { progress(0.8 + 0.15 * share, 'validate'); check(); },
    inPlace: true,
  });
  check();
  progress(1, 'done');
  return { dataset, report };
}

/** What the field-mapping step needs to know about a source before importing. */
export interface SourceInfo {
  /** Key for field maps: a table's file name, or a shapefile layer's name. */
  key: string;
  file: string;
  kind: 'table' | 'shapefile';
  columns: string[];
  guess: FieldMap;
  crs?: PointCrs;
}

/** Columns and guessed mappings of the tables and shapefile layers among the files. */
export function inspectFiles(files: SourceFile[]): SourceInfo[] {
  const out: SourceInfo[] = [];
  for (const f0 of files) {
    const f = gunzipped(f0);
    const kind = readerFor(f.name);
    const base = f.name.replace(/^.*[\\/]/, '');
    if (kind === 'table') {
      const { columns } = readRows(bytesOf(f.data), f.name);
      out.push({ key: base, file: f.name, kind, columns, guess: { ...guessFields(columns), ...guessLonLat(columns) }, crs: guessCrs(`${base} ${columns.join(' ')}`) });
    } else if (kind === 'shapefile') {
      let zip: Record<string, Uint8Array>;
      try {
        zip = unzipSync(bytesOf(f.data));
      } catch (e) {
        throw new ImportError(f.name, `not a readable zip: ${(e as Error).message}`);
      }
      for (const name of Object.keys(zip).filter((n) => /\.dbf$/i.test(n) && !n.includes('__MACOSX'))) {
        let columns: string[] = [];
        const cpg = Object.keys(zip).find((n) => n.toLowerCase() === `${name.slice(0, -4).toLowerCase()}.cpg`);
        try {
          // Decoded as the import will decode it, so GBK column names offered here match.
          const rows = parseDbf(zip[name], dbfEncoding(zip[name], cpg ? new TextDecoder().decode(zip[cpg]) : undefined));
          columns = rows.length ? Object.keys(rows[0]) : [];
        } catch {
          columns = [];
        }
        const key = name.replace(/^.*\//, '').replace(/\.dbf$/i, '');
        out.push({ key, file: f.name, kind, columns, guess: guessFields(columns) });
      }
    }
  }
  return out;
}
