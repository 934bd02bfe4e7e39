import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, waitIdle } from './helpers.ts';

const SHOTS = process.env.SITING_SHOTS;

async function analysed(page: Page) {
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => !!window.__circletwin!.store.getState().analysis), { timeout: 60_000 }).toBe(true);
}

/** Resolves when the analysis in the store is the one of the plan in force as it now stands. */
async function planAnalysed(page: Page) {
  await expect.poll(() => page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    const p = s.scenarios.find((x) => x.id === s.activeScenarioId);
    return s.analysisStatus === 'done' && s.studio.analysed === (p ? `${p.id}@${p.revision}` : 'baseline');
  }), { timeout: 30_000 }).toBe(true);
}

function share(page: Page) {
  return page.evaluate(() => window.__circletwin!.store.getState().analysis!.categories.health_station!.district.share);
}

/** The district's health_station share from the CLI's indicators.csv. */
function cliShare(scenarioFile: string): number {
  const out = mkdtempSync(join(tmpdir(), 'siting-cli-'));
  execFileSync('npx', ['tsx', 'scripts/analyze.ts', '--data', 'data/jidong', '--scenario', scenarioFile, '--out', out], { stdio: 'pipe' });
  const lines = readFileSync(join(out, 'indicators.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const row = lines.find((l) => l.startsWith('district,'))!.split(',');
  return Number(row[head.indexOf('health_station_share')]);
}

/** Centres the map on the most populous home beyond any health station's reach and returns the canvas centre. */
async function centreOnUncovered(page: Page) {
  await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    const s = store.getState();
    const r = s.analysis!.categories.health_station!;
    let best = -1, pop = -1;
    s.dataset!.buildings.features.forEach((f, i) => {
      const p = Number((f.properties as { population?: number }).population ?? 0);
      if (!(r.dist[i] <= r.threshold_m * 2) && p > pop) { pop = p; best = i; }
    });
    const ring = (s.dataset!.buildings.features[best].geometry as { coordinates: number[][][] }).coordinates[0];
    const n = ring.length - 1;
    const lon = ring.slice(0, n).reduce((a, p) => a + p[0], 0) / n, lat = ring.slice(0, n).reduce((a, p) => a + p[1], 0) / n;
    map.jumpTo({ center: [lon, lat], zoom: 16 });
  });
  await waitIdle(page);
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function dragFromPalette(page: Page, category: string, to: { x: number; y: number }) {
  const item = page.getByTestId(`palette-${category}`);
  await item.scrollIntoViewIfNeeded();
  const b = (await item.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x - 40, to.y - 20, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  // Over the map the candidate is already placed and dragged: its live figures arrive before the drop.
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().live?.category ?? null)).toBe(category);
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().studio.dragging)).toBeNull();
}

