// Node-side dataset loading for the CLI, tests and benchmarks: a folder of GeoJSON layers (meta.json
// optional) or any file the importers read (.geojson, .osm, .osm.pbf, zipped shapefile, .csv, .xlsx).
// Everything goes through the one validation stage; its report is printed to stderr.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Dataset } from '../../workers/model/dataset.ts';
import { formatReport, type ValidationReport } from '../../workers/model/validate.ts';
import { importFiles, readerFor, type ImportOptions } from '../../workers/io/import.ts';
import type { SourceFile } from '../../workers/io/source.ts';

export interface LoadOptions extends ImportOptions {
  /** Where report lines go; stderr by default. */
  log?: (line: string) => void;
}

export function loadDataset(path: string, opts: LoadOptions = {}): { dataset: Dataset; report: ValidationReport } {
  if (!existsSync(path)) throw new Error(`No dataset folder or file at ${path}`);
  const files: SourceFile[] = [];
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      const file = join(path, name);
      if (!statSync(file).isFile() || !readerFor(name)) continue;
      files.push({ name: file, data: new Uint8Array(readFileSync(file)) });
    }
    if (files.length === 0) throw new Error(`${path} holds no dataset files (.geojson, .osm, .osm.pbf, .zip, .csv, .xlsx)`);
  } else {
    if (!readerFor(path)) throw new Error(`${path}: unknown file type: give a folder, .geojson, .osm, .osm.pbf, a zipped shapefile (.zip), .csv or .xlsx`);
    // A FIFO or a device (a link to /dev/zero) would never end: only regular files are read.
    if (!statSync(path).isFile()) throw new Error(`${path} is not a regular file`);
    files.push({ name: path, data: new Uint8Array(readFileSync(path)) });
  }
  const res = importFiles(files, { name: basename(path), ...opts });
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  for (const line of formatReport(res.report)) log(line);
  return res;
}

/** The dataset at a folder or file, validated (see loadDataset). */
export function loadDatasetDir(path: string, opts: LoadOptions = {}): Dataset {
  return loadDataset(path, opts).dataset;
}
