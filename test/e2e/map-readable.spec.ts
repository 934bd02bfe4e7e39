// A map you can read: the first-visit guide, a layout from 1024 px laptops to 1920 px wall screens,
// pick-tool cursors, an online basemap that cannot load, the selection highlight, the selected
// category's glyphs and the progress shown while the engine works.
import { expect, test, type Page } from '@playwright/test';
import { openApp, renderedCount, waitIdle } from './helpers.ts';

interface Box { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} has no box (not visible)`);
  return b;
}

async function analysed(page: Page) {
  await expect.poll(() => page.evaluate(() => !!window.__circletwin!.store.getState().analysis), { timeout: 60_000 }).toBe(true);
}

test.describe('first visit', () => {
  // A browser that has never been here: no "guide seen" mark (the config sets one for every other test).
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the guide opens once, keeps focus inside, closes with Esc, stays closed after a reload and reopens from Help', async ({ page }) => {
    const { errors } = await openApp(page);
    const guide = page.getByRole('dialog', { name: '三步读懂这张图' });
    await expect(guide).toBeVisible();
    await expect(guide.locator('ol > li')).toHaveCount(3);
    await expect(guide).toContainText('选择设施类别');
    // Tab and Shift+Tab cycle among the guide's own buttons; the page behind never gets focus.
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog.guide'))).toBe(true);
    }
    // English is one press away inside the guide, and the topbar follows.
    await guide.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByRole('dialog', { name: 'This map in three steps' })).toContainText('Choose a facility type');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('guide')).toBeHidden();
    expect(await page.evaluate(() => localStorage.getItem('circletwin.guide.v1'))).toBe('seen');

    await page.reload();
    await page.waitForFunction(() => !!window.__circletwin?.map);
    await waitIdle(page);
    await expect(page.getByTestId('guide')).toBeHidden();
    await page.getByTestId('open-guide').click();
    await expect(page.getByRole('dialog', { name: 'This map in three steps' })).toBeVisible();
    await page.getByTestId('guide-start').click();
    await expect(page.getByTestId('guide')).toBeHidden();
    // Focus goes back to the button that opened it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-guide');
    expect(errors).toEqual([]);
  });
});

for (const [width, height] of [[1024, 768], [1920, 1080]] as const) {
  test(`at ${width}×${height} the map keeps a usable size and nothing overlaps or overflows`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page);
    await analysed(page);
    await waitIdle(page);
    const check = async () => {
      const map = await box(page, '[data-testid="map"]');
      const left = await box(page, '[data-testid="sidebar-left"]');
      const right = await box(page, '[data-testid="sidebar-right"]');
      expect(map.width).toBeGreaterThanOrEqual(width * 0.58);
      expect(map.height).toBeGreaterThanOrEqual(height - 80);
      for (const [a, b] of [[map, left], [map, right], [left, right]]) expect(overlap(a, b)).toBe(false);
      for (const b of [map, left, right]) expect(b.x + b.width).toBeLessThanOrEqual(width + 0.5);
      // Nothing scrolls the page sideways, and the topbar's parts sit side by side.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const top = [await box(page, '.brand'), await box(page, '.topbar-actions')];
      expect(overlap(top[0], top[1])).toBe(false);
      expect(top[1].x + top[1].width).toBeLessThanOrEqual(width);
      // What floats over the map stays apart: the twin's controls, the legend, the zoom buttons.
      const floats = [await box(page, '[data-testid="twin-controls"]'), await box(page, '[data-testid="map-legend"]'), await box(page, '.maplibregl-ctrl-top-right')];
      for (let i = 0; i < floats.length; i++) for (let j = i + 1; j < floats.length; j++) expect(overlap(floats[i], floats[j]), `${i}/${j}`).toBe(false);
      return { map, left, right };
    };
    const first = await check();
    if (width < 1200) {
      // A laptop opens with the analysis on the left and the attributes folded to a rail; opening them folds the left.
      expect(first.right.width).toBeLessThan(60);
      await page.getByRole('button', { name: '展开 属性与指标' }).click();
      await expect(page.getByTestId('feature-info')).toBeVisible();
      expect((await check()).left.width).toBeLessThan(60);
    } else {
      // A wall screen shows both sidebars, and the map takes what they leave.
      expect(first.left.width).toBeGreaterThan(250);
      expect(first.right.width).toBeGreaterThan(250);
      expect(first.map.width).toBeGreaterThan(1100);
    }
    // The canvas follows its container (MapLibre resizes it on the next frame after the container changes).
    await expect.poll(async () => Math.abs((await box(page, '.maplibregl-canvas')).width - (await box(page, '[data-testid="map"]')).width)).toBeLessThan(2);
  });
}

test('pick tools show a crosshair on the map until they are put away', async ({ page }) => {
  await openApp(page);
  const cursor = () => page.evaluate(() => window.__circletwin!.map.getCanvas().style.cursor);
  await page.getByRole('button', { name: '选点计算' }).click();
  await expect.poll(cursor).toBe('crosshair');
  // Hovering a facility does not turn it back into a pointer while the tool waits for its click.
  const at = await page.evaluate(() => {
    const { map } = window.__circletwin!;
    const f = map.queryRenderedFeatures({ layers: ['facility-glyphs'] })[0];
    const p = map.project(f.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : [0, 0]);
    return { x: p.x, y: p.y };
  });
  const canvas = await box(page, '.maplibregl-canvas');
  await page.mouse.move(canvas.x + at.x, canvas.y + at.y);
  await expect.poll(cursor).toBe('crosshair');
  await page.keyboard.press('Escape');
  await expect.poll(cursor).not.toBe('crosshair');
  await page.getByTestId('net-tool-close').click();
  await expect.poll(cursor).toBe('crosshair');
  await page.getByTestId('net-tool-close').click();
  await expect.poll(cursor).not.toBe('crosshair');
});

test('an online basemap that cannot load says so once and the map carries on with its own style', async ({ page }) => {
  // Offline as on the planning office's intranet, whatever this machine's connection.
  await page.route(/tile\.openstreetmap\.org/, (r) => r.abort('internetdisconnected'));
  const { errors } = await openApp(page);
  await page.getByRole('button', { name: '设置' }).click();
  await page.getByRole('radio', { name: /OpenStreetMap/ }).check();
  await page.getByRole('button', { name: '关闭' }).click();
  const notice = page.getByTestId('basemap-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('无法加载');
  // More tiles fail as the map moves; still one notice.
  await page.evaluate(() => window.__circletwin!.map.zoomIn({ duration: 0 }));
  await waitIdle(page);
  await expect(page.getByTestId('basemap-notice')).toHaveCount(1);
  await notice.getByRole('button', { name: '知道了' }).click();
  await expect(page.getByTestId('basemap-notice')).toHaveCount(0);
  await page.evaluate(() => window.__circletwin!.map.zoomOut({ duration: 0 }));
  await waitIdle(page);
  await expect(page.getByTestId('basemap-notice')).toHaveCount(0);
  // The empty raster is out of the way and the dataset's own layers draw as usual.
  expect(await page.evaluate(() => window.__circletwin!.map.getLayoutProperty('basemap', 'visibility'))).toBe('none');
  expect(await renderedCount(page, 'buildings-fill')).toBeGreaterThan(500);
  expect(await renderedCount(page, 'facility-glyphs')).toBeGreaterThan(0);
  // The failed tiles are the browser's own network messages; the app logs nothing of its own.
  expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
});

test('a clicked building is highlighted on the map, and the highlight goes with the selection', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  const id = await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    const f = store.getState().dataset!.buildings.features.find((b) => b.properties.population > 0)!;
    const ring = f.geometry.coordinates[0];
    map.jumpTo({ center: [ring.slice(0, 4).reduce((a, p) => a + p[0], 0) / 4, ring.slice(0, 4).reduce((a, p) => a + p[1], 0) / 4], zoom: 18 });
    return f.properties.id;
  });
  await waitIdle(page);
  const canvas = await box(page, '.maplibregl-canvas');
  await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await expect(page.getByTestId('feature-info')).toContainText(id);
  await waitIdle(page);
  const lit = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['highlight-fill', 'highlight-line'] })
    .map((f) => ({ layer: f.layer.id, id: f.properties.id as string, kind: f.properties.kind as string })));
  expect(new Set(lit.map((f) => f.layer))).toEqual(new Set(['highlight-fill', 'highlight-line']));
  expect(new Set(lit.map((f) => `${f.kind}:${f.id}`))).toEqual(new Set([`building:${id}`]));
  await page.keyboard.press('Escape');
  await waitIdle(page);
  expect(await renderedCount(page, 'highlight-fill')).toBe(0);
});

test('the selected category has its own glyph layer; the other categories stay on the quiet dots', async ({ page }) => {
  await openApp(page);
  await analysed(page);
  const count = (category: string) => page.evaluate((c) => window.__circletwin!.store.getState().dataset!.facilities.features
    .filter((f) => f.properties.category === c).length, category);
  const glyphs = () => page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['facility-glyphs'] })
    .map((f) => `${f.properties.category}:${f.properties.id}`));
  const categoryOf = async () => page.evaluate(() => window.__circletwin!.store.getState().category);
  let category = await categoryOf();
  expect(new Set((await glyphs()).map((g) => g.split(':')[0]))).toEqual(new Set([category]));
  expect(new Set(await glyphs()).size).toBe(await count(category));
  expect(await page.evaluate((c) => window.__circletwin!.map.hasImage(`ct-glyph-zh-${c}`), category)).toBe(true);
  await page.getByTestId('category-select').selectOption('market');
  category = await categoryOf();
  await waitIdle(page);
  expect(new Set(await glyphs()).size).toBe(await count('market'));
  expect(new Set((await glyphs()).map((g) => g.split(':')[0]))).toEqual(new Set(['market']));
  // Marks of the other categories are drawn close in, never the selected one's (its glyph carries it).
  await page.evaluate(() => window.__circletwin!.map.jumpTo({ zoom: 16.5 }));
  await waitIdle(page);
  const marks = await page.evaluate(() => window.__circletwin!.map.queryRenderedFeatures({ layers: ['facilities-mark'] }).map((f) => f.properties.category));
  expect(marks.length).toBeGreaterThan(0);
  expect(marks).not.toContain('market');
  // The legend names the selected category's glyph and the threshold with its unit.
  const std = await page.evaluate(() => window.__circletwin!.store.getState().analysis!.categories.market!.threshold_m);
  await expect(page.getByTestId('legend-walk')).toContainText(`${std} 米 标准`);
  await expect(page.getByTestId('map-legend')).toContainText('菜市场');

  // In English the glyphs carry letters: the map draws the English images, the legend and the layer list show them.
  const pictures = () => page.evaluate(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="map-legend"] img, .layer-list img, .glyph-swatch')].map((i) => i.src));
  const zh = await pictures();
  expect(zh.length).toBeGreaterThan(16);
  // Back to the whole district, where every market is in view and its glyph drawn.
  await page.evaluate(() => {
    const { map, store } = window.__circletwin!;
    map.fitBounds(store.getState().dataset!.meta.bbox, { padding: 20, duration: 0 });
  });
  await waitIdle(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await waitIdle(page);
  expect(await page.evaluate(() => window.__circletwin!.map.hasImage('ct-glyph-en-market'))).toBe(true);
  expect(new Set(await glyphs()).size).toBe(await count('market'));
  const en = await pictures();
  expect(en).toHaveLength(zh.length);
  // Parking's P is the one mark both languages write alike; every other picture changes.
  expect(en.filter((u) => zh.includes(u)).length).toBe(zh.filter((u, k) => u === en[k]).length);
  expect(new Set(en.filter((u) => zh.includes(u))).size).toBe(1);
  await page.getByRole('button', { name: '切换到中文' }).click();
  expect(await pictures()).toEqual(zh);
});

test('the legend folds to its heading, by itself while a pick tool waits, and the map then takes the clicks under it', async ({ page }) => {
  const { errors } = await openApp(page);
  await analysed(page);
  await waitIdle(page);
  const legend = page.getByTestId('map-legend');
  await expect(page.getByTestId('legend-walk')).toBeVisible();
  const opened = (await legend.boundingBox())!;
  // Folded on request, it keeps only its heading; opened again, it shows the walk ramp.
  await page.getByTestId('legend-toggle').click();
  await expect(page.getByTestId('legend-walk')).toHaveCount(0);
  const folded = (await legend.boundingBox())!;
  expect(folded.height).toBeLessThan(40);
  expect(folded.width).toBeLessThan(opened.width);
  await page.getByTestId('legend-toggle').click();
  await expect(page.getByTestId('legend-walk')).toBeVisible();

  // The path tool folds it; a click in the middle of where it stood is a point of the path.
  await page.getByTestId('net-tool-path').click();
  await expect(page.getByTestId('legend-walk')).toHaveCount(0);
  const x = opened.x + opened.width / 2, y = opened.y + opened.height / 3;
  expect(y).toBeLessThan((await legend.boundingBox())!.y);
  await page.mouse.click(x, y);
  await expect(page.getByTestId('net-finish')).toContainText('1');
  // Its heading opens it for this pick; putting the tool away brings back the reader's own choice.
  await page.getByTestId('legend-toggle').click();
  await expect(page.getByTestId('legend-walk')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('net-finish')).toHaveCount(0);
  await expect(page.getByTestId('legend-walk')).toBeVisible();
  await page.getByTestId('legend-toggle').click();
  await page.getByTestId('net-tool-path').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('legend-walk')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('while the engine works the map says what it is doing', async ({ page }) => {
  // Every task the progress overlay shows, recorded as it appears (some last only a few frames).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __tasks: string[] }).__tasks = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        // The first render inserts the whole app at once: look inside what was added, too.
        const nodes = r.type === 'attributes' ? [r.target] : [...r.addedNodes];
        for (const n of nodes) {
          if (!(n instanceof HTMLElement)) continue;
          for (const el of [n, ...n.querySelectorAll<HTMLElement>('[data-testid="map-progress"]')]) {
            const task = el.dataset.testid === 'map-progress' ? el.dataset.task : undefined;
            if (task && seen[seen.length - 1] !== task) seen.push(task);
          }
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-task'] });
  });
  await openApp(page);
  await analysed(page);
  await expect(page.getByTestId('map-progress')).toHaveCount(0);
  const tasks = () => page.evaluate(() => (window as unknown as { __tasks: string[] }).__tasks);
  expect(await tasks()).toEqual(expect.arrayContaining(['loading', 'progress.network', 'progress.analysis']));
  await page.getByRole('button', { name: '选点计算' }).click();
  const at = await page.evaluate(() => window.__circletwin!.map.project([117.312, 31.8643]));
  const canvas = await box(page, '.maplibregl-canvas');
  await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
  await expect(page.getByTestId('iso-origin')).toContainText('117.31');
  expect(await tasks()).toContain('progress.isochrone');
  await expect(page.getByTestId('map-progress')).toHaveCount(0);
});
