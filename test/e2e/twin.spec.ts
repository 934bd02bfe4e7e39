import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openAppAt, waitIdle } from './twinHelpers.ts';

const SHOTS = process.env.TWIN_SHOTS;

async function analysed(page: Page) {
  await expect.poll(() => page.evaluate(() => !!window.__circletwin!.store.getState().analysis), { timeout: 60_000 }).toBe(true);
}

/** Waits until the twin has drawn a frame with its latest building colours. */
async function coloursDrawn(page: Page) {
  await expect.poll(() => page.evaluate(() => {
    const t = window.__circletwin!.twin!;
    return t.colourVersion > 0 && t.drawnVersion === t.colourVersion;
  }), { timeout: 30_000 }).toBe(true);
}

/**
 * Share of canvas pixels in the colours the twin gives buildings under `covered`: red (not covered)
 * or green (covered), allowing for the light and shade on the extruded faces.
 */
async function buildingPixels(page: Page): Promise<{ red: number; green: number; nonBlank: number }> {
  return page.evaluate(() => {
    const src = window.__circletwin!.map.getCanvas();
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const g = c.getContext('2d')!;
    g.drawImage(src, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let red = 0, green = 0, nonBlank = 0;
    const first = [d[0], d[1], d[2]];
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i], gr = d[i + 1], b = d[i + 2];
      if (Math.abs(r - first[0]) + Math.abs(gr - first[1]) + Math.abs(b - first[2]) > 30) nonBlank++;
      if (r > 110 && gr < 0.45 * r && b < 0.45 * r) red++;
      if (gr > 80 && r < 0.45 * gr && b < 0.75 * gr) green++;
    }
    const n = d.length / 4;
    return { red: red / n, green: green / n, nonBlank: nonBlank / n };
  });
}

