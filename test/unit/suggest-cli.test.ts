// The suggest CLI and the analyze CLI with a plan: what a planner runs from the shell. The plan's
// coverage from analyze must equal what suggest promised, and what the engine computes in-process.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioToGeoJson } from '../../workers/scenario/geojson.ts';
import type { Scenario } from '../../workers/scenario/types.ts';

function cli(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function csvRow(text: string, key: string): Record<string, string> {
  const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
  const row = rows.find((r) => r[0] === key)!;
  return Object.fromEntries(header.map((h, k) => [h, row[k]]));
}

describe('suggest and analyze --scenario from the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-suggest-'));

  it('writes ranked sites with gains and the gap, and analyze of the resulting plan agrees', () => {
    const out = join(dir, 'sites.geojson');
    const r = cli('suggest', ['--data', 'data/jidong', '--category', 'health_station', '--k', '3', '--method', 'mclp', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.features).toHaveLength(3);
    expect(fc.features.map((f: { properties: { rank: number } }) => f.properties.rank)).toEqual([1, 2, 3]);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Point');
      expect(typeof f.properties.site_id).toBe('string');
      expect(f.properties.gain).toBeGreaterThan(0);
      expect(f.properties.optimality_gap).toBeGreaterThanOrEqual(0);
    }
    const before = Number(/before: (\d+) of (\d+)/.exec(r.out)![1]);
    const after = Number(/after: +(\d+) of (\d+)/.exec(r.out)![1]);
    const target = Number(/after: +\d+ of (\d+)/.exec(r.out)![1]);
    expect(after).toBeGreaterThan(before);

    const plan: Scenario = {
      format: 'circletwin-scenario', version: 1, id: 'cli', name: 'CLI plan', dataset: 'jidong', created: '', updated: '', revision: 1,
      changes: fc.features.map((f: { geometry: { coordinates: [number, number] }; properties: { rank: number; site_id: string } }) => ({
        kind: 'facility_add', id: `s${f.properties.rank}`, category: 'health_station', name: f.properties.site_id, capacity: null,
        position: f.geometry.coordinates, origin: 'suggested', site_id: f.properties.site_id,
      })),
      time_of_day: null, slides: [],
    };
    const planFile = join(dir, 'plan.geojson');
    writeFileSync(planFile, scenarioToGeoJson(plan));
    const a = cli('analyze', ['--data', 'data/jidong', '--scenario', planFile, '--out', join(dir, 'out')]);
    expect(a.code, a.err).toBe(0);
    const district = csvRow(readFileSync(join(dir, 'out', 'indicators.csv'), 'utf8'), 'district');
    expect(Number(district.health_station_share)).toBeCloseTo(after / target, 3);
    const base = cli('analyze', ['--data', 'data/jidong', '--out', join(dir, 'base')]);
    expect(base.code, base.err).toBe(0);
    const baseRow = csvRow(readFileSync(join(dir, 'base', 'indicators.csv'), 'utf8'), 'district');
    expect(Number(baseRow.health_station_share)).toBeCloseTo(before / target, 3);
  });

  it('refuses a bad plan file with one line and writes nothing', () => {
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [] }));
    const out = join(dir, 'never');
    const r = cli('analyze', ['--data', 'data/jidong', '--scenario', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.geojson.*not a CircleTwin plan/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses unknown categories, methods and non-numbers with one line', () => {
    for (const [args, message] of [
      [['--category', 'casino'], /unknown category "casino"/],
      [['--category', 'nursery', '--method', 'magic'], /unknown method "magic"/],
      [['--category', 'nursery', '--k', 'three'], /--k takes a number, not "three"/],
      [['--category', 'nursery', '--k', '0'], /--k must be between 1 and 50/],
      [['--category', 'nursery', '--frobnicate'], /unknown option --frobnicate/],
      [['--k', '2'], /--category is required/],
      [['--category', 'nursery', '--no-sites'], /no candidate locations/],
    ] as Array<[string[], RegExp]>) {
      const r = cli('suggest', ['--out', join(dir, 'x.geojson'), ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'x.geojson'))).toBe(false);
  });
});
