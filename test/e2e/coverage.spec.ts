import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, renderedCount, waitIdle } from './helpers.ts';

async function analysed(page: import('@playwright/test').Page) {
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
}

test('a category colours buildings by walking distance and draws its gaps and bands', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  await page.getByTestId('category-select').selectOption('convenience');
  await expect(page.getByTestId('iso-result')).toContainText('15');
  await waitIdle(page);
  const colouredBuildings = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['buildings-analysis'] })
    .map((f) => f.properties._d as number));
  expect(colouredBuildings.length).toBeGreaterThan(500);
  // Some shops are within 300 m and many homes are not: the map shows both.
  expect(colouredBuildings.some((d) => d >= 0 && d <= 300)).toBe(true);
  expect(colouredBuildings.some((d) => d > 300 || d < 0)).toBe(true);
  const gapCategories = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['gaps-fill'] })
    .map((f) => f.properties.category as string));
  expect(gapCategories.length).toBeGreaterThan(0);
  expect(new Set(gapCategories)).toEqual(new Set(['convenience']));
  expect(await renderedCount(page, 'isochrone-fill')).toBeGreaterThan(0);
  // The district share shown equals the analysis result.
  const share = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.categories.convenience!.district.share);
  await expect(page.getByTestId('district-share')).toContainText(`${(share * 100).toFixed(1)}%`);
  expect(errors).toEqual([]);
});

test('clicking a building lists its walk to every category and who serves it', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  const target = await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    const s = store.getState();
    const i = s.analysis!.categories.convenience!.dist.findIndex((d) => d < 200);
    const f = s.dataset!.buildings.features[i];
    const ring = f.geometry.coordinates[0];
    const lon = ring.slice(0, 4).reduce((a, p) => a + p[0], 0) / 4, lat = ring.slice(0, 4).reduce((a, p) => a + p[1], 0) / 4;
    map.jumpTo({ center: [lon, lat], zoom: 18 });
    const nearest = s.analysis!.categories.convenience!.nearest[i];
    return { id: f.properties.id, shop: s.dataset!.facilities.features[nearest].properties.name, d: Math.round(s.analysis!.categories.convenience!.dist[i]) };
  });
  await waitIdle(page);
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const table = page.getByTestId('building-access');
  await expect(table).toBeVisible();
  await expect(page.getByTestId('feature-info')).toContainText(target.id);
  const row = table.locator('tr', { hasText: '便利店' }).first();
  await expect(row).toContainText(`${target.d} m`);
  await expect(row).toContainText(target.shop);
  await expect(table.locator('tbody tr')).toHaveCount(16);
});

test('editing a standard re-runs the analysis, is labelled, and survives a reload', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  const before = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.categories.health_station!.district.share);
  await page.getByTestId('standards-panel').locator('summary').click();
  await page.getByLabel('社区卫生服务站 服务半径').fill('1000');
  await expect(page.getByTestId('table-used')).toContainText('已修改');
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().analysis!.categories.health_station!.district.share))
    .toBeGreaterThan(before);
  await page.reload();
  await analysed(page);
  await expect(page.getByTestId('table-used')).toContainText('已修改');
  expect(await page.evaluate(() => window.__circletwin!.store.getState().standards.categories[0].threshold_m)).toBe(1000);
  await page.getByTestId('standards-panel').locator('summary').click();
  await page.getByRole('button', { name: '恢复默认' }).click();
  await expect(page.getByTestId('table-used')).not.toContainText('已修改');
  // Reset is an edit like any other: undo brings the edited table back, redo the default again.
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByTestId('table-used')).toContainText('已修改');
  await expect(page.getByLabel('社区卫生服务站 服务半径')).toHaveValue('1000');
  await page.getByRole('button', { name: '重做' }).click();
  await expect(page.getByTestId('table-used')).not.toContainText('已修改');
});

test('typing a threshold is one undo step, and Ctrl+Z outside a field undoes it', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  await page.getByTestId('standards-panel').locator('summary').click();
  const field = page.getByLabel('幼儿园 服务半径');
  await field.fill('');
  await field.pressSequentially('800', { delay: 50 });
  await expect(page.getByTestId('table-used')).toContainText('已修改');
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().standards.categories
    .find((c) => c.id === 'kindergarten')!.threshold_m)).toBe(800);
  await page.locator('.brand').click();
  await page.keyboard.press('Control+z');
  await expect(field).toHaveValue('300');
  await expect(page.getByTestId('table-used')).not.toContainText('已修改');
});

test('an indicator target and the parking demand ratio are editable and change the verdicts', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  const row = page.getByTestId('indicators-panel').locator('tr', { hasText: '户均停车位' });
  await expect(row).toContainText('未达标');
  await page.getByTestId('standards-panel').locator('summary').click();
  await page.getByLabel('户均停车位 目标').fill('0.5');
  await expect(row).toContainText('达标');
  await expect(row).not.toContainText('未达标');
  const before = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.parkingDeficit.district);
  await page.getByLabel('按建筑车辆数').uncheck();
  await page.getByLabel('户均车辆').fill('1.5');
  await expect.poll(() => page.evaluate(() => window.__circletwin!.store.getState().analysis!.parkingDeficit.district))
    .toBeGreaterThan(before);
});

test('exports gap areas and indicator tables from the app', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  const [gapsDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '覆盖缺口 GeoJSON' }).click()]);
  // Named by dataset, plan and day (test/e2e/staleness.spec.ts checks every export's name).
  expect(gapsDl.suggestedFilename()).toMatch(/^集东区_合成示例_现状_\d{4}-\d{2}-\d{2}_gaps\.geojson$/);
  const gaps = JSON.parse(readFileSync((await gapsDl.path())!, 'utf8'));
  expect(gaps.type).toBe('FeatureCollection');
  expect(gaps.features.length).toBeGreaterThan(100);
  expect(gaps.standards).toMatch(/^gb50180-2018 v1 #[0-9a-f]{8}$/);
  const [indDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '指标表 CSV' }).click()]);
  const csv = readFileSync((await indDl.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.trim().split('\r\n')).toHaveLength(10);
  expect(csv).toContain('新虹社区');
});
