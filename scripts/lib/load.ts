// Node-side dataset loading for the CLI, tests and benchmarks: a folder of GeoJSON layers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeDataset, LAYER_NAMES, type Dataset } from '../../workers/model/dataset.ts';

export function loadDatasetDir(dir: string): Dataset {
  if (!existsSync(dir)) throw new Error(`No dataset folder at ${dir}`);
  const parts: Record<string, unknown> = {};
  for (const layer of LAYER_NAMES) {
    const file = join(dir, `${layer}.geojson`);
    if (!existsSync(file)) continue;
    try {
      parts[layer] = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (!parts.streets) throw new Error(`${dir} has no streets.geojson: a walking network is required`);
  const metaFile = join(dir, 'meta.json');
  if (existsSync(metaFile)) parts.meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  return completeDataset(parts as Partial<Dataset>);
}
