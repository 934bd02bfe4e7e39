import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/isochrone.ts', ...args], { encoding: 'utf8', stdio: 'pipe' });

describe('npm run isochrone', () => {
  it('writes one nested band per requested minute value', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'iso-')), 'iso.geojson');
    cli(['--data', 'data/jidong', '--from', '117.312,31.8643', '--minutes', '5,10,15', '--out', out]);
    const fc = JSON.parse(readFileSync(out, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: { properties: { minutes: number } }) => f.properties.minutes)).toEqual([5, 10, 15]);
    expect(fc.features.map((f: { properties: { metres: number } }) => f.properties.metres)).toEqual([300, 600, 900]);
    for (const f of fc.features) expect(f.geometry.type).toBe('MultiPolygon');
    const area = (f: { geometry: { coordinates: number[][][][] } }) => f.geometry.coordinates.reduce((s, poly) => s + poly.reduce((t, ring, k) => {
      let a = 0;
      for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      return t + (k === 0 ? 1 : -1) * Math.abs(a / 2);
    }, 0), 0);
    expect(area(fc.features[1])).toBeGreaterThan(area(fc.features[0]));
    expect(area(fc.features[2])).toBeGreaterThan(area(fc.features[1]));
  });

  it('rejects bad arguments with a clear message', () => {
    expect(() => cli(['--from', 'abc'])).toThrow(/--from takes lon,lat/);
    expect(() => cli(['--category', 'casino'])).toThrow(/unknown category/);
    expect(() => cli(['--from', '100,10'])).toThrow(/more than 300 m/);
  });
});
