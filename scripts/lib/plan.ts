// A plan file from the command line, read and put in force on the engine; refused whole when bad.
import { readTextInput } from './input.ts';
import type { Engine } from '../../workers/engine.ts';
import { parseScenarioGeoJson, staleReferences } from '../../workers/scenario/geojson.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import { useScenario } from '../../workers/scenario/apply.ts';
import type { Scenario } from '../../workers/scenario/types.ts';

export function usePlanFile(engine: Engine, dataset: Dataset, file: string): Scenario {
  const text = readTextInput(file, 'the plan');
  let plan: Scenario;
  try {
    plan = parseScenarioGeoJson(text, dataset.meta.id);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  // A plan whose references no longer hold would put its changes in the wrong places: refuse it whole.
  const stale = staleReferences(plan, dataset);
  if (stale.length) {
    throw new Error(`${file} does not fit this dataset: ${stale.slice(0, 3).map((p) => `change ${p.change}: ${p.message}`).join('; ')}${stale.length > 3 ? ` (and ${stale.length - 3} more)` : ''}`);
  }
  const applied = useScenario(engine, plan);
  console.log(`plan: ${plan.name} (${plan.changes.length} changes)`);
  for (const p of applied.problems) console.log(`  warning: change ${p.change}: ${p.message}`);
  return plan;
}
