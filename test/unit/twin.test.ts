// The twin's pure parts: building arrays, colours, the URL view, and briefing slide content
// against the analysis of the embedded district (figures recomputed here from the analysis).
import { describe, expect, it } from 'vitest';
import { buildingGeometry, colourBuildings, effectiveMetric, newlyCovered, walkColour, type RGB } from '../../src/twin/buildings.ts';
import { formatUrlView, parseUrlView } from '../../src/state/url.ts';
import { slideContent, worstCommunities, type DeckContext } from '../../src/panels/BriefingSlides.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { parseStandards } from '../../workers/analysis/standards.ts';
import { useScenario } from '../../workers/scenario/apply.ts';
import type { Scenario, Slide } from '../../workers/scenario/types.ts';
import type { AppState } from '../../src/state/store.ts';
import { TWIN_DEFAULT } from '../../src/twin/types.ts';
import { loadDatasetDir } from '../../scripts/lib/load.ts';
import defaults from '../../data/standards/gb50180-2018.json';

type Ring = [number, number][];
const feature = (ring: Ring, props: Record<string, unknown>) => ({ type: 'Feature' as const, geometry: { type: 'Polygon' as const, coordinates: [ring] }, properties: props });

describe('building arrays', () => {
  it('stores rings counter-clockwise with their offsets, and heights from height or floors', () => {
    const cw: Ring = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]];
    const ccw: Ring = [[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]];
    const g = buildingGeometry([
      feature(cw, { height: 0, floors: 6, use: 'residential', population: 10 }),
      feature(ccw, { height: 31.5, floors: 10, use: 'office', population: 0 }),
      feature(ccw, { use: 'barn' }),
    ]);
    expect(g.count).toBe(3);
    expect([...g.startIndices]).toEqual([0, 5, 10, 15]);
    // The clockwise ring comes out reversed: (0,0) (1,0) (1,1) (0,1) (0,0).
    expect([...g.positions.slice(0, 10)]).toEqual([0, 0, 1, 0, 1, 1, 0, 1, 0, 0]);
    expect([...g.positions.slice(10, 20)]).toEqual([2, 0, 3, 0, 3, 1, 2, 1, 2, 0]);
    expect([...g.height]).toEqual([18, 31.5, 3]);
    expect([...g.use]).toEqual([0, 2, 255]);
    expect([...g.population]).toEqual([10, 0, 0]);
  });
});

