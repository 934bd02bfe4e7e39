// npm run analyze -- --data data/jidong --out out/ [--standards my-table.json] [--profile elderly] [--scenario plan.geojson]
import { join } from 'node:path';
import { runCli } from './lib/args.ts';
import { RunOutput } from './lib/output.ts';
import { loadDatasetDir } from './lib/load.ts';
import { isEdited, loadStandards } from './lib/standards.ts';
import { Engine } from '../workers/engine.ts';
import { analyze } from '../workers/analysis/coverage.ts';
import { accessCsv, gapsGeoJson, indicatorsCsv, tableLabel } from '../workers/io/exports.ts';
import { usePlanFile } from './lib/plan.ts';

const OUTPUTS = ['gaps.geojson', 'indicators.csv', 'access.csv'];

await runCli({
  name: 'analyze',
  summary: 'coverage of a dataset against the standards; writes gaps.geojson, indicators.csv and access.csv',
  options: {
    data: { type: 'string', path: true, default: 'data/jidong', help: 'dataset folder or file' },
    out: { type: 'string', path: true, default: 'out', help: 'output folder' },
    standards: { type: 'string', path: true, help: 'an edited standards table (JSON)' },
    profile: { type: 'string', default: 'default', help: 'walking profile id from the standards table' },
    scenario: { type: 'string', path: true, help: 'a plan file (GeoJSON) to analyse instead of the baseline' },
  },
}, (values) => {
  const standards = loadStandards(values.standards);
  const profile = standards.profiles.find((p) => p.id === values.profile);
  if (!profile) throw new Error(`unknown profile "${values.profile}"; one of ${standards.profiles.map((p) => p.id).join(', ')}`);
  // Checked before any work: a bad target fails in a second, not after the analysis.
  const output = new RunOutput(values.out, 'folder', OUTPUTS, { data: values.data, files: [values.standards, values.scenario] });
  const dataset = loadDatasetDir(values.data);
  const engine = new Engine(dataset);
  if (values.scenario) usePlanFile(engine, dataset, values.scenario);
  const result = analyze(engine, standards, { profile, edited: isEdited(standards) });
  output.commit({
    'gaps.geojson': gapsGeoJson(result) + '\n',
    'indicators.csv': indicatorsCsv(engine, result),
    'access.csv': accessCsv(engine, result),
  });
  console.log(`standards: ${tableLabel(result)}; profile: ${profile.id}`);
  for (const row of result.indicators.filter((r) => r.scope === 'district')) {
    const v = row.value === null ? 'n/a' : row.value.toFixed(3);
    console.log(`  ${row.pass === null ? '·' : row.pass ? '✔' : '✘'} ${row.name_zh} ${row.name_en}: ${v} (target ${row.target} ${row.unit})`);
  }
  for (const w of result.warnings ?? []) console.log(`  warning: ${w.message}`);
  for (const p of engine.report.problems) console.log(`  warning: ${p.kind} ${p.id}: ${p.reason}`);
  for (const p of result.problems) console.log(`  warning: facility ${p.id} (${p.category}): ${p.issue.replace('_', ' ')}`);
  console.log(`wrote ${join(values.out, 'gaps.geojson')} (${result.gaps.count} gap areas), indicators.csv, access.csv`);
});
