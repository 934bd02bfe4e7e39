// npm run isochrone -- --data data/jidong --from <lon,lat> --minutes 5,10,15 --out iso.geojson
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { loadDatasetDir } from './lib/load.ts';
import { loadStandards } from './lib/standards.ts';
import { Engine } from '../workers/engine.ts';
import { CATEGORY_IDS, type CategoryId } from '../workers/model/dataset.ts';

function fail(message: string): never {
  console.error(`isochrone: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'data/jidong' },
    from: { type: 'string' },
    facility: { type: 'string' },
    category: { type: 'string' },
    minutes: { type: 'string', default: '5,10,15' },
    profile: { type: 'string', default: 'default' },
    standards: { type: 'string' },
    out: { type: 'string', default: 'iso.geojson' },
  },
});

let from: [number, number] | undefined;
if (values.from) {
  const parts = values.from.split(',').map(Number);
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) fail(`--from takes lon,lat (got "${values.from}")`);
  from = [parts[0], parts[1]];
}
if (values.category && !CATEGORY_IDS.includes(values.category as CategoryId)) {
  fail(`unknown category "${values.category}"; one of ${CATEGORY_IDS.join(', ')}`);
}
const minutes = values.minutes.split(',').map(Number);
if (minutes.some((m) => !Number.isFinite(m) || m <= 0)) fail(`--minutes takes positive numbers (got "${values.minutes}")`);
const standards = loadStandards(values.standards);
const profile = standards.profiles.find((p) => p.id === values.profile) ?? fail(`unknown profile "${values.profile}"`);

try {
  const engine = new Engine(loadDatasetDir(values.data));
  const fc = engine.isochrone({ from, facilityId: values.facility, category: values.category as CategoryId | undefined, minutes, profile });
  writeFileSync(values.out, JSON.stringify(fc) + '\n');
  console.log(`wrote ${values.out}: ${fc.features.map((f) => `${f.properties.minutes} min`).join(', ')}`);
} catch (e) {
  fail((e as Error).message);
}
