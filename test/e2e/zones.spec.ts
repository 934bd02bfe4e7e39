import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, waitIdle } from './helpers.ts';

const LON0 = 116.33, LAT0 = 39.99, DX = 0.0035, DY = 0.0027;

/**
 * A small OSM district without community boundaries: a 4 × 4 grid of tertiary streets (9 blocks of
 * about 300 m) with residential lanes between, four 25-storey blocks of flats in each block and a
 * clinic. Each block holds about 4,400 estimated residents, so blocks are merged into zones.
 */
function osmXml(): string {
  const nodes: string[] = [], ways: string[] = [];
  let id = 1;
  const node = (lon: number, lat: number, tags = '') => {
    const n = id++;
    nodes.push(`<node id="${n}" lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}">${tags}</node>`);
    return n;
  };
  const way = (refs: number[], tags: string) => ways.push(`<way id="${id++}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${tags}</way>`);
  const grid: number[][] = [];
  for (let i = 0; i < 4; i++) { grid.push([]); for (let j = 0; j < 4; j++) grid[i].push(node(LON0 + i * DX, LAT0 + j * DY)); }
  for (let i = 0; i < 4; i++) way(grid[i], '<tag k="highway" v="tertiary"/><tag k="name" v="南北' + (i + 1) + '路"/>');
  for (let j = 0; j < 4; j++) way(grid.map((c) => c[j]), '<tag k="highway" v="tertiary"/><tag k="name" v="东西' + (j + 1) + '路"/>');
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      // A lane across the block, joined to the streets on both sides.
      const y = LAT0 + (j + 0.5) * DY;
      way([node(LON0 + i * DX, y), node(LON0 + (i + 1) * DX, y)], '<tag k="highway" v="residential"/>');
      for (const [u, v] of [[0.3, 0.25], [0.7, 0.25], [0.3, 0.75], [0.7, 0.75]]) {
        const x = LON0 + (i + u) * DX, yy = LAT0 + (j + v) * DY, h = 0.00022;
        const r = [node(x - h, yy - h), node(x + h, yy - h), node(x + h, yy + h), node(x - h, yy + h)];
        way([...r, r[0]], '<tag k="building" v="apartments"/><tag k="building:levels" v="25"/>');
      }
    }
  }
  node(LON0 + 1.5 * DX, LAT0 + 1.5 * DY + 0.0001, '<tag k="amenity" v="clinic"/><tag k="name" v="测试卫生站"/>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="e2e">\n${nodes.join('\n')}\n${ways.join('\n')}\n</osm>\n`;
}

async function scopeOptions(page: Page): Promise<string[]> {
  return page.getByTestId('indicators-panel').locator('select option').allTextContents();
}

/**
 * Clicks the map at a lon/lat with the real mouse, after checking that the map's canvas is what lies
 * there (not the legend, a control or a panel), so a click that would miss fails by name.
 */
async function clickMap(page: Page, lon: number, lat: number, double = false) {
  const p = await page.evaluate(([x, y]) => window.__circletwin!.map.project([x, y]), [lon, lat]);
  const box = (await page.getByTestId('map').boundingBox())!;
  const at = { x: box.x + p.x, y: box.y + p.y };
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.className ?? '', at);
  expect(hit, `the map canvas at ${lon}, ${lat}`).toContain('maplibregl-canvas');
  if (double) await page.mouse.dblclick(at.x, at.y);
  else await page.mouse.click(at.x, at.y);
}

async function waitAnalysis(page: Page) {
  await page.waitForFunction(() => {
    const s = window.__circletwin!.store.getState();
    return s.engineStatus === 'ready' && s.analysisStatus === 'done' && s.analysis !== null;
  }, null, { timeout: 60_000 });
}

const DRAWN = ['全区', '中心社区', '其他（手绘边界以外）'];

