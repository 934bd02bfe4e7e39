// npm run suggest -- --data data/jidong --category health_station --k 3 --method mclp --out sites.geojson
//   [--scenario plan.geojson] [--area area.geojson] [--spacing 50] [--no-sites] [--capacity 60]
//   [--max-sites 20] [--time-limit 10] [--standards table.json] [--profile elderly]
import { runCli } from './lib/args.ts';
import { readTextInput } from './lib/input.ts';
import { RunOutput } from './lib/output.ts';
import { loadDatasetDir } from './lib/load.ts';
import { loadStandards } from './lib/standards.ts';
import { usePlanFile } from './lib/plan.ts';
import { Engine } from '../workers/engine.ts';
import { CATEGORY_IDS, type CategoryId, type Position } from '../workers/model/dataset.ts';
import { MAX_K, suggest } from '../workers/siting/suggest.ts';
import type { SuggestMethod } from '../workers/siting/types.ts';

const METHOD_NAMES: Record<SuggestMethod, string> = {
  mclp: 'maximal covering', lscp: 'fewest sites to cover everyone', pmedian: 'least total walk', capacitated: 'capacity-aware covering',
};

function readArea(file: string): Position[] {
  const text = readTextInput(file, 'the area');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`cannot read the area ${file}: ${(e as Error).message}`);
  }
  const ring = (g: unknown): Position[] | null => {
    const o = g as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] } | null;
    if (!o) return null;
    if (o.type === 'Polygon') return (o.coordinates as Position[][])[0] ?? null;
    if (o.type === 'Feature') return ring(o.geometry);
    if (o.type === 'FeatureCollection') return ring(o.features?.[0]);
    return null;
  };
  const r = ring(doc);
  if (!r || r.length < 4) throw new Error(`${file} must hold a Polygon (or a Feature or FeatureCollection whose first feature is one)`);
  return r;
}

await runCli({
  name: 'suggest',
  summary: 'suggests sites for a category (existing facilities fixed) and proves how close to the optimum they are',
  options: {
    data: { type: 'string', path: true, default: 'data/jidong', help: 'dataset folder or file' },
    category: { type: 'choice', choices: CATEGORY_IDS, required: true, help: 'facility category to site' },
    method: { type: 'choice', choices: Object.keys(METHOD_NAMES), default: 'mclp', help: 'mclp, lscp, pmedian or capacitated' },
    k: { type: 'number', min: 1, max: MAX_K, integer: true, default: 3, help: 'number of sites (mclp, pmedian, capacitated)' },
    out: { type: 'string', path: true, default: 'sites.geojson', help: 'output GeoJSON file' },
    scenario: { type: 'string', path: true, help: 'a plan file whose facilities and network edits are in force' },
    area: { type: 'string', path: true, help: 'a GeoJSON polygon: network points inside it are candidates too' },
    spacing: { type: 'number', min: 10, max: 10000, default: 50, help: 'metres between candidate points in the area' },
    'no-sites': { type: 'boolean', help: 'leave out the sites layer (then --area is needed)' },
    capacity: { type: 'number', min: 0.001, max: 1e6, help: 'capacity of each new site (capacitated)' },
    'max-sites': { type: 'number', min: 1, max: MAX_K, integer: true, help: 'most sites lscp may use' },
    'time-limit': { type: 'number', min: 0.05, max: 600, default: 5, help: 'seconds for the exact solver' },
    standards: { type: 'string', path: true, help: 'an edited standards table (JSON)' },
    profile: { type: 'string', default: 'default', help: 'walking profile id from the standards table' },
  },
}, async (values) => {
  const standards = loadStandards(values.standards);
  const profile = standards.profiles.find((p) => p.id === values.profile);
  if (!profile) throw new Error(`unknown profile "${values.profile}"; one of ${standards.profiles.map((p) => p.id).join(', ')}`);
  const output = new RunOutput(values.out, 'file', [values.out], { data: values.data, files: [values.standards, values.scenario, values.area] });
  const area = values.area ? readArea(values.area) : null;
  const dataset = loadDatasetDir(values.data);
  const engine = new Engine(dataset);
  if (values.scenario) usePlanFile(engine, dataset, values.scenario);
  const category = values.category as CategoryId, method = values.method as SuggestMethod;
  const r = await suggest(engine, standards, profile, {
    category, method, k: values.k, useSites: !values['no-sites'], area, spacing_m: values.spacing, capacity: values.capacity,
    maxSites: values['max-sites'], timeLimitS: values['time-limit'],
  });
  output.commit({
    [values.out]: JSON.stringify({
      type: 'FeatureCollection',
      run: {
        category, method, k: values.k, candidates: r.candidates, objective: r.objective, bound: r.bound, optimality_gap: r.optimality_gap,
        proof: r.proof, covered_before: r.coveredBefore, covered_after: r.coveredAfter, target: r.target, ms: Math.round(r.ms),
      },
      features: r.picks.map((p) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: p.position },
        properties: { rank: p.rank, site_id: p.site_id, gain: Math.round(p.gain * 10) / 10, optimality_gap: r.optimality_gap, category, method },
      })),
    }) + '\n',
  });
  const pct = (v: number) => (r.target > 0 ? `${((100 * v) / r.target).toFixed(1)} %` : 'n/a');
  console.log(`${METHOD_NAMES[method]} for ${category}: ${r.picks.length} sites from ${r.candidates} candidates`);
  console.log(`  covered target population before: ${Math.round(r.coveredBefore)} of ${Math.round(r.target)} (${pct(r.coveredBefore)})`);
  console.log(`  covered target population after:  ${Math.round(r.coveredAfter)} of ${Math.round(r.target)} (${pct(r.coveredAfter)})`);
  for (const p of r.picks) console.log(`  ${p.rank}. ${p.site_id ?? `${p.position[0]},${p.position[1]}`}  gain ${Math.round(p.gain)}`);
  console.log(`  optimality gap: ${(100 * r.optimality_gap).toFixed(2)} % (${r.proof}); wrote ${values.out}`);
});
