// What a planner reads instead of codes: export file names, attribute labels and values, indicator
// units, and engine messages in the chosen language. Expected texts are written out by hand.
import { describe, expect, it } from 'vitest';
import { exportFileName, localDate, safePart } from '../../src/panels/download.ts';
import { attributeRows, type AttributeContext } from '../../src/i18n/attributes.ts';
import { engineText } from '../../src/i18n/errors.ts';
import { inLanguage, translate } from '../../src/i18n/index.ts';
import { fmtIndicator } from '../../src/panels/format.ts';
import { EngineApi } from '../../workers/api.ts';
import { EngineCrashed } from '../../src/engine/client.ts';
import { parseScenarioGeoJson } from '../../workers/scenario/geojson.ts';
import { minutesProblem } from '../../workers/model/limits.ts';
import { parseStandards } from '../../workers/analysis/standards.ts';
import defaultTable from '../../data/standards/gb50180-2018.json';
import { SCENARIO_FORMAT, SCENARIO_VERSION, type Change, type Scenario } from '../../workers/scenario/types.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import { fixture, ll } from './fixtures.ts';

describe('export file names', () => {
  const at = new Date(2026, 11, 6, 23, 59);

  it('are dataset_plan_date_what.ext in safe characters, Chinese kept', () => {
    expect(exportFileName({ dataset: '集东区', scenario: '方案A', what: 'gaps', ext: 'geojson', at })).toBe('集东区_方案A_2026-12-06_gaps.geojson');
    expect(exportFileName({ dataset: '集东区（合成示例）', scenario: '方案 1', what: 'indicators', ext: 'csv', at }))
      .toBe('集东区_合成示例_方案_1_2026-12-06_indicators.csv');
    expect(exportFileName({ dataset: 'Jidong District (synthetic sample)', scenario: 'baseline', what: 'map_Health station', ext: 'png', at }))
      .toBe('Jidong_District_synthetic_sample_baseline_2026-12-06_map_Health_station.png');
  });

  it('take the local calendar day, not the UTC one', () => {
    expect(localDate(new Date(2026, 0, 1, 0, 5))).toBe('2026-01-01');
    expect(localDate(new Date(2026, 11, 31, 23, 55))).toBe('2026-12-31');
  });

  it('never carry path separators, reserved or control characters, or a leading dot', () => {
    const name = exportFileName({ dataset: '../../etc', scenario: 'a/b\\c:d*e?f"g<h>i|j\u0000k\nl', what: 'diff', ext: 'csv', at });
    expect(name).toBe('etc_a_b_c_d_e_f_g_h_i_j_k_l_2026-12-06_diff.csv');
    expect(safePart('...hidden')).toBe('hidden');
    expect(safePart('  ')).toBe('');
    expect(exportFileName({ dataset: '', scenario: '///', what: 'report', ext: 'html', at })).toBe('2026-12-06_report.html');
  });

  it('keep a long plan name to a bounded length', () => {
    const name = exportFileName({ dataset: '集东区', scenario: '长'.repeat(500), what: 'plan', ext: 'geojson', at });
    expect(name).toBe(`集东区_${'长'.repeat(60)}_2026-12-06_plan.geojson`);
  });
});

const district = {
  communities: { features: [{ properties: { id: 'xinhong', name: '新虹社区', name_en: 'Xinhong' } }] },
  compounds: { features: [{ properties: { id: 'Q001', name: '新虹一区', community: 'xinhong', gates: [] } }] },
} as unknown as Dataset;
const units: Record<string, string | null> = { nursery: 'places', green: 'm2', bus_stop: null };
const ctx = (lang: 'zh' | 'en'): AttributeContext => ({ lang, dataset: district, capacityUnit: (c) => units[c] ?? null });
const table = (rows: ReturnType<typeof attributeRows>) => Object.fromEntries(rows.map((r) => [r.label, r.value]));

