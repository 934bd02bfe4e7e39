// Issue 12: a surprising number explains itself. Clicking a building draws its walk to the facility
// that serves it, with the distance the analysis reports; a row of its table switches the category;
// a clicked spot of the map walks as a building standing there; Escape clears it.
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitIdle } from './helpers.ts';

/** Great-circle length of a lon/lat line, metres (independent of the engine's local projection). */
function haversineLength(coords: number[][]): number {
  const R = 6371008.8, rad = Math.PI / 180;
  let s = 0;
  for (let k = 0; k + 1 < coords.length; k++) {
    const [lon1, lat1] = coords[k], [lon2, lat2] = coords[k + 1];
    const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
    s += 2 * R * Math.asin(Math.sqrt(a));
  }
  return s;
}

/** Centres the map on a building of the dataset at a close zoom; returns its id and screen position. */
async function showBuilding(page: Page, pick: 'compound' | 'any') {
  const target = await page.evaluate((which) => {
    const s = window.__circletwin!.store.getState();
    const a = s.analysis!;
    const nursery = a.categories.nursery!;
    // A compound building whose nursery is within the search, so there is a walk through a gate to draw.
    const i = a.buildingIds.findIndex((id, k) => {
      const f = s.dataset!.buildings.features.find((b) => b.properties.id === id)!;
      return (which === 'any' || f.properties.compound) && Number.isFinite(nursery.dist[k]) && nursery.dist[k] > 100;
    });
    const f = s.dataset!.buildings.features.find((b) => b.properties.id === a.buildingIds[i])!;
    const ring = (f.geometry as { coordinates: number[][][] }).coordinates[0];
    let x = 0, y = 0;
    for (let k = 0; k < ring.length - 1; k++) { x += ring[k][0]; y += ring[k][1]; }
    const c: [number, number] = [x / (ring.length - 1), y / (ring.length - 1)];
    window.__circletwin!.map.jumpTo({ center: c, zoom: 17.5 });
    return { id: a.buildingIds[i], index: i, centre: c };
  }, pick);
  await waitIdle(page);
  const px = await page.evaluate((c) => window.__circletwin!.map.project(c), target.centre);
  return { ...target, px };
}

test('clicking a building draws its walk to the facility that serves it, with the analysed distance', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('category-select').selectOption('nursery');
  await page.waitForFunction(() => window.__circletwin!.store.getState().analysisStatus === 'done');
  const b = await showBuilding(page, 'compound');
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + b.px.x, box.y + b.px.y);

  const info = page.getByTestId('route-info');
  await expect(info).toContainText('步行路线');
  const distance = info.getByTestId('route-distance');
  await expect(distance).toBeVisible();
  const expected = await page.evaluate((i) => {
    const a = window.__circletwin!.store.getState().analysis!;
    const c = a.categories.nursery!;
    return { metres: c.dist[i], facility: a.facilityNames[c.nearest[i]] };
  }, b.index);
  await expect(distance).toHaveText(`${Math.round(expected.metres).toLocaleString('zh-CN')} 米`);
  await expect(info.getByTestId('route-facility')).toHaveText(expected.facility);
  // It leaves the compound by a gate, named in the panel.
  await expect(info).toContainText('号门');

  // The line on the map is drawn, and as long as the reported walk.
  await waitIdle(page);
  const drawn = await page.evaluate(() => {
    const map = window.__circletwin!.map;
    const rendered = map.queryRenderedFeatures({ layers: ['route-line'] }).length;
    const src = map.getSource('route') as unknown as { serialize(): { data: { features: Array<{ geometry: { type: string; coordinates: number[][] } }> } } };
    const line = src.serialize().data.features.find((f) => f.geometry.type === 'LineString')!;
    return { rendered, coords: line.geometry.coordinates };
  });
  expect(drawn.rendered).toBeGreaterThan(0);
  expect(Math.abs(haversineLength(drawn.coords) - expected.metres)).toBeLessThan(0.5 + expected.metres * 0.002);
  await page.screenshot({ path: 'test-results/route-building.png' });

  // Choosing another category in the building's table redraws the walk to that category's facility.
  await page.getByTestId('building-access').locator('tr', { hasText: '幼儿园' }).click();
  await expect(page.getByTestId('category-select')).toHaveValue('kindergarten');
  const kinder = await page.evaluate((i) => {
    const a = window.__circletwin!.store.getState().analysis!;
    const c = a.categories.kindergarten!;
    return Number.isFinite(c.dist[i]) ? { metres: c.dist[i], facility: a.facilityNames[c.nearest[i]] } : null;
  }, b.index);
  if (kinder) {
    await expect(distance).toHaveText(`${Math.round(kinder.metres).toLocaleString('zh-CN')} 米`);
    await expect(info.getByTestId('route-facility')).toHaveText(kinder.facility);
  } else {
    await expect(info).toContainText('搜索范围内没有此类设施');
  }

  // Escape clears the selection and the walk.
  await page.keyboard.press('Escape');
  await expect(info).toHaveCount(0);
  await page.waitForFunction(() => window.__circletwin!.store.getState().route.answer === null);
});

test('a clicked spot of the map walks as a building standing there would', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('category-select').selectOption('nursery');
  await page.waitForFunction(() => window.__circletwin!.store.getState().analysisStatus === 'done');
  const b = await showBuilding(page, 'any');
  // Where the building stands, through the map: the same walk as the building's own.
  await page.evaluate((c) => {
    const s = window.__circletwin!.store;
    s.setState({ selection: { kind: 'point', id: '', properties: {}, at: c } });
  }, b.centre);
  const info = page.getByTestId('route-info');
  await expect(info).toContainText('从点击位置出发');
  const metres = await page.evaluate((i) => window.__circletwin!.store.getState().analysis!.categories.nursery!.dist[i], b.index);
  const shown = Number((await info.getByTestId('route-distance').getAttribute('data-metres'))!);
  // The building's point is its centroid; the map's click is this centroid, so the walk is the building's.
  expect(Math.abs(shown - metres)).toBeLessThan(0.5);

  // A real click on a street in view: the street is selected and the walk starts where it was clicked.
  await waitIdle(page);
  const street = await page.evaluate(() => {
    const map = window.__circletwin!.map;
    const f = map.queryRenderedFeatures({ layers: ['streets-line'] }).find((x) => x.geometry.type === 'LineString' && x.properties.compound == null)!;
    const cs = (f.geometry as { coordinates: number[][] }).coordinates;
    const mid: [number, number] = [(cs[0][0] + cs[1][0]) / 2, (cs[0][1] + cs[1][1]) / 2];
    return map.project(mid);
  });
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + street.x, box.y + street.y);
  await expect(info).toContainText('从点击位置出发');
  await expect(info.getByTestId('route-distance').or(info.getByText('搜索范围内没有此类设施'))).toBeVisible();
  const sel = await page.evaluate(() => window.__circletwin!.store.getState().selection);
  expect(sel?.at).toHaveLength(2);
});
