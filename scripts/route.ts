// npm run route -- --data data/jidong --building B00158 --category nursery --out route.geojson
// The walk from a building (or a point) to the facility of a category that serves it, as GeoJSON:
// the same walk, distance and gates the app draws when the building is clicked.
import { runCli } from './lib/args.ts';
import { RunOutput } from './lib/output.ts';
import { loadDatasetDir } from './lib/load.ts';
import { loadStandards } from './lib/standards.ts';
import { usePlanFile } from './lib/plan.ts';
import { Engine } from '../workers/engine.ts';
import { searchLimit } from '../workers/analysis/coverage.ts';
import { CATEGORY_IDS, type CategoryId } from '../workers/model/dataset.ts';

await runCli({
  name: 'route',
  summary: 'the walk from a building or a point to the facility of a category that serves it, as GeoJSON',
  options: {
    data: { type: 'string', path: true, default: 'data/jidong', help: 'dataset folder or file' },
    building: { type: 'string', help: 'start at this building (its id)' },
    from: { type: 'lonlat', help: 'start at this point, WGS84 longitude,latitude (snapped as a building there)' },
    category: { type: 'choice', choices: CATEGORY_IDS, required: true, help: 'walk to the nearest facility of this category' },
    profile: { type: 'string', default: 'default', help: 'walking profile id from the standards table' },
    standards: { type: 'string', path: true, help: 'an edited standards table (JSON)' },
    scenario: { type: 'string', path: true, help: 'a plan file (GeoJSON) in force instead of the baseline' },
    out: { type: 'string', path: true, default: 'route.geojson', help: 'output GeoJSON file' },
  },
  exactlyOne: [['building', 'from']],
}, (values) => {
  const standards = loadStandards(values.standards);
  const profile = standards.profiles.find((p) => p.id === values.profile);
  if (!profile) throw new Error(`unknown profile "${values.profile}"; one of ${standards.profiles.map((p) => p.id).join(', ')}`);
  const category = values.category as CategoryId;
  const cs = standards.categories.find((c) => c.id === category);
  if (!cs) throw new Error(`the standards table has no category ${category}`);
  const output = new RunOutput(values.out, 'file', ['route'], { data: values.data, files: [values.standards, values.scenario] });
  const dataset = loadDatasetDir(values.data);
  const engine = new Engine(dataset);
  if (values.scenario) usePlanFile(engine, dataset, values.scenario);
  const r = engine.route({ buildingId: values.building, from: values.from, category, cutoff: searchLimit(cs.threshold_m), profile });
  const from = r.from.kind === 'building' ? `building ${r.from.id}` : `point ${r.from.position.join(',')}`;
  if (r.status !== 'ok') {
    const why = {
      no_facility: `there is no facility of category ${category}`,
      beyond_limit: `no ${category} facility within the ${r.cutoff} m search`,
      not_on_network: `it is more than ${engine.snapLimit} m from any path it may use (${String(r.reason)})`,
      ok: '',
    }[r.status];
    throw new Error(`no walk from ${from}: ${why}`);
  }
  const properties = {
    from, category, facility: r.facility!.id, facility_name: r.facility!.name, metres: Math.round(r.distance! * 10) / 10,
    length_m: Math.round(r.length! * 10) / 10, minutes: Math.round(r.minutes! * 10) / 10, profile: profile.id,
    threshold_m: cs.threshold_m, within_standard: r.distance! <= cs.threshold_m, offset_m: Math.round(r.offset! * 10) / 10,
    gates: r.gates.map((g) => g.id ?? 'new'),
  };
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: r.geometry, properties },
      ...r.gates.map((g) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: g.position }, properties: { gate: g.id } })),
    ],
  };
  output.commit({ route: JSON.stringify(fc) + '\n' });
  console.log(`${from} → ${r.facility!.name || r.facility!.id}: ${properties.metres} m, about ${Math.max(1, Math.round(r.minutes!))} min`
    + `${r.gates.length ? ` through ${properties.gates.join(', ')}` : ''}; wrote ${values.out}`);
});
