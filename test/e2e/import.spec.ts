import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers.ts';

/** A small OSM district near Wudaokou: a street grid, a row of flats, a clinic and a shop. */
function osmXml(): string {
  const nodes: string[] = [], ways: string[] = [];
  let id = 1;
  const node = (lon: number, lat: number, tags = '') => {
    const n = id++;
    nodes.push(tags ? `<node id="${n}" lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}">${tags}</node>` : `<node id="${n}" lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"/>`);
    return n;
  };
  const way = (refs: number[], tags: string) => ways.push(`<way id="${id++}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${tags}</way>`);
  const lon0 = 116.33, lat0 = 39.99, dx = 0.0012, dy = 0.0009;
  const grid: number[][] = [];
  for (let i = 0; i < 5; i++) { grid.push([]); for (let j = 0; j < 5; j++) grid[i].push(node(lon0 + i * dx, lat0 + j * dy)); }
  for (let i = 0; i < 5; i++) way(grid[i], '<tag k="highway" v="residential"/>');
  for (let j = 0; j < 5; j++) way(grid.map((c) => c[j]), '<tag k="highway" v="residential"/>');
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const x = lon0 + (i + 0.5) * dx, y = lat0 + (j + 0.5) * dy, h = 0.00015;
      const r = [node(x - h, y - h), node(x + h, y - h), node(x + h, y + h), node(x - h, y + h)];
      way([...r, r[0]], `<tag k="building" v="apartments"/><tag k="building:levels" v="${6 + i}"/>`);
    }
  }
  node(lon0 + 0.0001, lat0 + 0.0001, '<tag k="amenity" v="clinic"/><tag k="name" v="测试卫生站"/>');
  node(lon0 + 2 * dx + 0.0001, lat0 + 2 * dy, '<tag k="shop" v="convenience"/><tag k="name" v="测试便利店"/>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="e2e">\n${nodes.join('\n')}\n${ways.join('\n')}\n</osm>\n`;
}

async function openImport(page: Page) {
  await page.getByTestId('import-open').click();
  await expect(page.getByRole('heading', { name: '导入与管理数据集' })).toBeVisible();
}

