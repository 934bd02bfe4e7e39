import { expect, test } from '@playwright/test';
import { openApp, renderedCount, waitIdle } from './helpers.ts';

test('loads the district offline: map idle, canvas drawn, facilities and community names rendered', async ({ page }) => {
  const { errors, external } = await openApp(page);
  await expect(page.getByText('合成示例数据，非真实地点')).toBeVisible();
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-status', 'ready');

  // The canvas is not blank: a real map has many distinct colours.
  const png = await page.locator('.maplibregl-canvas').screenshot();
  const colours = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, png.toString('base64'));
  expect(colours).toBeGreaterThan(50);

  expect(await renderedCount(page, 'facilities-circle')).toBeGreaterThan(50);
  const names = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['communities-label'] })
    .map((f) => f.properties.name as string));
  expect(new Set(names)).toEqual(new Set(['新虹社区', '兴华社区', '建新社区', '东风社区', '纺机社区', '滨湖社区', '科创社区', '阳光社区']));
  expect(await renderedCount(page, 'buildings-fill')).toBeGreaterThan(500);

  expect(errors).toEqual([]);
  expect(external).toEqual([]);
});

test('clicking a feature shows its attributes as text, never as HTML', async ({ page }) => {
  await openApp(page);
  // Zoom onto a health station so no neighbouring marker overlaps it.
  const name = await page.evaluate(() => {
    const map = window.__circletwin!.map;
    const f = map.queryRenderedFeatures({ layers: ['facilities-circle'] }).find((x) => x.properties.category === 'health_station')!;
    map.jumpTo({ center: f.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : [0, 0], zoom: 18 });
    return f.properties.name as string;
  });
  await waitIdle(page);
  const point = await page.evaluate(() => {
    const c = window.__circletwin!.map.getCanvas();
    return { x: c.clientWidth / 2, y: c.clientHeight / 2, name: '' };
  });
  point.name = name;
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
  const panel = page.getByTestId('feature-info');
  await expect(panel).toContainText(point.name);
  // The category reads as its name, not its id.
  await expect(panel.locator('tr[data-key="category"]')).toContainText('社区卫生服务站');
  await expect(panel).not.toContainText('health_station');

  await page.evaluate(() => window.__circletwin!.store.setState({
    selection: { kind: 'facility', id: 'x', properties: { name: '<img id="pwned" src="x" onerror="window.__pwned=1">' } },
  }));
  await expect(panel).toContainText('<img id="pwned"');
  expect(await page.locator('#pwned').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('computes an isochrone in the worker and draws it', async ({ page }) => {
  const { errors } = await openApp(page);
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-status', 'ready');
  await page.getByRole('button', { name: '选点计算' }).click();
  // A point on 集东大道 near the district centre.
  const at = await page.evaluate(() => {
    const map = window.__circletwin!.map;
    const c = map.project([117.312, 31.8643]);
    return { x: c.x, y: c.y };
  });
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + at.x, box.y + at.y);
  // The result is labelled with the clicked point, not the category bands drawn at start-up.
  await expect(page.getByTestId('iso-result')).toContainText(/117\.31\d*, 31\.86/);
  await waitIdle(page);
  const bands = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['isochrone-fill'] })
    .map((f) => f.properties.minutes as number));
  expect(new Set(bands)).toEqual(new Set([5, 10, 15]));
  // Clicking far outside the network gives a clear message, not a crash.
  await page.mouse.click(box.x + 5, box.y + box.height - 5);
  await expect(page.getByRole('alert')).toContainText(/300 m/);
  expect(errors).toEqual([]);
});

test('switches to English and remembers the choice', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('.brand strong')).toHaveText('CircleTwin');
  await page.reload();
  await page.waitForFunction(() => !!window.__circletwin?.map);
  await expect(page.locator('.brand strong')).toHaveText('CircleTwin');
  await expect(page.getByText('Synthetic sample data, not a real place')).toBeVisible();
  await waitIdle(page);
  const names = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['communities-label'] }).length);
  expect(names).toBe(8);
});