test('a dataset without boundaries gets street zones; a drawn boundary replaces them, undoes, is kept and exported', async ({ page }) => {
  const { errors, external } = await openApp(page);
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-files').setInputFiles({ name: 'zones-test.osm', mimeType: 'application/xml', buffer: Buffer.from(osmXml()) });
  await expect(page.getByTestId('import-start')).toBeEnabled();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-message')).toContainText('已导入并切换到该数据集');
  await expect(page.getByTestId('import-report')).toContainText('没有社区边界：以主要道路划分的');
  await expect(page.getByTestId('dataset-item')).toContainText('无社区边界：按主要道路划分片区');
  await page.getByRole('button', { name: '关闭' }).last().click();

  // Derived zones are the scopes: named 片区 n, said to be derived, in the indicator scopes.
  await waitAnalysis(page);
  await waitIdle(page);
  await expect(page.getByTestId('zones-source')).toContainText('由主要道路推导的');
  const derived = await scopeOptions(page);
  expect(derived[0]).toBe('全区');
  expect(derived.length).toBeGreaterThan(2);
  expect(derived.slice(1).every((o) => /^片区 \d+$/.test(o))).toBe(true);

  // Escape gives up an outline: no corners are kept and the map's clicks select again.
  await page.getByTestId('zones-draw').click();
  await expect(page.getByTestId('zones-hint')).toBeVisible();
  expect(await page.evaluate(() => window.__circletwin!.map.getCanvas().style.cursor)).toBe('crosshair');
  await clickMap(page, LON0 + 1.2 * DX, LAT0 + 1.2 * DY);
  await expect(page.getByTestId('zones-finish')).toContainText('1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('zones-hint')).toHaveCount(0);
  expect(await page.evaluate(() => window.__circletwin!.store.getState().boundaries.draft)).toEqual([]);
  expect(await page.evaluate(() => window.__circletwin!.map.getCanvas().style.cursor)).not.toBe('crosshair');

  // Draw round the middle block: three corners, a stray one taken back with Backspace, and a
  // double-click on the fourth to finish.
  await page.getByTestId('zones-draw').click();
  const x0 = LON0 + DX + 0.0002, x1 = LON0 + 2 * DX - 0.0002, y0 = LAT0 + DY + 0.0002, y1 = LAT0 + 2 * DY - 0.0002;
  await clickMap(page, x0, y0);
  await clickMap(page, x1, y0);
  await clickMap(page, x1, y1);
  await clickMap(page, LON0 + 2.5 * DX, LAT0 + 2.5 * DY);
  await expect(page.getByTestId('zones-finish')).toContainText('4');
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('zones-finish')).toContainText('3');
  await clickMap(page, x0, y1, true);
  await expect(page.getByTestId('zones-name-form')).toBeVisible();
  const ring = await page.evaluate(() => window.__circletwin!.store.getState().boundaries.pending!);
  expect(ring).toHaveLength(5);
  await page.getByTestId('zones-name-zh').fill('中心社区');
  await page.getByTestId('zones-name-en').fill('Centre');
  await page.getByTestId('zones-save').click();

  // The analysis reruns with the drawn boundary and 其他 as its scopes; the panel says how many are outside.
  await expect.poll(() => scopeOptions(page), { timeout: 60_000 }).toEqual(DRAWN);
  await expect(page.getByTestId('zones-source')).toContainText('您绘制的 1 个边界');
  await expect(page.getByTestId('zones-unassigned')).toContainText('32 栋建筑');
  await expect(page.getByTestId('zones-item')).toContainText('4 栋建筑');
  await waitAnalysis(page);
  // Which buildings stand in the block, from their own footprints (the corner average of a square).
  const inside = await page.evaluate(([a, b, c, d]) => window.__circletwin!.store.getState().dataset!.buildings.features.map((f) => {
    const r = (f.geometry as { coordinates: number[][][] }).coordinates[0].slice(0, -1);
    const x = r.reduce((s, p) => s + p[0], 0) / r.length, y = r.reduce((s, p) => s + p[1], 0) / r.length;
    return x > a && x < b && y > c && y < d;
  }), [x0, x1, y0, y1]);
  const scopes = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.buildingCommunity);
  expect(scopes.map((c) => (c.startsWith('drawn-') ? 'drawn' : c))).toEqual(inside.map((i) => (i ? 'drawn' : 'unassigned')));
  expect(inside.filter(Boolean)).toHaveLength(4);

  // indicators.csv has the drawn scope and 其他 with their residents and where each came from.
  const pops = await page.evaluate(() => window.__circletwin!.store.getState().dataset!.buildings.features.map((f) => f.properties.population));
  const [indDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-indicators').click()]);
  const rows = readFileSync((await indDl.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
  const col = (name: string) => rows[0].indexOf(name);
  const sum = (want: boolean) => Math.round(pops.reduce((s, p, k) => s + (inside[k] === want ? p : 0), 0));
  expect(rows.slice(1).map((r) => [r[col('community_name')], Math.round(Number(r[col('population')])), r[col('scope_source')]])).toEqual([
    ['中心社区', sum(true), 'drawn'], ['其他（手绘边界以外）', sum(false), 'unassigned'], [expect.any(String), sum(true) + sum(false), ''],
  ]);
  // The boundary itself as GeoJSON, in the communities layer's shape.
  const [geoDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('zones-export').click()]);
  expect(geoDl.suggestedFilename()).toMatch(/_communities-drawn\.geojson$/);
  const geo = JSON.parse(readFileSync((await geoDl.path())!, 'utf8'));
  expect(geo.features).toHaveLength(1);
  expect(geo.features[0].properties).toMatchObject({ name: '中心社区', name_en: 'Centre', buildings: 4, population: sum(true), source: 'drawn' });
  expect(geo.features[0].geometry.coordinates[0]).toEqual(ring);
  await waitIdle(page);
  await page.screenshot({ path: 'test-results/zones-drawn.png' });

  // Ctrl+Z takes the boundary back (the derived zones return), Ctrl+Shift+Z draws it again.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await scopeOptions(page)).slice(1).every((o) => /^片区 \d+$/.test(o)), { timeout: 60_000 }).toBe(true);
  await expect(page.getByTestId('zones-item')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => scopeOptions(page), { timeout: 60_000 }).toEqual(DRAWN);

  // Kept in IndexedDB with the dataset: after a reload it is still the scope in force.
  await page.reload();
  await page.waitForFunction(() => !!window.__circletwin?.map, null, { timeout: 60_000 });
  await expect(page.locator('.dataset-name')).toContainText('zones-test');
  await expect(page.getByTestId('zones-item')).toContainText('中心社区');
  await expect.poll(() => scopeOptions(page), { timeout: 60_000 }).toEqual(DRAWN);

  // Renamed, the scope follows; deleted, the derived zones return, and the panel's undo brings it back.
  await page.getByRole('button', { name: '改名 中心社区' }).click();
  await page.getByTestId('zones-rename-zh').fill('中心片');
  await page.getByTestId('zones-rename-save').click();
  await expect.poll(() => scopeOptions(page), { timeout: 60_000 }).toEqual(['全区', '中心片', '其他（手绘边界以外）']);
  await page.getByTestId('zones-delete').click();
  await expect(page.getByTestId('zones-notice')).toContainText('已删除边界');
  await expect.poll(async () => (await scopeOptions(page)).slice(1).every((o) => /^片区 \d+$/.test(o)), { timeout: 60_000 }).toBe(true);
  await page.getByTestId('zones-undo').click();
  await expect.poll(() => scopeOptions(page), { timeout: 60_000 }).toEqual(['全区', '中心片', '其他（手绘边界以外）']);

  // In English the scopes and the panel read in English.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect.poll(() => scopeOptions(page)).toEqual(['District', 'Centre', 'Other (outside the drawn boundaries)']);
  await expect(page.getByTestId('zones-source')).toContainText('boundaries you drew (1)');
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
});