describe('building colours', () => {
  const c = (d: number, t = 300): RGB => {
    const out: RGB = [0, 0, 0];
    walkColour(d, t, out);
    return out;
  };
  it('follows the 2D ramp relative to the threshold', () => {
    expect(c(0)).toEqual([0x01, 0x66, 0x5e]);
    expect(c(300)).toEqual([0x80, 0xcd, 0xc1]);
    expect(c(600)).toEqual([0xb3, 0x58, 0x06]);
    expect(c(5000)).toEqual([0xb3, 0x58, 0x06]);
    expect(c(Infinity)).toEqual([0x3b, 0x3b, 0x3b]);
    // A quarter of the threshold: halfway between #01665e (0) and #35978f (0.5).
    expect(c(75)).toEqual([27, 127, 119]);
  });

  it('colours covered, change and use by building, residents only for coverage', () => {
    const sq: Ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const g = buildingGeometry([0, 1, 2, 3, 4, 5].map((i) => feature(sq, { floors: 1, use: i === 5 ? 'commercial' : 'residential', population: i === 5 ? 0 : 5 })));
    const out = new Uint8Array(g.count * 4);
    const at = (i: number) => [...out.slice(4 * i, 4 * i + 3)];
    const before = Float64Array.from([100, 400, 200, 500, 250, 900]);
    const after = Float64Array.from([100, 250, 400, 450, 200, 100]);
    colourBuildings(g, { metric: 'covered', dist: after, baseDist: null, threshold: 300, completeness: null }, out);
    expect([0, 1, 2, 3, 4, 5].map(at)).toEqual([[26, 152, 80], [26, 152, 80], [215, 48, 39], [215, 48, 39], [26, 152, 80], [189, 182, 170]]);
    colourBuildings(g, { metric: 'change', dist: after, baseDist: before, threshold: 300, completeness: null }, out);
    // unchanged, newly covered, coverage lost, nearer (still out), nearer (still in), no residents
    expect([0, 1, 2, 3, 4, 5].map(at)).toEqual([[207, 200, 188], [0, 200, 83], [194, 24, 91], [166, 217, 106], [166, 217, 106], [189, 182, 170]]);
    colourBuildings(g, { metric: 'use', dist: null, baseDist: null, threshold: 300, completeness: null }, out);
    expect(at(0)).toEqual([0xc8, 0xb9, 0x9c]);
    expect(at(5)).toEqual([0xe0, 0xa9, 0x87]);
    expect(newlyCovered(before, after, 300, g.population)).toEqual([1]);
  });

  it('falls back to use when the chosen colouring lacks its data', () => {
    const base = { dist: null, baseDist: null, threshold: 300, completeness: null };
    expect(effectiveMetric({ ...base, metric: 'walk' })).toBe('use');
    expect(effectiveMetric({ ...base, metric: 'change', dist: new Float64Array(1) })).toBe('use');
    expect(effectiveMetric({ ...base, metric: 'change', dist: new Float64Array(1), baseDist: new Float64Array(1) })).toBe('change');
    expect(effectiveMetric({ ...base, metric: 'completeness', completeness: new Float64Array(1) })).toBe('completeness');
  });
});

describe('the view in the URL', () => {
  it('reads every parameter and names the ones it cannot use', () => {
    const u = parseUrlView('?dataset=jidong&category=nursery&view=3d&scenario=plan-1&brief=1&slide=2&overview=1&at=117.3,31.86,14.5,-20,55');
    expect(u).toEqual({
      dataset: 'jidong', category: 'nursery', view: '3d', scenario: 'plan-1', brief: true, slide: 1, overview: true,
      camera: { center: [117.3, 31.86], zoom: 14.5, bearing: -20, pitch: 55 }, problems: [],
    });
    const bad = parseUrlView('?category=hospital&view=4d&slide=0&at=1,2');
    expect(bad.category).toBeNull();
    expect(bad.view).toBeNull();
    expect(bad.slide).toBeNull();
    expect(bad.camera).toBeNull();
    expect(bad.problems).toEqual(['category=hospital', 'view=4d', 'slide=0', 'at=1,2']);
  });

  it('writes what it reads back', () => {
    const s = { dataset: { meta: { id: 'jidong' } }, category: 'market', twin: { ...TWIN_DEFAULT, view: '3d', briefing: true, slide: 4 } } as unknown as AppState;
    const q = formatUrlView(s, { center: [117.312345678, 31.86], zoom: 14.256, bearing: -20.04, pitch: 55 }, 'plan-9');
    expect(q).toBe('dataset=jidong&category=market&view=3d&scenario=plan-9&brief=1&slide=5&at=117.31235,31.86,14.26,-20,55');
    const back = parseUrlView(`?${q}`);
    expect(back.slide).toBe(4);
    expect(back.view).toBe('3d');
    expect(formatUrlView({ ...s, twin: TWIN_DEFAULT } as AppState, null, 'baseline')).toBe('dataset=jidong&category=market');
  });
});