describe('attribute labels', () => {
  const building = {
    id: 'B00001', community: 'xinhong', compound: 'Q001', floors: 13, height: 39.5, use: 'residential', households: 120, population: 300,
    age0_3: 9, age3_6: 8, age6_12: 20, age60plus: 71, cars: 60, _d: 412, _t: 300,
  };

  it('name each key in Chinese, ids as the data names them, numbers with units', () => {
    expect(table(attributeRows('building', building, ctx('zh')))).toEqual({
      编号: 'B00001', 所属社区: '新虹社区', 所属小区: '新虹一区', 用途: '住宅', 层数: '13 层', 高度: '39.5 m', 户数: '120 户', 常住人口: '300 人',
      '0–3岁儿童': '9 人', '3–6岁儿童': '8 人', '6–12岁儿童': '20 人', '60岁以上老人': '71 人', 小汽车: '60 辆',
    });
  });

  it('name each key in English, with the community in its English name', () => {
    expect(table(attributeRows('building', building, ctx('en')))).toEqual({
      ID: 'B00001', Community: 'Xinhong', Compound: '新虹一区', Use: 'Residential', Floors: '13', Height: '39.5 m', Households: '120',
      Residents: '300', 'Children 0–3': '9', 'Children 3–6': '8', 'Children 6–12': '20', 'Residents 60+': '71', Cars: '60',
    });
  });

  it('show a facility\'s category and status as words, its capacity in its unit, its name as the data has it', () => {
    const f = { id: 'F017', category: 'nursery', name: '兴华托育点', capacity: 40, status: 'existing', community: 'xinhong', compound: null };
    const zh = attributeRows('facility', f, ctx('zh'));
    expect(zh.map((r) => r.key)).toEqual(['name', 'category', 'status', 'capacity', 'community', 'compound', 'id']);
    expect(table(zh)).toEqual({ 名称: '兴华托育点', 类别: '托育（托儿所）', 状态: '现状', 容量: '40 个托位/学位', 所属社区: '新虹社区', 所属小区: '无（不在小区内）', 编号: 'F017' });
    expect(table(attributeRows('facility', { ...f, category: 'green', capacity: 4486 }, ctx('en')))).toMatchObject({
      Name: '兴华托育点', Category: 'Pocket park / green', Status: 'existing', Capacity: '4,486 m²', Compound: 'none (not in a compound)',
    });
    expect(table(attributeRows('facility', { ...f, category: 'bus_stop', capacity: null }, ctx('en')))).toMatchObject({ Capacity: '—' });
  });

  it('read a gap hexagon in the cohort it counts, without the engine\'s Chinese-only duplicates', () => {
    const gap = {
      category: 'nursery', category_name: '托育（托儿所）', community: 'xinhong', cohort: 'age0_3', uncovered: 12.4, uncovered_population: 310,
      uncovered_households: 120, uncovered_age0_3: 12, buildings: 7, mean_walk_m: 512.3, threshold_m: 300, circle: 5,
      standard: '托育（托儿所） ≤ 300 m (◐ Complete Community standard)', parking_deficit: 3.5,
    };
    const en = table(attributeRows('gap', gap, ctx('en')));
    expect(en).toEqual({
      Category: 'Nursery 0–3', Community: 'Xinhong', 'Target cohort': 'children 0–3', 'Uncovered target cohort': '12.4', 'Uncovered residents': '310',
      'Uncovered households': '120', 'Uncovered children 0–3': '12', Buildings: '7', 'Mean walk': '512.3 m', Threshold: '300 m', 'Living circle': '5 min',
      'Parking deficit': '3.5 spaces',
    });
    expect(table(attributeRows('gap', gap, ctx('zh')))).toMatchObject({ 未覆盖目标人群: '12.4 人', 目标人群: '0–3岁儿童', 生活圈: '5 分钟', 停车缺口: '3.5 个车位' });
  });

  it('keep an imported file\'s own columns under their own names', () => {
    const rows = attributeRows('facility', { id: 'x', 'addr:street': '学院路', open: true, tags: '{"a":1}' }, ctx('zh'));
    expect(table(rows)).toEqual({ 编号: 'x', 'addr:street': '学院路', open: '是', tags: '{"a":1}' });
  });

  it('a gate lists how many gates a compound has, not their coordinates as text', () => {
    const rows = attributeRows('compound', { id: 'Q001', name: '新虹一区', community: 'xinhong', gates: '[[117.3,31.86],[117.31,31.87]]' }, ctx('zh'));
    expect(table(rows)).toMatchObject({ 出入口: '2 个', 所属社区: '新虹社区' });
  });
});

