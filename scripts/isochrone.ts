// npm run isochrone -- --data data/jidong --from <lon,lat> --minutes 5,10,15 --out iso.geojson
import { runCli } from './lib/args.ts';
import { RunOutput } from './lib/output.ts';
import { loadDatasetDir } from './lib/load.ts';
import { loadStandards } from './lib/standards.ts';
import { Engine } from '../workers/engine.ts';
import { CATEGORY_IDS, type CategoryId } from '../workers/model/dataset.ts';
import { LIMITS } from '../workers/model/limits.ts';

await runCli({
  name: 'isochrone',
  summary: 'walking isochrones from a point, a facility or every facility of a category, as GeoJSON',
  options: {
    data: { type: 'string', path: true, default: 'data/jidong', help: 'dataset folder or file' },
    from: { type: 'lonlat', help: 'start point, WGS84 longitude,latitude' },
    facility: { type: 'string', help: 'start at this facility (its id)' },
    category: { type: 'choice', choices: CATEGORY_IDS, help: 'start at every facility of this category' },
    minutes: {
      type: 'numbers', default: [5, 10, 15], min: LIMITS.isochroneMinMinutes, max: LIMITS.isochroneMinutes,
      maxCount: LIMITS.isochroneBands, distinct: true, help: 'band limits in minutes, comma-separated',
    },
    profile: { type: 'string', default: 'default', help: 'walking profile id from the standards table' },
    standards: { type: 'string', path: true, help: 'an edited standards table (JSON)' },
    out: { type: 'string', path: true, default: 'iso.geojson', help: 'output GeoJSON file' },
  },
  exactlyOne: [['from', 'facility', 'category']],
}, (values) => {
  const standards = loadStandards(values.standards);
  const profile = standards.profiles.find((p) => p.id === values.profile);
  if (!profile) throw new Error(`unknown profile "${values.profile}"; one of ${standards.profiles.map((p) => p.id).join(', ')}`);
  const output = new RunOutput(values.out, 'file', ['iso'], { data: values.data, files: [values.standards] });
  const engine = new Engine(loadDatasetDir(values.data));
  const fc = engine.isochrone({
    from: values.from, facilityId: values.facility, category: values.category as CategoryId | undefined, minutes: values.minutes, profile,
  });
  output.commit({ iso: JSON.stringify(fc) + '\n' });
  console.log(`wrote ${values.out}: ${fc.features.map((f) => `${f.properties.minutes} min`).join(', ')}`);
});
