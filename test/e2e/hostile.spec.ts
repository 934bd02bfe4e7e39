// Hostile input in the app: stored settings out of bounds, an engine worker that dies, and a
// dataset that breaks a panel while drawing. Each must end in a message and a usable app.
import { expect, test } from '@playwright/test';

test('stored settings out of bounds are replaced by defaults, and the user is told', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('circletwin.settings.v1', JSON.stringify({ isoMinutes: Array.from({ length: 5000 }, (_, i) => i + 1), lang: 'en', profileId: 'hover' }));
    const table = { id: 'x', categories: [], profiles: [{ id: 'default', speed_m_per_min: 1e9 }] };
    localStorage.setItem('circletwin.standards.v1', JSON.stringify(table));
  });
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByText('Saved settings were invalid and were reset to the defaults')).toBeVisible();
  await expect(page.getByText(/at most 12 bands/)).toBeVisible();
  await expect(page.getByText(/walking profile "hover" is not in the standards table/)).toBeVisible();
  // The default table is in force, not the broken one: the analysis ran and names the shipped table.
  await expect(page.getByTestId('district-share')).toBeVisible({ timeout: 60_000 });
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('circletwin.settings.v1')!).isoMinutes);
  expect(stored).toEqual([5, 10, 15]);
  await page.screenshot({ path: 'test-results/hostile-settings.png' });
});

test('an engine worker that dies is reported and restarted; the analysis still arrives', async ({ page }) => {
  let served = 0;
  await page.route(/engine\.worker[^/]*\.js/, async (route) => {
    served++;
    if (served === 1) {
      await route.fulfill({ contentType: 'text/javascript', body: 'throw new Error("simulated engine crash");' });
    } else {
      await route.continue();
    }
  });
  await page.goto('/');
  await expect(page.getByTestId('district-share')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-status', 'ready');
  expect(served).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('plan-notice')).toContainText('分析引擎意外停止，已重新启动并重新计算');
});

test('a panel that fails while drawing shows a message and a way back, not a blank page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('district-share')).toBeVisible({ timeout: 90_000 });
  // Number formatting fails for a moment (as a broken locale or a bad value would make it): every
  // panel that formats a number throws while drawing.
  await page.evaluate(() => {
    const w = window as unknown as { __fmt: typeof Number.prototype.toLocaleString };
    w.__fmt = Number.prototype.toLocaleString;
    Number.prototype.toLocaleString = function broken() { throw new Error('simulated drawing failure'); };
  });
  await page.getByRole('button', { name: 'EN' }).click();
  const boundary = page.getByTestId('error-boundary').first();
  await expect(boundary).toBeVisible();
  await expect(boundary).toContainText('Something went wrong');
  await expect(boundary).toContainText('simulated drawing failure');
  // The rest of the app is still there: the top bar works and the map is drawn.
  await expect(page.locator('.topbar')).toBeVisible();
  await expect(page.locator('.maplibregl-canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/hostile-boundary.png' });
  // Once the cause is gone, "go back" brings the panels back with the analysis as it was.
  await page.evaluate(() => {
    Number.prototype.toLocaleString = (window as unknown as { __fmt: typeof Number.prototype.toLocaleString }).__fmt;
  });
  const back = page.getByRole('button', { name: 'Go back and try again' });
  while (await back.count() > 0) await back.first().click();
  await expect(page.getByTestId('error-boundary')).toHaveCount(0);
  await expect(page.getByTestId('district-share')).toBeVisible();
});

test('a dataset without health stations or residents says so: warnings, 0 % fail and n/a, never a pass', async ({ page }) => {
  await page.route(/facilities[^/]*\.geojson/, async (route) => {
    const res = await route.fetch();
    const fc = await res.json();
    fc.features = fc.features.filter((f: { properties: { category: string } }) => f.properties.category !== 'health_station');
    await route.fulfill({ response: res, json: fc });
  });
  await page.goto('/');
  await expect(page.getByTestId('district-share')).toBeVisible({ timeout: 90_000 });
  const warnings = page.getByTestId('analysis-warnings');
  await expect(warnings).toContainText('没有该类设施，无人被覆盖：社区卫生服务站');
  await expect(page.getByTestId('district-share')).toContainText('0.0%');
  await expect(page.getByTestId('district-share').locator('.fail')).toBeVisible();
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(warnings).toContainText('No facility of this category, nobody is covered: Health station');
  await page.screenshot({ path: 'test-results/hostile-warnings.png' });
});

test('a dataset where nobody lives shows n/a, not 100 % and a pass', async ({ page }) => {
  await page.route(/buildings[^/]*\.geojson/, async (route) => {
    const res = await route.fetch();
    const fc = await res.json();
    for (const f of fc.features) Object.assign(f.properties, { population: 0, households: 0, age0_3: 0, age3_6: 0, age6_12: 0, age60plus: 0, cars: 0 });
    await route.fulfill({ response: res, json: fc });
  });
  await page.goto('/');
  await expect(page.getByTestId('analysis-warnings')).toContainText('建筑中没有居民数据', { timeout: 90_000 });
  await expect(page.getByTestId('share-na')).toHaveText('无数据');
  await expect(page.getByTestId('district-share').locator('.pass')).toHaveCount(0);
});

test('isochrone minutes typed wrong are shown as wrong, and the bands in force stay', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  const input = page.getByTestId('isochrone-panel').getByRole('textbox');
  await input.fill('5, abc, 200');
  await expect(page.getByTestId('iso-minutes-invalid')).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('circletwin.settings.v1')!).isoMinutes)).toEqual([5, 10, 15]);
  await input.fill('3, 6');
  await expect(page.getByTestId('iso-minutes-invalid')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('circletwin.settings.v1')!).isoMinutes)).toEqual([3, 6]);
});