test('a health station dragged onto an uncovered area raises coverage to the CLI figure; undo, reload and compare', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  const before = await share(page);
  const centre = await centreOnUncovered(page);
  await dragFromPalette(page, 'health_station', centre);

  // A plan is started (the baseline is never edited) and the analysis re-runs with the candidate.
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await planAnalysed(page);
  const after = await share(page);
  expect(after).toBeGreaterThan(before);
  await expect(page.getByTestId('district-share')).toContainText(`${(after * 100).toFixed(1)}%`);
  await expect(page.getByTestId('impact-candidate')).toBeVisible();
  const gained = await page.evaluate(() => window.__circletwin!.store.getState().studio.impact?.gained.total ?? 0);
  expect(gained).toBeGreaterThan(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/placed.png` });

  // The same plan through the CLI gives the same figure.
  const dir = mkdtempSync(join(tmpdir(), 'siting-e2e-'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
  const file = join(dir, 'plan.geojson');
  await download.saveAs(file);
  expect(cliShare(file)).toBeCloseTo(after, 4);

  // Undo takes the candidate (and the plan it started) back; redo brings both again.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(() => share(page)).toBe(before);
  await expect(page.getByTestId('plan-item')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await expect.poll(() => share(page)).toBe(after);

  // A reload keeps the plan and puts it back in force.
  await page.waitForTimeout(300);
  await page.reload();
  await analysed(page);
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await expect.poll(() => share(page), { timeout: 30_000 }).toBe(after);

  // Compare shows the district delta of the selected category against the baseline.
  await page.getByTestId('plan-compare').click();
  await expect(page.getByTestId('compare-panel')).toBeVisible();
  const delta = ((after - before) * 100).toFixed(1);
  await expect(page.getByTestId('compare-district-delta')).toHaveText(`+${delta}`);
  await expect(page.getByTestId('compare-changes')).toContainText('新增设施');
  // The map shows either side: "before" draws the baseline's walks, "after" the plan's.
  const drawnMatches = (side: 'baselineAnalysis' | 'analysis') => page.evaluate((key) => {
    const { map, store } = window.__circletwin!;
    const s = store.getState();
    const r = s[key]!.categories.health_station!;
    const index = new Map(s.dataset!.buildings.features.map((f, i) => [f.properties.id, i]));
    const drawn = map.queryRenderedFeatures({ layers: ['buildings-analysis'] });
    return drawn.length > 20 && drawn.every((f) => {
      const d = r.dist[index.get(f.properties.id as string)!];
      return f.properties._d === (Number.isFinite(d) ? Math.round(d) : -1);
    });
  }, side);
  await page.getByTestId('compare-panel').getByRole('button', { name: '对比前' }).click();
  await expect(page.getByTestId('compare-map-label')).toContainText('对比前');
  await waitIdle(page);
  await expect.poll(() => drawnMatches('baselineAnalysis')).toBe(true);
  expect(await drawnMatches('analysis')).toBe(false);
  await page.getByTestId('compare-panel').getByRole('button', { name: '对比后' }).click();
  await waitIdle(page);
  await expect.poll(() => drawnMatches('analysis')).toBe(true);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/compare.png` });
  // Swipe: the before map lies over the after map, clipped at a divider the keyboard moves too.
  await page.getByTestId('compare-swipe').click();
  await expect(page.getByTestId('swipe').locator('canvas')).toHaveCount(1);
  const slider = page.getByRole('slider', { name: '卷帘对比' });
  const x0 = Number(await slider.getAttribute('aria-valuenow'));
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', String(x0 + 2));
  await page.waitForTimeout(1500);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/swipe.png` });
  expect(await drawnMatches('analysis')).toBe(true);
  // The per-building difference: building_id, then each category's walk before and after.
  const [diff] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-diff').click()]);
  const csv = readFileSync((await diff.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const head = csv[0].split(',');
  expect(head[0]).toBe('building_id');
  expect(head).toContain('health_station_before_m');
  expect(head).toContain('health_station_after_m');
  expect(csv.length - 1).toBe(await page.evaluate(() => window.__circletwin!.store.getState().dataset!.buildings.features.length));
  const hb = head.indexOf('health_station_before_m'), ha = head.indexOf('health_station_after_m');
  expect(csv.slice(1).some((l) => { const c = l.split(','); return c[hb] !== c[ha]; })).toBe(true);
  expect(errors).toEqual([]);
});

test('a bad or foreign plan file is refused with its reason and changes nothing', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  const before = await share(page);
  const input = page.getByTestId('plan-import');
  await input.setInputFiles({ name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "FeatureCollection", "features": [') });
  await expect(page.getByTestId('plan-notice')).toContainText('broken.geojson');
  await expect(page.getByTestId('plan-notice')).toContainText('文件不是有效的 JSON');
  await input.setInputFiles({ name: 'roads.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [] })) });
  await expect(page.getByTestId('plan-notice')).toContainText('roads.geojson');
  await expect(page.getByTestId('plan-notice')).toContainText('不是生活圈孪生的方案文件');
  const foreign = {
    type: 'FeatureCollection',
    circletwin: { format: 'circletwin-scenario', version: 1, id: 'x', name: 'Elsewhere', dataset: 'another-city', revision: 1, time_of_day: null, slides: [] },
    features: [],
  };
  await input.setInputFiles({ name: 'other.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(foreign)) });
  await expect(page.getByTestId('plan-notice')).toContainText('another-city');
  await expect(page.getByTestId('plan-item')).toHaveCount(0);
  expect(await page.evaluate(() => window.__circletwin!.store.getState().activeScenarioId)).toBe('baseline');
  expect(await share(page)).toBe(before);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/refused.png` });
});

async function markerAt(page: Page, id: string) {
  return page.evaluate((changeId) => {
    const { map, store } = window.__circletwin!;
    const s = store.getState();
    const c = s.scenarios.find((p) => p.id === s.activeScenarioId)!.changes.find((x) => x.id === changeId) as { position: [number, number] };
    const p = map.project(c.position);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y, position: c.position };
  }, id);
}