describe('briefing slides on the embedded district', () => {
  const ds = loadDatasetDir('data/jidong');
  const e = new Engine(ds);
  const std = parseStandards(structuredClone(defaults));
  const base = analyze(e, std);
  const cam = { center: ds.meta.center, zoom: 14, pitch: 0, bearing: 0 };
  const ctx = (over: Partial<DeckContext> = {}): DeckContext => ({
    lang: 'zh', dataset: ds, analysis: base, baseline: null, plan: null, standards: std, category: 'health_station', ...over,
  });
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

  it('leads the overview with the district figures of the analysis', () => {
    const c = slideContent({ id: 'o', kind: 'overview', title: '', camera: cam }, ctx());
    const rows = base.indicators.filter((r) => r.scope === 'district');
    const pop = ds.buildings.features.reduce((a, f) => a + f.properties.population, 0);
    expect(c.headline.map((h) => h.value)).toEqual([
      pop.toLocaleString('zh-CN'), pct(base.categories.health_station!.district.share), pct(base.completenessByCommunity['15'].district),
      `${rows.filter((r) => r.pass).length} / ${rows.length} 达标`,
    ]);
    expect(c.tables[0].rows.map((r) => r[0].text)).toEqual(rows.map((r) => r.name_zh));
  });

  it('lists a community\'s failing indicators and its categories below target, worst first', () => {
    for (const f of ds.communities.features) {
      const id = f.properties.id;
      const c = slideContent({ id: 'c', kind: 'community', community: id, title: '', camera: cam }, ctx());
      expect(c.title).toBe(f.properties.name);
      const failing = base.indicators.filter((r) => r.scope === id && r.pass === false).map((r) => r.name_zh);
      expect(c.tables[0].rows.map((r) => r[0].text)).toEqual(failing);
      const short = std.categories
        .map((s) => ({ s, cov: base.categories[s.id]?.byCommunity[id] }))
        .filter((x) => x.cov && x.cov.target > 0 && x.cov.share < x.s.target_coverage)
        .sort((a, b) => a.cov!.share - b.cov!.share);
      expect(c.tables[1].rows.length).toBe(short.length);
      expect(c.tables[1].rows.map((r) => r[1].text)).toEqual(short.map((x) => pct(x.cov!.share)));
    }
  });

  it('ranks communities weakest first in the summary and ends with the district', () => {
    const order = [...base.communities].sort((a, b) => base.completenessByCommunity['15'][a.id] - base.completenessByCommunity['15'][b.id]);
    const w = worstCommunities(ctx());
    expect(w.map((x) => x.completeness)).toEqual(order.map((c) => base.completenessByCommunity['15'][c.id]));
    const c = slideContent({ id: 's', kind: 'summary', title: '', camera: cam }, ctx());
    expect(c.tables[0].rows.length).toBe(base.communities.length + 1);
    expect(c.tables[0].rows.at(-1)![0].text).toBe('全区');
  });

  it('shows the plan before and after with the deltas of the two analyses', () => {
    const [w, s, east, n] = ds.meta.bbox;
    const plan: Scenario = {
      format: 'circletwin-scenario', version: 1, id: 'p', name: '方案甲', dataset: ds.meta.id, created: '', updated: '', revision: 1,
      changes: [{ kind: 'facility_add', id: 'a', category: 'health_station', name: '候选', capacity: 8000, position: [(w + east) / 2, (s + n) / 2], origin: 'manual' }],
      time_of_day: null, slides: [],
    };
    useScenario(e, plan);
    const after = analyze(e, std);
    useScenario(e, null);
    const slide: Slide = { id: 'p', kind: 'plan', title: '', camera: cam };
    const c = slideContent(slide, ctx({ analysis: after, baseline: base, plan }));
    const b = base.categories.health_station!.district.share, a = after.categories.health_station!.district.share;
    expect(a).toBeGreaterThan(b);
    expect(c.headline.map((h) => h.value)).toEqual([pct(b), pct(a), `+${((a - b) * 100).toFixed(1)} 个百分点`]);
    const row = c.tables[1].rows.find((r) => r[0].text === '社区卫生服务站')!;
    expect(row.map((x) => x.text)).toEqual(['社区卫生服务站', pct(b), pct(a), `+${((a - b) * 100).toFixed(1)} 个百分点`]);
    // Without a plan the slide says so rather than showing empty deltas.
    expect(slideContent(slide, ctx()).note).toContain('没有方案');
  });
});
