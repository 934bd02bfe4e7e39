// Hostile input against the two CLIs, table-driven. Each case names its expected outcome: a named
// error (exit 2, one line, no stack trace), a repaired result with a warning, or a correct result.
// After every failed run the output target and every input are byte-identical to before.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, smallDataset, snapshot, writeDataset, type CliRun, type Outcome } from './hostile-helpers.ts';
import { ogcProblems } from './ogc-validity.ts';
import { ll } from './fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'hostile-cli-'));
const DATA = join(root, 'data');
writeDataset(DATA, smallDataset());
const DEFAULT_TABLE = JSON.parse(readFileSync('data/standards/gb50180-2018.json', 'utf8'));
const FROM = ll([200, 5]).map((v) => v.toFixed(7)).join(',');

interface Ctx {
  /** A fresh scratch folder for this case. */
  dir: string;
  out: string;
}
interface Case {
  name: string;
  script: 'analyze' | 'isochrone';
  outcome: Outcome;
  /** Arguments; OUT and DIR are replaced by the case's output target and scratch folder. */
  args: string[];
  setup?: (c: Ctx) => void;
  /** The one line on stderr (error), or a line on stdout/stderr (repaired, correct). */
  says?: RegExp;
  check?: (c: Ctx, r: CliRun) => void;
  /** Output is a file (isochrone) rather than a folder. */
  file?: boolean;
}

