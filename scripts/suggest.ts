// npm run suggest -- --data data/jidong --category health_station --k 3 --method mclp --out sites.geojson
//   [--scenario plan.geojson] [--area area.geojson] [--spacing 50] [--no-sites] [--capacity 60]
//   [--max-sites 20] [--time-limit 10] [--standards table.json] [--profile elderly]
import { parseArgs } from 'node:util';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadDatasetDir } from './lib/load.ts';
import { loadStandards } from './lib/standards.ts';
import { Engine } from '../workers/engine.ts';
import { CATEGORY_IDS, type CategoryId, type Position } from '../workers/model/dataset.ts';
import { parseScenarioGeoJson } from '../workers/scenario/geojson.ts';
import { useScenario } from '../workers/scenario/apply.ts';
import { suggest } from '../workers/siting/suggest.ts';
import type { SuggestMethod } from '../workers/siting/types.ts';

const METHOD_NAMES: Record<SuggestMethod, string> = {
  mclp: 'maximal covering', lscp: 'fewest sites to cover everyone', pmedian: 'least total walk', capacitated: 'capacity-aware covering',
};

function fail(message: string): never {
  console.error(`suggest: ${message}`);
  process.exit(2);
}

function number(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) fail(`--${name} must be a number, not "${v}"`);
  return n;
}

function readArea(file: string): Position[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read the area ${file}: ${(e as Error).message}`);
  }
  const geom = (g: unknown): Position[] | null => {
    const o = g as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] } | null;
    if (!o) return null;
    if (o.type === 'Polygon') return (o.coordinates as Position[][])[0] ?? null;
    if (o.type === 'Feature') return geom(o.geometry);
    if (o.type === 'FeatureCollection') return geom(o.features?.[0]);
    return null;
  };
  const ring = geom(doc);
  if (!ring || ring.length < 4) fail(`${file} must hold a Polygon (or a Feature or FeatureCollection whose first feature is one)`);
  return ring;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      data: { type: 'string', default: 'data/jidong' },
      category: { type: 'string' },
      method: { type: 'string', default: 'mclp' },
      k: { type: 'string', default: '3' },
      out: { type: 'string', default: 'sites.geojson' },
      scenario: { type: 'string' },
      area: { type: 'string' },
      spacing: { type: 'string' },
      'no-sites': { type: 'boolean', default: false },
      capacity: { type: 'string' },
      'max-sites': { type: 'string' },
      'time-limit': { type: 'string' },
      standards: { type: 'string' },
      profile: { type: 'string', default: 'default' },
    },
    strict: true,
  }));
} catch (e) {
  fail((e as Error).message);
}

const category = values.category as CategoryId | undefined;
if (!category) fail(`--category is required: one of ${CATEGORY_IDS.join(', ')}`);
if (!CATEGORY_IDS.includes(category)) fail(`unknown category "${category}": one of ${CATEGORY_IDS.join(', ')}`);
const method = values.method as SuggestMethod;
if (!(method in METHOD_NAMES)) fail(`unknown method "${method}": one of ${Object.keys(METHOD_NAMES).join(', ')}`);

try {
  const standards = loadStandards(values.standards);
  const profile = standards.profiles.find((p) => p.id === values.profile);
  if (!profile) fail(`unknown profile "${values.profile}"; one of ${standards.profiles.map((p) => p.id).join(', ')}`);
  const dataset = loadDatasetDir(values.data);
  const engine = new Engine(dataset);
  if (values.scenario) {
    const plan = parseScenarioGeoJson(readFileSync(values.scenario, 'utf8'), dataset.meta.id);
    for (const p of useScenario(engine, plan).problems) console.log(`  warning: change ${p.change}: ${p.message}`);
  }
  const k = number('k', values.k)!;
  const r = await suggest(engine, standards, profile, {
    category, method, k, useSites: !values['no-sites'], area: values.area ? readArea(values.area) : null,
    spacing_m: number('spacing', values.spacing), capacity: number('capacity', values.capacity),
    maxSites: number('max-sites', values['max-sites']), timeLimitS: number('time-limit', values['time-limit']),
  });
  const fc = {
    type: 'FeatureCollection',
    run: {
      category, method, k, candidates: r.candidates, objective: r.objective, bound: r.bound, optimality_gap: r.optimality_gap,
      proof: r.proof, covered_before: r.coveredBefore, covered_after: r.coveredAfter, target: r.target, ms: Math.round(r.ms),
    },
    features: r.picks.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: p.position },
      properties: { rank: p.rank, site_id: p.site_id, gain: Math.round(p.gain * 10) / 10, optimality_gap: r.optimality_gap, category, method },
    })),
  };
  // Written beside and renamed, so a failure never leaves half a file where the last good one was.
  const tmp = `${values.out}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(fc) + '\n');
  renameSync(tmp, values.out);
  const pct = (v: number) => (r.target > 0 ? `${((100 * v) / r.target).toFixed(1)} %` : 'n/a');
  console.log(`${METHOD_NAMES[method]} for ${category}: ${r.picks.length} sites from ${r.candidates} candidates`);
  console.log(`  covered target population before: ${Math.round(r.coveredBefore)} of ${Math.round(r.target)} (${pct(r.coveredBefore)})`);
  console.log(`  covered target population after:  ${Math.round(r.coveredAfter)} of ${Math.round(r.target)} (${pct(r.coveredAfter)})`);
  for (const p of r.picks) console.log(`  ${p.rank}. ${p.site_id ?? `${p.position[0]},${p.position[1]}`}  gain ${Math.round(p.gain)}`);
  console.log(`  optimality gap: ${(100 * r.optimality_gap).toFixed(2)} % (${r.proof}); wrote ${values.out}`);
} catch (e) {
  fail((e as Error).message);
}