test('a candidate dragged on the map updates coverage live, lands exactly, and moves by keyboard', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  await centreOnUncovered(page);
  // Keyboard placement: the palette button puts the candidate at the map's centre.
  await page.getByTestId('palette-health_station').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('candidate-editor')).toBeVisible();
  const id = await page.evaluate(() => window.__circletwin!.store.getState().studio.selected!);
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().studio.impact?.changeId)).toBe(id);
  const placedShare = await share(page);

  const from = await markerAt(page, id);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const seen: number[] = [];
  for (let k = 1; k <= 12; k++) {
    await page.mouse.move(from.x + k * 12, from.y + k * 4);
    await page.waitForTimeout(40);
    const live = await page.evaluate(() => {
      const s = window.__circletwin!.store.getState();
      return s.live ? { share: s.live.district.share, x: s.live.position[0] } : null;
    });
    if (live) seen.push(live.x);
  }
  // Updates arrived while the pointer moved, for more than one place, and the panel shows them.
  expect(new Set(seen).size).toBeGreaterThan(1);
  await expect(page.getByTestId('impact-candidate')).toContainText('实时');
  // The map's building colours follow the live walks.
  await waitIdle(page);
  const mismatched = await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    const s = store.getState();
    const index = new Map(s.dataset!.buildings.features.map((f, i) => [f.properties.id, i]));
    const drawn = map.queryRenderedFeatures({ layers: ['buildings-analysis'] });
    const bad = drawn.filter((f) => {
      const d = s.live!.dist[index.get(f.properties.id as string)!];
      return (f.properties._d as number) !== (Number.isFinite(d) ? Math.round(d) : -1);
    });
    return { drawn: drawn.length, bad: bad.length };
  });
  expect(mismatched.drawn).toBeGreaterThan(20);
  expect(mismatched.bad).toBe(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/dragging.png` });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().live)).toBeNull();
  const dropped = await markerAt(page, id);
  expect(dropped.position[0]).toBeGreaterThan(from.position[0]);
  // The live figure at the drop equals the exact analysis that follows it.
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().studio.impact?.position[0])).toBe(dropped.position[0]);
  const liveShare = await page.evaluate(() => window.__circletwin!.store.getState().studio.impact!.district.share);
  await expect.poll(() => share(page)).toBeCloseTo(liveShare, 12);
  expect(await share(page)).not.toBe(placedShare);

  // Arrow keys nudge 10 m (Shift 50 m); quick repeats are one undo step; Delete removes it.
  await page.locator('.maplibregl-canvas').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  const nudged = await markerAt(page, id);
  const metres = (a: number[], b: number[]) => [
    (b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (b[1] - a[1]) * 111_320,
  ];
  const [east, north] = metres(dropped.position, nudged.position);
  expect(east).toBeCloseTo(20, 0);
  expect(north).toBeCloseTo(50, 0);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await markerAt(page, id)).position).toEqual(dropped.position);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('candidate-editor')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().scenarios[0].changes.length)).toBe(0);
  expect(errors).toEqual([]);
});

test('suggested sites show their proven gap; accepted, they cover what the run promised', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  const panel = page.getByTestId('suggest-panel');
  await panel.scrollIntoViewIfNeeded();
  await page.getByTestId('suggest-category').selectOption('health_station');
  await page.getByTestId('suggest-k').fill('2');
  await page.getByTestId('suggest-run').click();
  await expect(page.getByTestId('suggest-result')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('suggest-gap')).toContainText('%');
  const r = await page.evaluate(() => window.__circletwin!.store.getState().studio.suggest.result!);
  expect(r.picks).toHaveLength(2);
  expect(r.optimality_gap).toBeGreaterThanOrEqual(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/suggest.png` });
  await page.getByTestId('suggest-accept-all').click();
  await expect.poll(() => page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    return s.scenarios.find((p) => p.id === s.activeScenarioId)?.changes.filter((c) => c.kind === 'facility_add' && c.origin === 'suggested').length ?? 0;
  })).toBe(2);
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().analysis!.categories.health_station!.district.covered))
    .toBeCloseTo(r.coveredAfter, 6);
  expect(errors).toEqual([]);
});

