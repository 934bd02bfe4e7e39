import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import { loadStandards } from '../../scripts/lib/standards.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';

const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/route.ts', ...args], { encoding: 'utf8', stdio: 'pipe' });

describe('npm run route', () => {
  it('writes the walk of a building with the distance the analysis gives it, and the gates it passes', () => {
    const ds = loadDatasetDir('data/jidong', { log: () => {} });
    const e = new Engine(ds);
    const a = analyze(e, loadStandards(), {});
    const r = a.categories.nursery!;
    const i = r.dist.findIndex((d, k) => Number.isFinite(d) && !!ds.buildings.features[k].properties.compound);
    const out = join(mkdtempSync(join(tmpdir(), 'route-')), 'route.geojson');
    const said = cli(['--building', e.buildingIds[i], '--category', 'nursery', '--out', out]);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    const line = fc.features[0];
    expect(line.geometry.type).toBe('LineString');
    expect(line.properties.metres).toBeCloseTo(r.dist[i], 1);
    expect(line.properties.facility).toBe(a.facilityIds[r.nearest[i]]);
    expect(line.properties.gates.length).toBeGreaterThan(0);
    expect(fc.features.slice(1).map((f: { properties: { gate: string } }) => f.properties.gate)).toEqual(line.properties.gates);
    expect(said).toContain(`${line.properties.metres} m`);
  });

  it('says why there is no walk, and refuses bad arguments', () => {
    expect(() => cli(['--from', '100,10', '--category', 'nursery'])).toThrow(/no walk from point 100,10: it is more than 300 m/);
    expect(() => cli(['--building', 'nope', '--category', 'nursery'])).toThrow(/No building with id nope/);
    expect(() => cli(['--building', 'B00001'])).toThrow(/--category/);
  });
});
