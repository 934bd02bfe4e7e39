// npm run generate:district [-- --seed 20180701 --out data/jidong]
// npm run generate:district -- --scale 16 --out .cache/city    (a tiled city for benchmarks; not committed)

import { parseArgs } from 'node:util';
import { buildDistrict, buildCityGeoJson } from './lib/build.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20180701' },
    out: { type: 'string' },
    scale: { type: 'string', default: '1' },
  },
});
const seed = Number(values.seed);
const scale = Number(values.scale);
if (!Number.isInteger(seed) || !Number.isInteger(scale) || scale < 1) {
  console.error('--seed and --scale take whole numbers (scale ≥ 1)');
  process.exit(2);
}
if (scale === 1) {
  const out = values.out ?? 'data/jidong';
  const { sink, meta } = buildDistrict(seed);
  sink.write(out, meta);
  console.log(`wrote ${out}: ${Object.entries(sink.layers).map(([k, v]) => `${v.length} ${k}`).join(', ')}`);
} else {
  const out = values.out ?? '.cache/city';
  const counts = buildCityGeoJson(seed, scale, out);
  console.log(`wrote ${out}: ${counts}`);
}