test('an existing facility is removed in a plan, never in the baseline, and a second tab follows', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  const before = await share(page);
  const station = await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    const f = store.getState().dataset!.facilities.features.find((x) => x.properties.category === 'health_station')!;
    map.jumpTo({ center: (f.geometry as { coordinates: [number, number] }).coordinates, zoom: 17 });
    return f.properties.id;
  });
  await waitIdle(page);
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('existing-facility')).toBeVisible();
  await page.getByTestId('existing-remove').click();
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await expect.poll(() => share(page)).toBeLessThan(before);
  const plan = await page.evaluate(() => window.__circletwin!.store.getState().scenarios[0]);
  expect(plan.changes).toEqual([expect.objectContaining({ kind: 'facility_remove', facility: station })]);
  // The dataset itself still has the station; the map hides it and marks where it was.
  expect(await page.evaluate((id) => window.__circletwin!.store.getState().dataset!.facilities.features.some((f) => f.properties.id === id), station)).toBe(true);
  await waitIdle(page);
  const marks = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['plan-points'] }).map((f) => f.properties.kind));
  expect(marks).toContain('remove');

  // A second tab sees the plan, and a rename there reaches this tab.
  const other = await page.context().newPage();
  await openApp(other);
  await expect(other.getByTestId('plan-item')).toHaveCount(1);
  await other.getByTestId('plan-item').getByRole('button', { name: '重命名' }).click();
  await other.getByLabel('方案名称').fill('撤站方案');
  await other.getByLabel('方案名称').press('Enter');
  await expect(page.getByTestId('plan-item')).toContainText('撤站方案');
  await expect(page.getByTestId('plan-notice')).toContainText('撤站方案');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/removed.png` });
  await other.close();
  expect(errors).toEqual([]);
});

test('sites can be suggested from network points inside a drawn area', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  await centreOnUncovered(page);
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.getByTestId('suggest-panel').scrollIntoViewIfNeeded();
  await page.getByLabel('使用备选用地图层').uncheck();
  await page.getByLabel('以及绘制范围内的路网点').check();
  await page.getByRole('button', { name: '绘制范围' }).click();
  const corners = [[-150, -150], [150, -150], [150, 150], [-150, 150]];
  for (const [dx, dy] of corners) await page.mouse.click(cx + dx, cy + dy);
  await page.keyboard.press('Enter');
  const area = await page.evaluate(() => window.__circletwin!.store.getState().studio.suggest.area);
  expect(area).toHaveLength(4);
  await page.getByTestId('suggest-k').fill('1');
  await page.getByTestId('suggest-run').click();
  await expect(page.getByTestId('suggest-result')).toBeVisible({ timeout: 60_000 });
  const r = await page.evaluate(() => window.__circletwin!.store.getState().studio.suggest.result!);
  expect(r.picks).toHaveLength(1);
  expect(r.picks[0].site_id).toBeNull();
  // The pick lies inside the drawn square.
  const [lon, lat] = r.picks[0].position;
  const lons = area.map((p) => p[0]), lats = area.map((p) => p[1]);
  expect(lon).toBeGreaterThanOrEqual(Math.min(...lons));
  expect(lon).toBeLessThanOrEqual(Math.max(...lons));
  expect(lat).toBeGreaterThanOrEqual(Math.min(...lats));
  expect(lat).toBeLessThanOrEqual(Math.max(...lats));
  expect(r.coveredAfter).toBeGreaterThan(r.coveredBefore);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/area.png` });
  expect(errors).toEqual([]);
});

test('plans are created, duplicated, switched and deleted only after confirmation; undo brings a deleted plan back', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  await page.getByTestId('plan-new').click();
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await page.getByTestId('plan-item').first().getByRole('button', { name: '复制' }).click();
  await expect(page.getByTestId('plan-item')).toHaveCount(2);
  await expect(page.getByTestId('plan-item').nth(1)).toContainText('方案 1 （副本）');
  // The copy is in force; switching back is one click on the radio.
  await page.getByTestId('plan-item').first().getByRole('radio').check();
  const first = await page.evaluate(() => window.__circletwin!.store.getState().scenarios[0].id);
  expect(await page.evaluate(() => window.__circletwin!.store.getState().activeScenarioId)).toBe(first);
  const copy = page.getByTestId('plan-item').nth(1);
  await copy.getByRole('button', { name: '删除' }).click();
  await expect(copy.getByRole('alertdialog')).toContainText('确认删除方案');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('plan-item')).toHaveCount(2);
  await copy.getByRole('button', { name: '删除' }).click();
  await copy.getByRole('alertdialog').getByRole('button', { name: '删除' }).click();
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await page.getByTestId('plan-undo').click();
  await expect(page.getByTestId('plan-item')).toHaveCount(2);
  await page.waitForTimeout(300);
  await page.reload();
  await analysed(page);
  await expect(page.getByTestId('plan-item')).toHaveCount(2);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/plans.png` });
  expect(errors).toEqual([]);
});