describe('indicator values carry their unit', () => {
  it('in both languages', () => {
    expect(fmtIndicator(0.5, 'spaces/household', 'zh')).toBe('0.50 车位/户');
    expect(fmtIndicator(25, 'beds/1000', 'en')).toBe('25.0 beds/1000 aged 60+');
    expect(fmtIndicator(3.4512, 'km/km²', 'en')).toBe('3.45 km/km²');
    expect(fmtIndicator(0.183, 'share', 'zh')).toBe('18.3%');
    expect(fmtIndicator(0.667, 'ratio', 'en')).toBe('67%');
    expect(fmtIndicator(2, 'lanes', 'en')).toBe('2.00 lanes');
    expect(fmtIndicator(null, 'share', 'en')).toBe('—');
  });
});

describe('a message key the table lacks', () => {
  it('shows as itself instead of failing', () => {
    expect(translate('en', 'kind.nothing' as never)).toBe('kind.nothing');
  });
});

describe('a label recorded in one language', () => {
  it('is shown in the language chosen later, when it is one of the table\'s messages', () => {
    expect(inLanguage('en', '放置候选设施')).toBe('Place a candidate');
    expect(inLanguage('zh', 'Close street')).toBe('封闭道路');
    expect(inLanguage('zh', '放置候选设施')).toBe('放置候选设施');
  });
  it('stays as written otherwise (a plan\'s or a slide\'s own name)', () => {
    expect(inLanguage('en', '方案 1')).toBe('方案 1');
    expect(inLanguage('zh', 'My slide')).toBe('My slide');
  });
});

/** Latin words left in a Chinese message, other than quoted values (ids, names), the fixture's ids and format names. */
function englishLeft(zh: string): string[] {
  const allowed = /^(HH|MM|JSON|GeoJSON|FeatureCollection|circletwin|null|true|false|version|km)$/;
  const unquoted = zh.replace(/“[^”]*”|"[^"]*"/g, '');
  return (unquoted.match(/[A-Za-z][A-Za-z_]{2,}/g) ?? []).filter((w) => !allowed.test(w) && !/^(q|zz|fx)\d+$/.test(w));
}