test('imports an OSM file in a worker, keeps it in IndexedDB, switches and deletes it', async ({ page }) => {
  const { errors, external } = await openApp(page);
  await openImport(page);
  await page.getByTestId('import-files').setInputFiles({ name: 'wudaokou-test.osm', mimeType: 'application/xml', buffer: Buffer.from(osmXml()) });
  await expect(page.getByTestId('import-start')).toBeEnabled();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-message')).toContainText('已导入并切换到该数据集');
  await expect(page.getByTestId('import-report')).toContainText('16 栋住宅建筑缺少人口：按占地面积 × 层数 ÷ 人均建筑面积估算');
  await expect(page.locator('.dataset-name')).toContainText('wudaokou-test');
  await expect(page.locator('.dataset-name')).toContainText('© OpenStreetMap contributors');
  const item = page.getByTestId('dataset-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('16 栋建筑');
  await expect(item).toContainText('16 栋建筑人口为估算');
  await expect(item).toContainText('无社区边界');
  await page.screenshot({ path: 'test-results/import-dialog.png' });
  await page.getByRole('button', { name: '关闭' }).last().click();

  // The engine analyses the imported streets: every building reaches the clinic.
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-status', 'ready');
  await page.waitForFunction(() => window.__circletwin!.store.getState().analysis !== null, null, { timeout: 30_000 });
  const reached = await page.evaluate(() => {
    const a = window.__circletwin!.store.getState().analysis as unknown as { buildings?: { ids: string[] } } | null;
    const ds = window.__circletwin!.store.getState().dataset!;
    return { buildings: ds.buildings.features.length, analysed: a !== null, estimated: ds.buildings.features.every((f) => (f.properties as unknown as Record<string, unknown>).population_estimated === true) };
  });
  expect(reached).toEqual({ buildings: 16, analysed: true, estimated: true });
  await page.screenshot({ path: 'test-results/import-map.png' });

  // Kept across a reload, and the app opens with it; switch to the sample and back.
  await page.reload();
  await page.waitForFunction(() => !!window.__circletwin?.map, null, { timeout: 60_000 });
  await expect(page.locator('.dataset-name')).toContainText('wudaokou-test');
  await openImport(page);
  await expect(page.getByTestId('dataset-item')).toHaveCount(1);
  await page.getByRole('button', { name: '使用' }).first().click();
  await expect(page.locator('.dataset-name')).toContainText('集东区');
  await page.getByTestId('dataset-item').getByRole('button', { name: '使用' }).click();
  await expect(page.locator('.dataset-name')).toContainText('wudaokou-test');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('dataset-item').getByRole('button', { name: /删除/ }).click();
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
  await expect(page.locator('.dataset-name')).toContainText('集东区');
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
});

test('a failed import says why and changes nothing loaded', async ({ page }) => {
  await openApp(page);
  await openImport(page);
  const before = await page.evaluate(() => window.__circletwin!.store.getState().dataset!.meta.id);
  const cut = osmXml();
  await page.getByTestId('import-files').setInputFiles({ name: 'broken.osm', mimeType: 'application/xml', buffer: Buffer.from(cut.slice(0, cut.indexOf('<way'))) });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-message')).toContainText('导入失败，已加载的数据未改变');
  await expect(page.getByTestId('import-message')).toContainText('broken.osm: OSM XML 文件不完整');
  expect(await page.evaluate(() => window.__circletwin!.store.getState().dataset!.meta.id)).toBe(before);

  // Streets only, no buildings: refused with the validator's message.
  const noBuildings = cut.replace(/<way id="\d+">(?:(?!<\/way>).)*building(?:(?!<\/way>).)*<\/way>/g, '');
  await page.getByTestId('import-files').setInputFiles({ name: 'streets-only.osm', mimeType: 'application/xml', buffer: Buffer.from(noBuildings) });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-message')).toContainText('没有可用的建筑');
  await expect(page.getByTestId('import-report')).toContainText('错误');
  expect(await page.evaluate(() => window.__circletwin!.store.getState().dataset!.meta.id)).toBe(before);
});

test('a large import shows progress, keeps the page responsive and can be cancelled', async ({ page }) => {
  await openApp(page);
  await openImport(page);
  // About 40 MB of OSM XML: many copies of the district's nodes, so parsing takes a while.
  const base = osmXml();
  const body = base.slice(base.indexOf('<node'), base.indexOf('</osm>'));
  const nodesOnly = body.slice(0, body.indexOf('<way'));
  const copies: string[] = [];
  for (let k = 0; k < 3000; k++) copies.push(nodesOnly.replace(/id="(\d+)"/g, (_, n) => `id="${Number(n) + (k + 1) * 100000}"`));
  const big = base.replace('</osm>', `${copies.join('')}</osm>`);
  await page.getByTestId('import-files').setInputFiles({ name: 'big.osm', mimeType: 'application/xml', buffer: Buffer.from(big) });
  await expect(page.getByTestId('import-start')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  // The page answers while the worker parses.
  const t0 = Date.now();
  await page.evaluate(() => 1 + 1);
  expect(Date.now() - t0).toBeLessThan(1000);
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-message')).toContainText('已取消导入');
  await expect(page.locator('.dataset-name')).toContainText('集东区');
});

test('CSV points beside GeoJSON: field mapping and coordinate system chosen, mapping remembered', async ({ page }) => {
  await openApp(page);
  await openImport(page);
  const ll = (x: number, y: number) => [116.4 + x / 85_000, 39.9 + y / 111_000];
  const fc = (features: unknown[]) => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
  const streets = fc([{ type: 'Feature', geometry: { type: 'LineString', coordinates: [ll(0, 0), ll(200, 0), ll(400, 0)] }, properties: { id: 's1', class: 'residential' } }]);
  const sq = (x: number, y: number) => [[ll(x - 5, y - 5), ll(x + 5, y - 5), ll(x + 5, y + 5), ll(x - 5, y + 5), ll(x - 5, y - 5)]];
  const buildings = fc([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: sq(100, 20) }, properties: { id: 'b1', population: 50 } }]);
  // GCJ-02 values of WGS84 (116.4, 39.9) and a point 200 m east, from the published offset (about +0.0061°, +0.0013°).
  const csv = '编号,名字,备注,经度,纬度,类型\nk1,东门卫生站,甲,116.406237,39.901400,社区卫生服务站\nk2,西门便利店,乙,116.408590,39.901400,convenience\n';
  await page.getByTestId('import-files').setInputFiles([
    { name: 'streets.geojson', mimeType: 'application/json', buffer: streets },
    { name: 'buildings.geojson', mimeType: 'application/json', buffer: buildings },
    { name: 'pois.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
  ]);
  const mapping = page.getByTestId('mapping-pois.csv');
  await expect(mapping).toBeVisible();
  await expect(page.getByTestId('map-pois.csv-name')).toHaveValue('名字');
  await expect(page.getByTestId('map-pois.csv-category')).toHaveValue('类型');
  await expect(page.getByTestId('crs-pois.csv')).toHaveValue('wgs84');
  await page.getByTestId('crs-pois.csv').selectOption('gcj02');
  await page.getByTestId('map-pois.csv-name').selectOption('备注');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-message')).toContainText('已导入并切换到该数据集');
  const facilities = await page.evaluate(() => window.__circletwin!.store.getState().dataset!.facilities.features
    .map((f) => ({ name: f.properties.name, category: f.properties.category, at: f.geometry.coordinates as number[] })));
  expect(facilities.map((f) => [f.name, f.category])).toEqual([['甲', 'health_station'], ['乙', 'convenience']]);
  // Converted from GCJ-02: the clinic lands within a few metres of (116.4, 39.9), not 600 m east.
  expect(Math.abs(facilities[0].at[0] - 116.4) * 85_000).toBeLessThan(10);
  expect(Math.abs(facilities[0].at[1] - 39.9) * 111_000).toBeLessThan(10);

  // The same columns again: the mapping comes back as chosen.
  await page.getByTestId('import-files').setInputFiles([{ name: 'pois2.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  await expect(page.getByTestId('map-pois2.csv-name')).toHaveValue('备注');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('dataset-item').getByRole('button', { name: /删除/ }).click();
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
});

test('a folder of GeoJSON layers without meta.json, MultiPolygon buildings included', async ({ page }) => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'ct-folder-'));
  const ll = (x: number, y: number) => [121.47 + x / 95_000, 31.23 + y / 111_000];
  const sq = (x: number, y: number) => [[ll(x - 5, y - 5), ll(x + 5, y - 5), ll(x + 5, y + 5), ll(x - 5, y + 5), ll(x - 5, y - 5)]];
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(join(dir, 'streets.geojson'), fc([{ type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [[ll(0, 0), ll(200, 0)], [ll(200, 0), ll(400, 0)]] }, properties: { id: 'road', class: 'residential' } }]));
  writeFileSync(join(dir, 'buildings.geojson'), fc([{ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [sq(100, 20), sq(130, 20)] }, properties: { id: 'twin', population: 80 } }]));
  writeFileSync(join(dir, 'facilities.geojson'), fc([{ type: 'Feature', geometry: { type: 'Point', coordinates: ll(0, 0) }, properties: { id: 'f1', category: 'health_station', name: '站' } }]));
  writeFileSync(join(dir, 'README.txt'), 'not data');
  await openApp(page);
  await openImport(page);
  await page.getByTestId('import-folder').setInputFiles(dir);
  await expect(page.getByTestId('import-start')).toBeEnabled();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-message')).toContainText('已导入并切换到该数据集');
  await expect(page.getByTestId('import-report')).toContainText('多线已拆分为 2 条道路');
  await expect(page.getByTestId('import-report')).toContainText('没有社区边界');
  await page.getByRole('button', { name: '关闭' }).last().click();
  await page.waitForFunction(() => window.__circletwin!.store.getState().analysis !== null, null, { timeout: 30_000 });
  // The two-part building reaches the station along the split street: a finite walk, not an empty one.
  const walk = await page.evaluate(() => {
    const a = window.__circletwin!.store.getState().analysis as unknown as { categories: Record<string, { dist: ArrayLike<number> }> };
    return Array.from(a.categories.health_station.dist);
  });
  expect(walk).toHaveLength(1);
  expect(walk[0]).toBeGreaterThan(100);
  expect(walk[0]).toBeLessThan(200);
});
