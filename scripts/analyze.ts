// npm run analyze -- --data data/jidong --out out/ [--standards my-table.json] [--profile elderly] [--scenario plan.geojson]
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDatasetDir } from './lib/load.ts';
import { loadStandards } from './lib/standards.ts';
import { Engine } from '../workers/engine.ts';
import { analyze } from '../workers/analysis/coverage.ts';
import { accessCsv, gapsGeoJson, indicatorsCsv, tableLabel } from '../workers/io/exports.ts';
import { parseScenarioGeoJson } from '../workers/scenario/geojson.ts';
import { useScenario } from '../workers/scenario/apply.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'data/jidong' },
    out: { type: 'string', default: 'out' },
    standards: { type: 'string' },
    profile: { type: 'string', default: 'default' },
    scenario: { type: 'string' },
  },
});

try {
  const standards = loadStandards(values.standards);
  const profile = standards.profiles.find((p) => p.id === values.profile);
  if (!profile) throw new Error(`unknown profile "${values.profile}"; one of ${standards.profiles.map((p) => p.id).join(', ')}`);
  const dataset = loadDatasetDir(values.data);
  const engine = new Engine(dataset);
  if (values.scenario) {
    let text: string;
    try {
      text = readFileSync(values.scenario, 'utf8');
    } catch (e) {
      throw new Error(`cannot read the plan ${values.scenario}: ${(e as Error).message}`);
    }
    let plan;
    try {
      plan = parseScenarioGeoJson(text, dataset.meta.id);
    } catch (e) {
      throw new Error(`${values.scenario}: ${(e as Error).message}`);
    }
    const applied = useScenario(engine, plan);
    console.log(`plan: ${plan.name} (${plan.changes.length} changes)`);
    for (const p of applied.problems) console.log(`  warning: change ${p.change}: ${p.message}`);
  }
  const result = analyze(engine, standards, { profile, edited: values.standards !== undefined });
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'gaps.geojson'), gapsGeoJson(result) + '\n');
  writeFileSync(join(values.out, 'indicators.csv'), indicatorsCsv(engine, result));
  writeFileSync(join(values.out, 'access.csv'), accessCsv(engine, result));
  console.log(`standards: ${tableLabel(result)}; profile: ${profile.id}`);
  for (const row of result.indicators.filter((r) => r.scope === 'district')) {
    const v = row.value === null ? 'n/a' : row.value.toFixed(3);
    console.log(`  ${row.pass === null ? '·' : row.pass ? '✔' : '✘'} ${row.name_zh} ${row.name_en}: ${v} (target ${row.target} ${row.unit})`);
  }
  for (const p of engine.report.problems) console.log(`  warning: ${p.kind} ${p.id}: ${p.reason}`);
  for (const p of result.problems) console.log(`  warning: facility ${p.id} (${p.category}): ${p.issue.replace('_', ' ')}`);
  console.log(`wrote ${join(values.out, 'gaps.geojson')} (${result.gaps.count} gap areas), indicators.csv, access.csv`);
} catch (e) {
  console.error(`analyze: ${(e as Error).message}`);
  process.exit(2);
}
