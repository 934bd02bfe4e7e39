import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORY_IDS } from '../../workers/model/dataset.ts';

const INDICATORS = ['parking_per_household', 'elderly_beds_per_1000', 'childcare_places', 'health_station_coverage', 'green_300m',
  'park_500m', 'green_cover', 'road_density', 'service_station_area'];
// The columns as the README documents them.
const INDICATOR_COLUMNS = [
  'community_id', 'community_name', 'population', 'households', 'age60plus',
  ...INDICATORS.flatMap((id) => [id, `${id}_target`, `${id}_pass`]),
  ...CATEGORY_IDS.map((c) => `${c}_share`),
  'circle5_completeness', 'circle10_completeness', 'circle15_completeness', 'parking_deficit_spaces', 'standards_table', 'profile',
];
const ACCESS_COLUMNS = ['building_id', 'community', 'lon', 'lat', 'population', ...CATEGORY_IDS.map((c) => `${c}_m`)];
const GAP_PROPERTIES = ['category', 'category_name', 'community', 'cohort', 'uncovered', 'uncovered_population', 'uncovered_households',
  'uncovered_age0_3', 'uncovered_age3_6', 'uncovered_age6_12', 'uncovered_age60plus', 'uncovered_cars', 'buildings', 'mean_walk_m',
  'worst_walk_m', 'beyond_limit_buildings', 'search_limit_m', 'threshold_m', 'circle', 'standard', 'parking_deficit'];

function run(args: string[]) {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...args], { encoding: 'utf8' });
}
function parseCsv(text: string): string[][] {
  return text.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => {
    const out: string[] = [];
    let cur = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  });
}

describe('npm run analyze on the embedded district', () => {
  const out = mkdtempSync(join(tmpdir(), 'analyze-'));
  const stdout = run(['--data', 'data/jidong', '--out', out]);
  const gaps = JSON.parse(readFileSync(join(out, 'gaps.geojson'), 'utf8'));
  const indicatorsText = readFileSync(join(out, 'indicators.csv'), 'utf8');
  const indicators = parseCsv(indicatorsText);
  const access = parseCsv(readFileSync(join(out, 'access.csv'), 'utf8'));
  const districtRow = indicators.find((r) => r[0] === 'district')!;
  const col = (name: string) => districtRow[indicators[0].indexOf(name)];

  it('shows the brief’s known shortages', () => {
    expect(Number(col('health_station_coverage'))).toBeLessThan(0.5);
    expect(Number(col('parking_per_household'))).toBeLessThan(1);
    expect(col('parking_per_household_pass')).toBe('fail');
    expect(Number(col('elderly_beds_per_1000'))).toBeCloseTo(25, 0);
    expect(Number(col('childcare_places'))).toBeLessThan(1);
    expect(Number(col('road_density'))).toBeLessThan(5);
    expect(stdout).toMatch(/standards: gb50180-2018 v1 #[0-9a-f]{8}/);
  });

  it('writes RFC 7946 gap areas with the documented properties', () => {
    expect(gaps.type).toBe('FeatureCollection');
    expect(gaps.features.length).toBeGreaterThan(0);
    for (const f of gaps.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Polygon');
      const ring = f.geometry.coordinates[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [lon, lat] of ring) {
        expect(lon).toBeGreaterThan(117.2);
        expect(lon).toBeLessThan(117.4);
        expect(lat).toBeGreaterThan(31.8);
        expect(lat).toBeLessThan(31.95);
      }
      expect(Object.keys(f.properties).sort()).toEqual([...GAP_PROPERTIES].sort());
      expect(CATEGORY_IDS).toContain(f.properties.category);
      expect(f.properties.uncovered).toBeGreaterThan(0);
    }
    expect(new Set(gaps.features.map((f: { properties: { category: string } }) => f.properties.category)).has('health_station')).toBe(true);
  });

  it('writes indicators.csv with a BOM, one row per community and one for the district', () => {
    expect(indicatorsText.charCodeAt(0)).toBe(0xfeff);
    expect(indicators[0]).toEqual(INDICATOR_COLUMNS);
    expect(indicators.slice(1).map((r) => r[0])).toEqual(
      ['xinhong', 'xinghua', 'jianxin', 'dongfeng', 'fangji', 'binhu', 'kechuang', 'yangguang', 'district']);
    for (const r of indicators.slice(1)) expect(r).toHaveLength(INDICATOR_COLUMNS.length);
    expect(indicators[1][1]).toBe('新虹社区');
  });

  it('writes access.csv: one row per building, metres per category, empty beyond the search limit', () => {
    expect(access[0]).toEqual(ACCESS_COLUMNS);
    const buildings = JSON.parse(readFileSync('data/jidong/buildings.geojson', 'utf8')).features;
    expect(access.length - 1).toBe(buildings.length);
    const hs = access[0].indexOf('health_station_m');
    const values = access.slice(1).map((r) => r[hs]);
    expect(values.some((v) => v === '')).toBe(true);
    for (const v of values) if (v !== '') expect(Number(v)).toBeLessThanOrEqual(1000);
  });

  it('uses an edited standards table and says so', () => {
    const table = JSON.parse(readFileSync('data/standards/gb50180-2018.json', 'utf8'));
    table.categories.find((c: { id: string }) => c.id === 'health_station').threshold_m = 1000;
    const file = join(out, 'edited.json');
    writeFileSync(file, JSON.stringify(table));
    const out2 = mkdtempSync(join(tmpdir(), 'analyze-'));
    expect(run(['--data', 'data/jidong', '--out', out2, '--standards', file])).toMatch(/\(edited\)/);
    const rows = parseCsv(readFileSync(join(out2, 'indicators.csv'), 'utf8'));
    const d = rows.find((r) => r[0] === 'district')!;
    expect(Number(d[rows[0].indexOf('health_station_coverage')])).toBeGreaterThan(Number(col('health_station_coverage')));
  });

  it('fails clearly on a missing dataset', () => {
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', '--data', '/nonexistent'], { stdio: 'pipe' }))
      .toThrow(/No dataset folder/);
  });
});