const table = (mutate: (t: typeof DEFAULT_TABLE) => void) => {
  const t = structuredClone(DEFAULT_TABLE);
  mutate(t);
  return JSON.stringify(t);
};
const writeTable = (c: Ctx, text: string) => writeFileSync(join(c.dir, 'table.json'), text);
const badData = (c: Ctx, change: (ds: ReturnType<typeof smallDataset>) => void, raw: Record<string, string> = {}) => {
  const ds = smallDataset();
  change(ds);
  writeDataset(join(c.dir, 'ds'), ds, raw);
};
const indicator = (c: Ctx, id: string) => {
  const rows = readFileSync(join(c.out, 'indicators.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
  const district = rows.find((r) => r[0] === 'district')!;
  return { value: district[rows[0].indexOf(id)], pass: district[rows[0].indexOf(`${id}_pass`)] };
};

const CASES: Case[] = [
  // Arguments
  { name: 'unknown option', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--bogus', '1'], says: /unknown option --bogus/ },
  { name: 'missing value at the end', script: 'analyze', outcome: 'error', args: ['--out', 'OUT', '--data'], says: /--data needs a value/ },
  { name: 'an option where a value belongs', script: 'analyze', outcome: 'error', args: ['--data', '--out', 'OUT'], says: /--data needs a value/ },
  { name: 'a stray positional argument', script: 'analyze', outcome: 'error', args: [DATA, '--out', 'OUT'], says: /unexpected argument/ },
  { name: 'an option given twice', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--out', 'x'], says: /--out is given twice/ },
  { name: 'an empty output name', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', ''], says: /needs a file or folder name/ },
  { name: 'unknown profile', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--profile', 'jogger'], says: /unknown profile "jogger"/ },
  { name: '--help', script: 'analyze', outcome: 'correct', args: ['--help'], says: /--standards <value>/ },
  // Output targets
  { name: 'output folder is the dataset folder', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', DATA], says: /input dataset folder/ },
  { name: 'output folder inside the dataset folder', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', join(DATA, 'results')], says: /input dataset folder/ },
  { name: 'output folder is an input file', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', join(DATA, 'streets.geojson')], says: /input dataset folder/ },
  {
    name: 'output folder is a symlink to the dataset', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'DIR/link'],
    setup: (c) => symlinkSync(DATA, join(c.dir, 'link')), says: /input dataset folder/,
  },
  {
    name: 'an output file is a symlink out of the folder', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT'],
    setup: (c) => { mkdirSync(c.out); symlinkSync(join(DATA, 'streets.geojson'), join(c.out, 'gaps.geojson')); }, says: /symbolic link.*not followed/,
  },
  {
    name: 'an output file is a symlink to an unrelated file', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT'],
    setup: (c) => { writeFileSync(join(c.dir, 'precious.txt'), 'keep'); mkdirSync(c.out); symlinkSync(join(c.dir, 'precious.txt'), join(c.out, 'access.csv')); },
    says: /symbolic link/,
  },
  {
    name: 'output folder over the standards file', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--standards', 'DIR/table.json', '--out', 'DIR/table.json'],
    setup: (c) => writeTable(c, JSON.stringify(DEFAULT_TABLE)), says: /is a file, not a folder|input files/,
  },
  {
    name: 'output folder under a regular file', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'DIR/afile/out'],
    setup: (c) => writeFileSync(join(c.dir, 'afile'), 'x'), says: /is a file, not a folder/,
  },
  { name: 'unwritable output folder', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', '/proc/circletwin-out'], says: /cannot write in \/proc/ },
  {
    name: 'a refused dataset leaves the output folder as it was', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => { badData(c, (ds) => { ds.buildings.features = []; }); mkdirSync(c.out); writeFileSync(join(c.out, 'gaps.geojson'), 'old'); },
    says: /no usable buildings/, check: (c) => expect(readFileSync(join(c.out, 'gaps.geojson'), 'utf8')).toBe('old'),
  },
  {
    name: 'a refused dataset creates no output folder', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/ds', '--out', 'OUT/deeper'],
    setup: (c) => badData(c, (ds) => { ds.streets.features = []; }), says: /no usable streets/, check: (c) => expect(existsSync(c.out)).toBe(false),
  },
  {
    name: 'a run over earlier results replaces all three files and leaves no temporary file', script: 'analyze', outcome: 'correct',
    args: ['--data', DATA, '--out', 'OUT'],
    setup: (c) => { mkdirSync(c.out); for (const n of ['gaps.geojson', 'indicators.csv', 'access.csv', 'notes.txt']) writeFileSync(join(c.out, n), 'old'); },
    check: (c) => {
      expect(readdirSync(c.out).sort()).toEqual(['access.csv', 'gaps.geojson', 'indicators.csv', 'notes.txt']);
      for (const n of ['gaps.geojson', 'indicators.csv', 'access.csv']) expect(readFileSync(join(c.out, n), 'utf8')).not.toBe('old');
      expect(readFileSync(join(c.out, 'notes.txt'), 'utf8')).toBe('old');
    },
  },
  // Standards tables
  { name: 'standards file missing', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR/none.json'], says: /cannot read standards table/ },
  { name: 'standards file truncated', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR/table.json'], setup: (c) => writeTable(c, '{"id": "x", "categ'), says: /cannot read standards table/ },
  {
    name: 'standards speed 1e9', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR/table.json'],
    setup: (c) => writeTable(c, table((t) => { t.profiles[0].speed_m_per_min = 1e9; })), says: /speed_m_per_min: 1000000000 is outside 20…120/,
  },
  {
    name: 'standards negative threshold', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR/table.json'],
    setup: (c) => writeTable(c, table((t) => { t.categories[0].threshold_m = -5; })), says: /threshold_m: -5 is outside/,
  },
  {
    name: 'standards with an indicator nobody computes', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR/table.json'],
    setup: (c) => writeTable(c, table((t) => { t.indicators[0].id = 'bogus'; })), says: /unknown indicator "bogus"/,
  },
  {
    name: 'an unchanged copy of the default table, keys reordered, is not "edited"', script: 'analyze', outcome: 'correct',
    args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR/table.json'],
    setup: (c) => writeTable(c, JSON.stringify(Object.fromEntries(Object.entries(DEFAULT_TABLE).reverse()), null, 2)),
    check: (_c, r) => { expect(r.out).toMatch(/standards: gb50180-2018 v1 #[0-9a-f]{8};/); expect(r.out).not.toMatch(/edited/); },
  },
  {
    name: 'an edited table is marked "edited"', script: 'analyze', outcome: 'correct', args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR/table.json'],
    setup: (c) => writeTable(c, table((t) => { t.categories[0].threshold_m = 600; })), says: /\(edited\)/,
  },
  { name: 'standards from /dev/zero', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--standards', '/dev/zero'], says: /standards table \/dev\/zero: it is not a regular file/ },
  { name: 'standards table is a folder', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--standards', 'DIR'], says: /it is a folder, not a file/ },
  // Plans
  { name: 'plan file missing', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--scenario', 'DIR/none.geojson'], says: /cannot read the plan/ },
  {
    name: 'plan file truncated', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--scenario', 'DIR/plan.geojson'],
    setup: (c) => writeFileSync(join(c.dir, 'plan.geojson'), '{"type":"FeatureCollection"'), says: /plan\.geojson/,
  },
  { name: 'plan from /dev/zero', script: 'analyze', outcome: 'error', args: ['--data', DATA, '--out', 'OUT', '--scenario', '/dev/zero'], says: /the plan \/dev\/zero: it is not a regular file/ },
  {
    name: 'a dataset file that is a link to /dev/zero', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/zero.geojson', '--out', 'OUT'],
    setup: (c) => symlinkSync('/dev/zero', join(c.dir, 'zero.geojson')), says: /zero\.geojson is not a regular file/,
  },
  // Datasets through the validation stage
  { name: 'no dataset there', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/nothing', '--out', 'OUT'], says: /No dataset folder or file/ },
  { name: 'an empty dataset folder', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/empty', '--out', 'OUT'], setup: (c) => mkdirSync(join(c.dir, 'empty')), says: /holds no dataset files/ },
  {
    name: 'truncated streets JSON', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => badData(c, () => {}, { streets: JSON.stringify(smallDataset().streets).slice(0, 300) }), says: /streets\.geojson: not parseable as JSON/,
  },
  {
    name: 'streets layer is a string', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => badData(c, () => {}, { streets: '"hello"' }), says: /streets\.geojson/,
  },
  {
    name: 'coordinates in metres', script: 'analyze', outcome: 'error', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => badData(c, (ds) => {
      const scale = (v: unknown): unknown => (Array.isArray(v) && typeof v[0] === 'number' ? [v[0] * 111000, v[1] * 111000] : Array.isArray(v) ? v.map(scale) : v);
      for (const l of ['streets', 'buildings', 'facilities'] as const) for (const f of ds[l].features) (f.geometry as { coordinates: unknown }).coordinates = scale(f.geometry.coordinates);
    }), says: /projected metres/,
  },
  {
    name: 'a building with text for a coordinate', script: 'analyze', outcome: 'repaired', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => badData(c, (ds) => { (ds.buildings.features[0].geometry.coordinates[0][1] as unknown[]) = ['abc', null]; }), says: /buildings\.geojson b1: .*dropped/,
    check: (c) => expect(readFileSync(join(c.out, 'access.csv'), 'utf8')).not.toMatch(/\r\nb1,/),
  },
  {
    name: 'a building 10,000 km away', script: 'analyze', outcome: 'repaired', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => badData(c, (ds) => { ds.buildings.features[1].geometry.coordinates[0][1] = [-60, -40]; }), says: /b2: coordinate .* more than \d+ km/,
  },
  {
    name: 'no health station: coverage 0 and fail, with a warning', script: 'analyze', outcome: 'repaired', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => badData(c, (ds) => { ds.facilities.features = ds.facilities.features.filter((f) => f.properties.category !== 'health_station'); }),
    says: /warning: no facility of category health_station/,
    check: (c) => expect(indicator(c, 'health_station_coverage')).toEqual({ value: '0', pass: 'fail' }),
  },
  {
    name: 'nobody lives in the buildings: n/a, never a pass', script: 'analyze', outcome: 'repaired', args: ['--data', 'DIR/ds', '--out', 'OUT'],
    setup: (c) => badData(c, (ds) => {
      for (const f of ds.buildings.features) Object.assign(f.properties, { population: 0, households: 0, age0_3: 0, age3_6: 0, age6_12: 0, age60plus: 0, cars: 0 });
    }),
    says: /warning: none of the 6 buildings has residents/,
    check: (c, r) => {
      for (const id of ['health_station_coverage', 'green_300m', 'park_500m', 'parking_per_household', 'service_station_area']) {
        expect(indicator(c, id)).toEqual({ value: '', pass: '' });
      }
      expect(r.out).toMatch(/· 卫生服务站覆盖率 Health station coverage: n\/a/);
    },
  },
  { name: 'the small dataset analyses cleanly', script: 'analyze', outcome: 'correct', args: ['--data', DATA, '--out', 'OUT'], says: /wrote .*gaps\.geojson/ },

  // Isochrone
  { name: '--from with --category', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--category', 'market', '--out', 'OUT'], says: /--from and --category cannot be used together/ },
  { name: '--from with --facility', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--facility', 'm1', '--out', 'OUT'], says: /--from and --facility cannot be used together/ },
  { name: 'no origin at all', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--out', 'OUT'], says: /give one of --from, --facility, --category/ },
  { name: 'negative minutes', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--minutes', '-5', '--out', 'OUT'], says: /--minutes must be between 1 and 120 \(got -5\)/ },
  { name: 'minutes not a number', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--minutes', 'abc', '--out', 'OUT'], says: /--minutes takes a number, not "abc"/ },
  { name: 'minutes in hex', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--minutes', '0x10', '--out', 'OUT'], says: /takes a number, not "0x10"/ },
  { name: 'an empty minutes value', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--minutes', '5,,10', '--out', 'OUT'], says: /empty value/ },
  { name: 'a billion minutes', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--minutes', '1e9', '--out', 'OUT'], says: /between 1 and 120/ },
  { name: 'Infinity minutes', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--minutes', 'Infinity', '--out', 'OUT'], says: /takes a number/ },
  {
    name: '5000 bands', script: 'isochrone', outcome: 'error', file: true,
    args: ['--data', DATA, '--from', FROM, '--minutes', Array.from({ length: 5000 }, (_, i) => i + 1).join(','), '--out', 'OUT'], says: /at most 12 values \(got 5000\)/,
  },
  { name: 'the same band twice', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--minutes', '5,5', '--out', 'OUT'], says: /lists 5 twice/ },
  { name: 'a huge coordinate', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', '1e300,1e300', '--out', 'OUT'], says: /not a WGS84 longitude,latitude/ },
  { name: 'a point that is not a pair', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', '117', '--out', 'OUT'], says: /--from takes lon,lat/ },
  { name: 'a point far from every street', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', '0,0', '--out', 'OUT'], says: /more than 300 m from any walkable street/ },
  { name: 'an empty facility id', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--facility=', '--out', 'OUT'], says: /--facility needs a value, not an empty string/ },
  { name: 'an unknown facility', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--facility', 'nope', '--out', 'OUT'], says: /No facility with id nope/ },
  { name: 'an unknown category', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--category', 'casino', '--out', 'OUT'], says: /unknown category "casino"/ },
  { name: 'a category with no facility', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--category', 'bus_stop', '--out', 'OUT'], says: /No reachable facility of category bus_stop/ },
  { name: 'output over an input file', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--out', join(DATA, 'streets.geojson')], says: /input dataset folder/ },
  {
    name: 'output over the standards file', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--standards', 'DIR/table.json', '--out', 'DIR/table.json'],
    setup: (c) => writeTable(c, JSON.stringify(DEFAULT_TABLE)), says: /one of the run's input files/,
  },
  { name: 'output is a folder', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--out', 'DIR'], says: /is a folder, not a file/ },
  {
    name: 'output is a symlink', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--out', 'OUT'],
    setup: (c) => { writeFileSync(join(c.dir, 'precious.txt'), 'keep'); symlinkSync(join(c.dir, 'precious.txt'), c.out); }, says: /symbolic link/,
  },
  { name: 'output under /proc', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--out', '/proc/iso.geojson'], says: /cannot write in \/proc/ },
  {
    name: 'a bad profile speed in the table', script: 'isochrone', outcome: 'error', file: true, args: ['--data', DATA, '--from', FROM, '--standards', 'DIR/table.json', '--out', 'OUT'],
    setup: (c) => writeTable(c, table((t) => { t.profiles[1].speed_m_per_min = 0; })), says: /profiles\[elderly\]\.speed_m_per_min: 0 is outside/,
  },
  {
    name: 'a new file in new folders, valid polygons', script: 'isochrone', outcome: 'correct', file: true,
    args: ['--data', DATA, '--from', FROM, '--minutes', '2,4,8', '--out', 'DIR/a/b/iso.geojson'],
    check: (c) => {
      const fc = JSON.parse(readFileSync(join(c.dir, 'a/b/iso.geojson'), 'utf8'));
      expect(fc.features.map((f: { properties: { minutes: number } }) => f.properties.minutes)).toEqual([2, 4, 8]);
      for (const f of fc.features) expect(ogcProblems(f.geometry)).toEqual([]);
    },
  },
  {
    name: 'a category under the elderly profile, valid polygons', script: 'isochrone', outcome: 'correct', file: true,
    args: ['--data', DATA, '--category', 'park', '--profile', 'elderly', '--minutes', '3,6', '--out', 'OUT'],
    check: (c) => {
      const fc = JSON.parse(readFileSync(c.out, 'utf8'));
      expect(fc.features.map((f: { properties: { metres: number } }) => f.properties.metres)).toEqual([150, 300]);
      for (const f of fc.features) expect(ogcProblems(f.geometry)).toEqual([]);
    },
  },
];

const counts: Record<Outcome, number> = { error: 0, repaired: 0, correct: 0 };
afterAll(() => console.log(`hostile CLI cases by outcome: ${JSON.stringify(counts)}`));

describe('hostile input to the CLIs', () => {
  let n = 0;
  for (const c of CASES) {
    it(`${c.script}: ${c.name} → ${c.outcome}`, () => {
      const dir = join(root, `case-${n++}`);
      mkdirSync(dir);
      const ctx: Ctx = { dir, out: join(dir, c.file ? 'out.geojson' : 'out') };
      c.setup?.(ctx);
      const args = c.args.map((a) => a.replace(/^OUT/, ctx.out).replace(/^DIR/, dir));
      const watched = [DATA, dir, 'data/standards'];
      const before = snapshot(watched);
      const r = runCli(c.script, args);
      if (c.outcome === 'error') {
        expect(r.code, r.err).toBe(2);
        const lines = r.err.trim().split('\n').filter((l) => l.startsWith(`${c.script}:`));
        expect(lines, r.err).toHaveLength(1);
        expect(lines[0]).toMatch(c.says!);
        expect(r.err).not.toMatch(/\n\s+at /);
        // Nothing written, nothing overwritten, nothing left behind.
        expect(snapshot(watched)).toEqual(before);
      } else {
        expect(r.code, r.err).toBe(0);
        if (c.says) expect(`${r.out}\n${r.err}`).toMatch(c.says);
        expect(snapshot([DATA])).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => k.startsWith(DATA))));
        if (!c.file && c.args.includes('OUT')) {
          expect(readdirSync(ctx.out).filter((f) => f.startsWith('.'))).toEqual([]);
        }
      }
      c.check?.(ctx, r);
      counts[c.outcome]++;
    }, 60_000);
  }
});