test('?view=3d opens the twin tilted with extruded, coloured buildings; a category change recolours them', async ({ page }) => {
  const { errors } = await openAppAt(page, '/?view=3d&category=convenience&scenario=plan-gone');
  await analysed(page);
  await waitIdle(page);
  // The link named a plan this browser does not have: the baseline is shown, and the map says so.
  await expect(page.getByTestId('twin-controls').getByRole('alert')).toContainText('链接中的方案不存在: plan-gone');
  expect(await page.evaluate(() => window.__circletwin!.store.getState().activeScenarioId)).toBe('baseline');
  expect(await page.evaluate(() => window.__circletwin!.map.getPitch())).toBeGreaterThan(30);
  await expect(page.getByTestId('view-3d')).toHaveAttribute('aria-pressed', 'true');
  // The renderer is named, and in software rendering the twin says it draws fewer effects.
  const probe = await page.evaluate(() => ({ renderer: window.__circletwin!.twin!.renderer, software: window.__circletwin!.twin!.software }));
  expect(probe.renderer.length).toBeGreaterThan(0);

  // Covered green and uncovered red, so the buildings are easy to find among the map's colours.
  await page.getByTestId('twin-metric').selectOption('covered');
  await coloursDrawn(page);
  await waitIdle(page);
  const px = await buildingPixels(page);
  expect(px.nonBlank).toBeGreaterThan(0.3);
  expect(px.red).toBeGreaterThan(0.005);
  expect(px.green).toBeGreaterThan(0.0005);
  // With the buildings layer off the same colours (almost) vanish: they were the extruded buildings.
  await page.evaluate(() => window.__circletwin!.store.setState((s) => ({ layers: { ...s.layers, buildings: false } })));
  await waitIdle(page);
  const off = await buildingPixels(page);
  expect(off.red).toBeLessThan(px.red / 3);
  await page.evaluate(() => window.__circletwin!.store.setState((s) => ({ layers: { ...s.layers, buildings: true } })));
  await coloursDrawn(page);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/twin-3d.png` });

  // Each building's colour follows the analysis: covered exactly when within the threshold.
  const check = () => page.evaluate(() => {
    const w = window.__circletwin!;
    const s = w.store.getState();
    const r = s.analysis!.categories[s.category]!;
    const col = w.twin!.colours();
    let wrong = 0, covered = 0;
    s.dataset!.buildings.features.forEach((f, i) => {
      if (!(f.properties.population > 0)) return;
      const isGreen = col[4 * i + 1] > col[4 * i];
      if (isGreen !== (r.dist[i] <= r.threshold_m)) wrong++;
      if (isGreen) covered++;
    });
    return { wrong, covered };
  });
  const conv = await check();
  expect(conv.wrong).toBe(0);
  await page.getByTestId('category-select').selectOption('kindergarten');
  await coloursDrawn(page);
  const kg = await check();
  expect(kg.wrong).toBe(0);
  expect(kg.covered).not.toBe(conv.covered);
  // The address bar holds the view, so the link reopens it.
  await expect.poll(() => page.evaluate(() => location.search)).toContain('category=kindergarten');
  expect(await page.evaluate(() => location.search)).toContain('view=3d');
  // A community preset frames that community, tilted; north-up turns the bearing back to 0.
  const community = await page.evaluate(() => window.__circletwin!.store.getState().dataset!.communities.features[3].properties);
  await page.getByTestId('camera-preset').selectOption(community.id);
  await waitIdle(page);
  const inside = await page.evaluate((id) => {
    const { map, store } = window.__circletwin!;
    const ring = store.getState().dataset!.communities.features.find((f) => f.properties.id === id)!.geometry.coordinates[0];
    const c = map.getCenter();
    const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
    return { inBox: c.lng > Math.min(...xs) && c.lng < Math.max(...xs) && c.lat > Math.min(...ys) && c.lat < Math.max(...ys), pitch: map.getPitch(), bearing: map.getBearing() };
  }, community.id);
  expect(inside.inBox).toBe(true);
  expect(inside.pitch).toBeGreaterThan(30);
  expect(inside.bearing).not.toBe(0);
  await page.getByRole('button', { name: /正北朝上/ }).click();
  await expect.poll(() => page.evaluate(() => window.__circletwin!.map.getBearing())).toBe(0);
  // The view as PNG from the twin's controls.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('view-png').click()]);
  expect([...readFileSync((await png.path())!).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  expect(errors).toEqual([]);
});

test('dragging a candidate in 3D recolours the buildings live and at the drop', async ({ page }) => {
  const { errors } = await openAppAt(page, '/?view=3d&category=health_station');
  await analysed(page);
  await page.getByTestId('twin-metric').selectOption('covered');
  // Centre on the most populous home out of any health station's reach, still tilted.
  await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    const s = store.getState();
    const r = s.analysis!.categories.health_station!;
    let best = -1, pop = -1;
    s.dataset!.buildings.features.forEach((f, i) => {
      if (!(r.dist[i] <= r.threshold_m * 2) && f.properties.population > pop) { pop = f.properties.population; best = i; }
    });
    const ring = s.dataset!.buildings.features[best].geometry.coordinates[0];
    const n = ring.length - 1;
    map.jumpTo({ center: [ring.slice(0, n).reduce((a, p) => a + p[0], 0) / n, ring.slice(0, n).reduce((a, p) => a + p[1], 0) / n], zoom: 16 });
  });
  await waitIdle(page);
  expect(await page.evaluate(() => window.__circletwin!.map.getPitch())).toBeGreaterThan(30);
  await page.getByTestId('palette-health_station').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('candidate-editor')).toBeVisible();
  const id = await page.evaluate(() => window.__circletwin!.store.getState().studio.selected!);
  const greens = () => page.evaluate(() => {
    const w = window.__circletwin!;
    const col = w.twin!.colours();
    const s = w.store.getState();
    let n = 0;
    s.dataset!.buildings.features.forEach((f, i) => { if (f.properties.population > 0 && col[4 * i + 1] > col[4 * i]) n++; });
    return n;
  });
  // The placed candidate covers homes: the twin shows more green than the baseline's few.
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().activeScenarioId)).not.toBe('baseline');
  await coloursDrawn(page);
  const placed = await greens();
  expect(placed).toBeGreaterThan(0);
  const from = await page.evaluate((cid) => {
    const { map, store } = window.__circletwin!;
    const c = store.getState().scenarios.flatMap((p) => p.changes).find((x) => x.id === cid) as { position: [number, number] };
    const p = map.project(c.position);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, id);
  const v0 = await page.evaluate(() => window.__circletwin!.twin!.colourVersion);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(from.x + k * 25, from.y - k * 8);
  await expect.poll(() => page.evaluate(() => !!window.__circletwin!.store.getState().live)).toBe(true);
  // While the pointer is held, the twin's colours come from the live update, as the 2D map's do.
  await expect.poll(() => page.evaluate(() => {
    const w = window.__circletwin!;
    const s = w.store.getState();
    const live = s.live!;
    const col = w.twin!.colours();
    let wrong = 0;
    s.dataset!.buildings.features.forEach((f, i) => {
      if (f.properties.population > 0 && (col[4 * i + 1] > col[4 * i]) !== (live.dist[i] <= 300)) wrong++;
    });
    return wrong;
  })).toBe(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/twin-drag.png` });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().live)).toBeNull();
  await coloursDrawn(page);
  expect(await page.evaluate(() => window.__circletwin!.twin!.colourVersion)).toBeGreaterThan(v0 + 1);
  // After the drop the colours equal the exact analysis of the plan.
  const exact = await page.evaluate(() => {
    const w = window.__circletwin!;
    const s = w.store.getState();
    const r = s.analysis!.categories.health_station!;
    const col = w.twin!.colours();
    let wrong = 0;
    s.dataset!.buildings.features.forEach((f, i) => {
      if (f.properties.population > 0 && (col[4 * i + 1] > col[4 * i]) !== (r.dist[i] <= r.threshold_m)) wrong++;
    });
    return wrong;
  });
  expect(exact).toBe(0);
  expect(await greens()).not.toBe(placed);
  // The drop lit up the buildings it newly brought within the threshold.
  expect(await page.evaluate(() => window.__circletwin!.twin!.lastGlow)).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('the briefing steps through every slide by keyboard with the analysis numbers, leaves with Escape, and exports the report', async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = await openAppAt(page, '/');
  await analysed(page);
  await page.getByTestId('open-briefing').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  const counter = page.getByTestId('slide-counter');
  await expect(counter).toContainText('第 1 /');
  const total = Number((await counter.textContent())!.match(/\/ (\d+)/)![1]);
  const communities = await page.evaluate(() => window.__circletwin!.store.getState().dataset!.communities.features.length);
  // District overview, one slide per community, the summary (no plan in force).
  expect(total).toBe(communities + 2);
  const keys = ['ArrowRight', 'PageDown', ' ', 'ArrowDown'];
  for (let i = 0; i < total; i++) {
    await expect(counter).toContainText(`第 ${i + 1} / ${total} 页`);
    const expected = await page.evaluate(() => {
      const s = window.__circletwin!.store.getState();
      const a = s.analysis!;
      const el = document.querySelector('[data-testid=slide]') as HTMLElement;
      const kind = el.dataset.kind!;
      const scope = kind === 'community' ? el.dataset.community! : 'district';
      const rows = a.indicators.filter((r) => r.scope === scope);
      const cov = scope === 'district' ? a.categories[s.category]!.district : a.categories[s.category]!.byCommunity[scope];
      const pct = (v: number) => `${(v * 100).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
      return { kind, indicators: `${rows.filter((r) => r.pass).length} / ${rows.length} 达标`, coverage: pct(cov.share), comp: pct(a.completenessByCommunity['15'][scope]) };
    });
    const head = page.getByTestId('slide-headline');
    await expect(head).toContainText(expected.indicators);
    await expect(head).toContainText(expected.coverage);
    await expect(head).toContainText(expected.comp);
    if (SHOTS && i < 2) await page.screenshot({ path: `${SHOTS}/brief-${i + 1}.png` });
    if (i < total - 1) await page.keyboard.press(keys[i % keys.length]);
  }
  // At the end a further key stays on the last slide; PageUp and the left arrow go back.
  await page.keyboard.press('ArrowRight');
  await expect(counter).toContainText(`第 ${total} / ${total} 页`);
  await page.keyboard.press('PageUp');
  await expect(counter).toContainText(`第 ${total - 1} / ${total} 页`);
  await page.keyboard.press('ArrowLeft');
  await expect(counter).toContainText(`第 ${total - 2} / ${total} 页`);
  await expect.poll(() => page.evaluate(() => location.search)).toContain(`slide=${total - 2}`);

  // The report: one section with a map image per slide and the indicator tables.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), page.getByTestId('export-report').click()]);
  const html = readFileSync((await download.path())!, 'utf8');
  const indicators = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.indicators.filter((r) => r.scope === 'district'));
  expect(html).toContain('@page{size:A4');
  expect(html.match(/<section>/g)!.length).toBe(total);
  expect(html.match(/<img [^>]*src="data:image\/jpeg;base64,/g)!.length).toBe(total);
  expect(html).not.toMatch(/src="https?:/);
  for (const r of indicators) expect(html).toContain(`<td>${r.name_zh}</td>`);
  expect((html.match(/<table>/g) ?? []).length).toBeGreaterThanOrEqual(total);

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('briefing')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => location.search)).not.toContain('brief=1');
  expect(errors).toEqual([]);
});

test('a link with ?brief=1&slide=2 opens that slide; ?overview=1 opens the overview with the analysis figures', async ({ page }) => {
  await openAppAt(page, '/?brief=1&slide=2');
  await analysed(page);
  await expect(page.getByTestId('slide-counter')).toContainText('第 2 /');
  await expect(page.getByTestId('slide')).toHaveAttribute('data-kind', 'community');
  // The PNG of the current view: the whole map canvas plus a caption band below it.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const bytes = readFileSync((await png.path())!);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const canvas = await page.evaluate(() => ({ w: window.__circletwin!.map.getCanvas().width, h: window.__circletwin!.map.getCanvas().height }));
  expect(bytes.readUInt32BE(16)).toBe(canvas.w);
  expect(bytes.readUInt32BE(20)).toBeGreaterThan(canvas.h);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('briefing')).toHaveCount(0);
  await openAppAt(page, '/?overview=1&category=health_station');
  await analysed(page);
  const ov = page.getByTestId('overview');
  await expect(ov).toBeVisible();
  const share = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.categories.health_station!.district.share);
  await expect(page.getByTestId('overview-headline')).toContainText(`${(share * 100).toFixed(1)}%`);
  const n = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.communities.length);
  await expect(page.getByTestId('overview-worst').locator('li')).toHaveCount(n);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/overview.png` });
  await page.getByTestId('leave-overview').click();
  await expect(ov).toHaveCount(0);
});

