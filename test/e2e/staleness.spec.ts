import { expect, test, type Page } from '@playwright/test';
import { openApp, waitIdle } from './helpers.ts';

// Results never outlive what they were computed from: the walking bands follow the minutes, the
// walking profile, an edited speed and the category; a suggestion is cleared when its standard
// changes; the user's layer choice holds; exports are named by dataset, plan and date.

/** What the legend lists, band by band: minutes and metres. */
async function legend(page: Page): Promise<Array<{ minutes: number; text: string }>> {
  return page.getByTestId('iso-legend').locator('li').evaluateAll((lis) => lis.map((li) => ({
    minutes: Number(li.getAttribute('data-minutes')), text: li.textContent ?? '',
  })));
}

/** The minutes of the bands drawn on the map now. */
async function drawnMinutes(page: Page): Promise<number[]> {
  await waitIdle(page);
  return page.evaluate(() => [...new Set(window.__circletwin!.map.queryRenderedFeatures({ layers: ['isochrone-fill'] })
    .map((f) => f.properties.minutes as number))].sort((a, b) => a - b));
}

/** Waits for the bands of exactly these minutes at these metres, in the legend and on the map. */
async function expectBands(page: Page, bands: Array<[number, number]>) {
  await expect.poll(async () => (await legend(page)).map((b) => b.minutes), { timeout: 60_000 }).toEqual(bands.map((b) => b[0]));
  const rows = await legend(page);
  for (const [k, [m, metres]] of bands.entries()) {
    expect(rows[k].text).toContain(`${m} `);
    expect(rows[k].text).toContain(`${metres.toLocaleString('zh-CN')} m`);
  }
  await expect.poll(() => drawnMinutes(page), { timeout: 30_000 }).toEqual(bands.map((b) => b[0]));
}

test('the bands, their legend and the map follow the minutes, the profile, an edited speed and the category', async ({ page }) => {
  const { errors } = await openApp(page);
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  // At start: every health station, 5/10/15 minutes at 60 m/min.
  await expectBands(page, [[5, 300], [10, 600], [15, 900]]);
  await expect(page.getByTestId('iso-origin')).toContainText('全部社区卫生服务站');

  const minutes = page.getByTestId('isochrone-panel').getByRole('textbox');
  await minutes.fill('3, 7');
  await expectBands(page, [[3, 180], [7, 420]]);
  await expect(page.getByTestId('iso-legend')).not.toContainText('15');

  // The older walker's profile: 50 m/min.
  await page.getByTestId('isochrone-panel').getByRole('combobox').selectOption('elderly');
  await expectBands(page, [[3, 150], [7, 350]]);

  // Back to the adult profile, whose speed is then edited in the standards table to 80 m/min.
  await page.getByTestId('isochrone-panel').getByRole('combobox').selectOption('default');
  await expectBands(page, [[3, 180], [7, 420]]);
  await page.getByTestId('standards-panel').locator('summary').click();
  await page.getByRole('spinbutton', { name: '一般步行 步速 (米/分)' }).fill('80');
  await expectBands(page, [[3, 240], [7, 560]]);

  // Another category: its facilities' bands, named so.
  await page.getByTestId('category-select').selectOption('market');
  await expect(page.getByTestId('iso-origin')).toContainText('全部菜市场/生鲜超市');
  await expectBands(page, [[3, 240], [7, 560]]);
  expect(errors).toEqual([]);
});

test('a point\'s bands leave the analysis layer as the user set it, and say they are hidden', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('checkbox', { name: '分析结果' }).uncheck();
  await page.getByRole('button', { name: '选点计算' }).click();
  const at = await page.evaluate(() => window.__circletwin!.map.project([117.312, 31.8643]));
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await expect(page.getByTestId('iso-origin')).toContainText(/117\.31\d*, 31\.86/);
  await expect(page.getByTestId('iso-layer-off')).toBeVisible();
  expect(await page.evaluate(() => window.__circletwin!.store.getState().layers.analysis)).toBe(false);
  await expect(page.getByRole('checkbox', { name: '分析结果' })).not.toBeChecked();
  expect(await drawnMinutes(page)).toEqual([]);
  // Asked to, it shows them.
  await page.getByTestId('iso-layer-off').getByRole('button').click();
  await expect.poll(() => drawnMinutes(page), { timeout: 30_000 }).toEqual([5, 10, 15]);
});

test('a suggestion is cleared when the standard it was computed for changes', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('suggest-category').selectOption('nursery');
  await page.getByTestId('suggest-k').fill('1');
  await page.getByTestId('suggest-run').click();
  await expect(page.getByTestId('suggest-result')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('standards-panel').locator('summary').click();
  await page.getByRole('spinbutton', { name: '托育（托儿所） 服务半径' }).fill('500');
  await expect(page.getByTestId('suggest-stale')).toBeVisible();
  await expect(page.getByTestId('suggest-result')).toHaveCount(0);
  await expect(page.getByTestId('suggest-accept')).toHaveCount(0);
});

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('exports are named by dataset, plan and date', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  const saved = async (click: () => Promise<void>) => {
    const download = page.waitForEvent('download');
    await click();
    return (await download).suggestedFilename();
  };
  const day = today();
  await expect(page.getByTestId('export-gaps')).toBeEnabled({ timeout: 60_000 });
  expect(await saved(() => page.getByTestId('export-gaps').click())).toBe(`集东区_合成示例_现状_${day}_gaps.geojson`);
  expect(await saved(() => page.getByTestId('export-indicators').click())).toBe(`集东区_合成示例_现状_${day}_indicators.csv`);

  await page.getByTestId('plan-new').click();
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await expect(page.getByTestId('export-access')).toBeEnabled({ timeout: 60_000 });
  expect(await saved(() => page.getByTestId('export-access').click())).toBe(`集东区_合成示例_方案_1_${day}_access.csv`);
  expect(await saved(() => page.getByTestId('plan-export').click())).toBe(`集东区_合成示例_方案_1_${day}_plan.geojson`);
  await page.getByTestId('plan-compare').click();
  await expect(page.getByTestId('compare-table')).toBeVisible({ timeout: 60_000 });
  expect(await saved(() => page.getByTestId('compare-diff').click())).toBe(`集东区_合成示例_方案_1_对比_现状_${day}_diff.csv`);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByTestId('export-gaps')).toBeEnabled();
  expect(await saved(() => page.getByTestId('export-gaps').click())).toBe(`Jidong_District_synthetic_sample_方案_1_${day}_gaps.geojson`);
});