describe('engine messages in the chosen language', () => {
  const ds = fixture({
    streets: [{ pts: [[0, 0], [400, 0]] }, { pts: [[200, -200], [200, 200]] }],
    buildings: [{ id: 'b1', at: [50, 20] }],
    facilities: [{ id: 'fx1', category: 'convenience', at: [300, 10] }],
    compounds: [{ id: 'q1', ring: [[20, 5], [120, 5], [120, 60], [20, 60], [20, 5]], gates: [[70, 5]] }],
  });
  const api = new EngineApi();
  api.load(ds);
  const messages: string[] = [];
  const caught = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      messages.push((e as Error).message);
      return;
    }
    throw new Error('expected an error');
  };
  caught(() => api.isochrone({ from: ll([5000, 5000]), minutes: [5] }));
  caught(() => api.isochrone({ facilityId: 'zz9', minutes: [5] }));
  caught(() => api.isochrone({ category: 'nursery', minutes: [5] }));
  caught(() => api.isochrone({ from: ll([10, 0]), minutes: [5, 5] }));
  caught(() => api.isochrone({ from: ll([10, 0]), minutes: Array.from({ length: 13 }, (_, k) => k + 1) }));
  caught(() => api.isochrone({ from: ll([10, 0]), minutes: [500] }));
  caught(() => api.isochrone({ minutes: [5] }));
  caught(() => api.dragMove(0, 0));
  caught(() => new EngineApi().exportFiles());
  const plan = (changes: Change[], time: string | null = null): Scenario => ({
    format: SCENARIO_FORMAT, version: SCENARIO_VERSION, id: 'plan1', name: 'p', dataset: ds.meta.id, created: '', updated: '', revision: 1,
    changes, time_of_day: time, slides: [],
  });
  const { problems } = api.setScenario(plan([
    { kind: 'facility_add', id: 'c1', category: 'nursery', name: '新托育', capacity: -3, position: ll([50, 50]), origin: 'manual', site_id: null },
    { kind: 'facility_add', id: 'c2', category: 'nursery', name: '远处托育', capacity: 10, position: ll([9000, 9000]), origin: 'manual', site_id: null },
    { kind: 'facility_move', id: 'c3', facility: 'zz9', position: ll([0, 0]) },
    { kind: 'way_close', id: 'c4', street: 'zz9', reason: '' },
    { kind: 'gate_state', id: 'c5', gate: 'zz9', open: false },
    { kind: 'gate_add', id: 'c6', compound: 'zz9', position: ll([0, 0]), hours: null },
    { kind: 'gate_add', id: 'c7', compound: 'q1', position: ll([70, 200]), hours: null },
    { kind: 'gate_hours', id: 'c8', gate: 'q1-gate1', hours: { open: '25:00', close: '06:00' } },
    { kind: 'path_add', id: 'c9', path_type: 'footpath', coordinates: [ll([10, 0]), ll([10.5, 0])], penalty_m: 0, name: '' },
    { kind: 'path_add', id: 'c10', path_type: 'footpath', coordinates: [ll([3000, 3000]), ll([3100, 3000])], penalty_m: 0, name: '' },
    { kind: 'path_add', id: 'c11', path_type: 'footpath', coordinates: [ll([10, 0]), ll([100, 100])], penalty_m: 5000, name: '' },
  ], '99:99'));
  messages.push(...problems.map((p) => p.message));
  api.setScenario(null);
  caught(() => parseScenarioGeoJson('{', ds.meta.id));
  caught(() => parseScenarioGeoJson('{"type":"Point"}', ds.meta.id));
  caught(() => parseScenarioGeoJson(JSON.stringify({ type: 'FeatureCollection', features: [], circletwin: { format: SCENARIO_FORMAT, version: 1, id: 'x', name: 'x', dataset: 'other' } }), ds.meta.id));
  caught(() => parseScenarioGeoJson(JSON.stringify({
    type: 'FeatureCollection', circletwin: { format: SCENARIO_FORMAT, version: 1, id: 'x', name: 'x', dataset: ds.meta.id },
    features: [{ type: 'Feature', id: 'a', geometry: null, properties: { change: 'facility_add', category: 'nursery' } }],
  }), ds.meta.id));
  caught(() => { throw new EngineCrashed('out of memory'); });
  messages.push(`Isochrone: ${minutesProblem([])}.`);
  caught(() => parseStandards({ ...structuredClone(defaultTable), version: 'x' }));

  it('cover the messages the engine really writes', () => {
    expect(messages.length).toBeGreaterThanOrEqual(25);
  });

  it('come out in Chinese with their numbers, ids and names kept', () => {
    for (const m of messages) {
      // What the JavaScript engine or the browser says inside a message (a JSON parse error, a worker's death) is theirs.
      const zh = engineText(m, 'zh').replace(/（(Expected|out of memory)[^）]*）/, '');
      expect(englishLeft(zh), `${m} → ${zh}`).toEqual([]);
      expect(zh, m).not.toMatch(/\.$/);
    }
    expect(engineText(messages[0], 'zh')).toBe('该点距其可使用的可步行道路超过 300 m（距步行网络过远）。');
    expect(engineText(messages[2], 'zh')).toBe('没有可达的托育（托儿所）。');
    expect(messages.map((m) => engineText(m, 'zh'))).toContain('“远处托育”距可使用的道路过远（距步行网络过远）');
  });

  it('come out in English without raw codes', () => {
    for (const m of messages) {
      const en = engineText(m, 'en');
      expect(en.match(/\b(too_far|compound_has_no_paths|invalid_coordinates|nursery|convenience)\b/g), en).toBeNull();
    }
    expect(engineText(messages[0], 'en')).toBe('The point is more than 300 m from any walkable street it may use (too far from the walking network).');
    expect(engineText(messages[2], 'en')).toBe('No reachable facility of category Nursery 0–3.');
  });

  it('leave text no rule knows as written', () => {
    expect(engineText('QuotaExceededError: the disk is full', 'zh')).toBe('QuotaExceededError: the disk is full');
  });
});
