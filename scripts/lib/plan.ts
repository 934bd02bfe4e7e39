// A plan file from the command line, read and put in force on the engine; refused whole when bad.
import { readFileSync } from 'node:fs';
import type { Engine } from '../../workers/engine.ts';
import { parseScenarioGeoJson } from '../../workers/scenario/geojson.ts';
import { useScenario } from '../../workers/scenario/apply.ts';
import type { Scenario } from '../../workers/scenario/types.ts';

export function usePlanFile(engine: Engine, datasetId: string, file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the plan ${file}: ${(e as Error).message}`);
  }
  let plan: Scenario;
  try {
    plan = parseScenarioGeoJson(text, datasetId);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  const applied = useScenario(engine, plan);
  console.log(`plan: ${plan.name} (${plan.changes.length} changes)`);
  for (const p of applied.problems) console.log(`  warning: change ${p.change}: ${p.message}`);
  return plan;
}