test('with a plan the briefing shows before/after from the two analyses; slides added and reordered are saved with the plan', async ({ page }) => {
  test.setTimeout(240_000);
  const { errors } = await openAppAt(page, '/?category=health_station');
  await analysed(page);
  await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    const s = store.getState();
    const r = s.analysis!.categories.health_station!;
    let best = -1, pop = -1;
    s.dataset!.buildings.features.forEach((f, i) => {
      if (!(r.dist[i] <= r.threshold_m * 2) && f.properties.population > pop) { pop = f.properties.population; best = i; }
    });
    map.jumpTo({ center: s.dataset!.buildings.features[best].geometry.coordinates[0][0], zoom: 16 });
  });
  await waitIdle(page);
  await page.getByTestId('palette-health_station').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    return s.activeScenarioId !== 'baseline' && !!s.baselineAnalysis && s.analysisStatus === 'done'
      && s.analysis!.categories.health_station!.district.share > s.baselineAnalysis.categories.health_station!.district.share;
  }), { timeout: 60_000 }).toBe(true);

  // The overview lists what the plan changes: the health-station indicator, before → after.
  await page.getByTestId('open-overview').click();
  const ind = await page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    const f = (v: number) => `${(v * 100).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    const pick = (a: typeof s.analysis) => a!.indicators.find((r) => r.scope === 'district' && r.id === 'health_station_coverage')!.value!;
    return `${f(pick(s.baselineAnalysis))} → ${f(pick(s.analysis))}`;
  });
  await expect(page.getByTestId('overview-deltas').locator('li', { hasText: '卫生服务站覆盖率' })).toContainText(ind);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/overview-plan.png` });
  await page.getByTestId('leave-overview').click();

  await page.getByTestId('open-briefing').click();
  const counter = page.getByTestId('slide-counter');
  const communities = await page.evaluate(() => window.__circletwin!.store.getState().dataset!.communities.features.length);
  const total = communities + 3;
  await expect(counter).toContainText(`第 1 / ${total} 页`);
  await page.keyboard.press('End');
  await expect(page.getByTestId('slide')).toHaveAttribute('data-kind', 'summary');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('slide')).toHaveAttribute('data-kind', 'plan');
  const expected = await page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    const b = s.baselineAnalysis!.categories.health_station!.district.share, a = s.analysis!.categories.health_station!.district.share;
    const f = (v: number) => v.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return [`${f(b * 100)}%`, `${f(a * 100)}%`, `+${f((a - b) * 100)} 个百分点`];
  });
  const values = await page.getByTestId('slide-headline').locator('dd').allTextContents();
  expect(values).toEqual(expected);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/brief-plan.png` });

  // Add the current view after the plan slide, then move it one up: both are edits of the plan.
  await page.getByRole('button', { name: '幻灯片' }).click();
  await page.getByTestId('add-view-slide').click();
  await expect(counter).toContainText(`第 ${total} / ${total + 1} 页`);
  await expect(page.getByTestId('slide')).toHaveAttribute('data-kind', 'view');
  await page.getByTestId('slide-editor').locator('li').nth(total - 1).getByRole('button', { name: '上移' }).click();
  const saved = () => page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    return s.scenarios.find((p) => p.id === s.activeScenarioId)!.slides.map((x) => x.kind);
  });
  await expect.poll(saved).toHaveLength(total + 1);
  const kinds = await saved();
  expect(kinds.slice(-4)).toEqual(['community', 'view', 'plan', 'summary']);

  // Once the plan is stored (IndexedDB, written in the background), a reload brings back the plan,
  // its slides and the briefing (from the URL).
  const planId = await page.evaluate(() => window.__circletwin!.store.getState().activeScenarioId);
  await expect.poll(() => page.evaluate((id) => new Promise<string[]>((resolve, reject) => {
    const req = indexedDB.open('circletwin-scenarios');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const get = req.result.transaction('scenarios').objectStore('scenarios').get(id);
      get.onsuccess = () => resolve(((get.result?.slides ?? []) as Array<{ kind: string }>).map((x) => x.kind));
      get.onerror = () => reject(get.error);
    };
  }), planId)).toEqual(kinds);
  await page.reload();
  await page.waitForFunction(() => !!window.__circletwin?.twin, null, { timeout: 60_000 });
  await analysed(page);
  await expect(page.getByTestId('briefing')).toBeVisible();
  await expect(counter).toContainText(`/ ${total + 1} 页`);
  await expect.poll(saved).toEqual(kinds);
  expect(errors).toEqual([]);
});
