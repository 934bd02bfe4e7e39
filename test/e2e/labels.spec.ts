import { expect, test, type Page } from '@playwright/test';
import { openApp, waitIdle } from './helpers.ts';
import { readdirSync, readFileSync } from 'node:fs';

// English mode, walked as a reader would: every panel open, every dialog and tool, the attribute
// panel of a clicked building and facility, a plan with a candidate, compare, the 3D twin's legend,
// the overview and the briefing. Nowhere may a message key, a raw code (snake_case ids such as
// health_station or too_far, an attribute's field name) or a Chinese label show; the dataset's own
// names (communities, compounds, facilities, streets, sites, land use) and the standards table's
// sources are data and stay as written.

/**
 * The message keys of the app's tables (src/i18n/*.ts: `'key': ['中文', 'English']`) that cannot be
 * an English word: namespaced (`kind.feature`) or camelCase (`clickHint`).
 */
const KEYS = readdirSync('src/i18n').filter((f) => f.endsWith('.ts')).flatMap((f) =>
  [...readFileSync(`src/i18n/${f}`, 'utf8').matchAll(/^\s*'?([\w.]+)'?: \[['"]/gm)].map((m) => m[1]))
  .filter((k) => k.includes('.') || /[a-z][A-Z]/.test(k));
const standards = JSON.parse(readFileSync('data/standards/gb50180-2018.json', 'utf8')) as {
  categories: Array<{ source: string; quota: { source: string } | null }>; indicators: Array<{ source: string }>;
  profiles: Array<{ source: string }>; parking: { source: string };
};
const SOURCES = [
  ...standards.categories.flatMap((c) => [c.source, c.quota?.source ?? '']), ...standards.indicators.map((i) => i.source),
  ...standards.profiles.map((p) => p.source), standards.parking.source,
].filter(Boolean);
/** A CSV column the compare panel names on purpose, to say what to join on. */
const COLUMN_NAMES = ['building_id'];

async function dataNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    const ds = s.dataset!;
    const names = [
      ds.meta.description,
      ...ds.communities.features.flatMap((f) => [f.properties.name, f.properties.name_en]),
      ...ds.compounds.features.map((f) => f.properties.name), ...ds.facilities.features.map((f) => f.properties.name),
      ...ds.streets.features.map((f) => f.properties.name), ...ds.sites.features.map((f) => f.properties.name),
      ...ds.landuse.features.map((f) => f.properties.name),
      ...s.scenarios.flatMap((p) => [p.name, ...p.changes.flatMap((c) => ('name' in c && c.name ? [c.name] : []))]),
    ];
    return [...new Set(names.filter((n): n is string => typeof n === 'string' && n.length > 0))];
  });
}

interface Finding { where: string; text: string }

/**
 * Every piece of text a reader meets: visible text, the text of tooltips reachable by hover or focus,
 * options of selects, and title / aria-label / placeholder / alt. Glyphs marked data-symbol are the
 * map's own symbols (the canvas draws the same letter on each facility, src/map/categoryStyle.ts), a
 * textarea holds data being edited, and the language switch names Chinese in Chinese.
 */
async function findings(page: Page, where: string): Promise<Finding[]> {
  const names = [...(await dataNames(page)), ...SOURCES].sort((a, b) => b.length - a.length);
  const found = await page.evaluate(({ names, keys, columns }) => {
    const out: Array<{ text: string; why: string }> = [];
    const cjk = /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]/;
    const snake = /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g;
    const keySet = new Set(keys);
    const clean = (s: string) => {
      let r = s;
      for (const n of names) if (r.includes(n)) r = r.split(n).join(' ');
      return r;
    };
    // A textarea holds data the user edits (the OSM tag table); data-symbol marks the map's own glyphs.
    const exempt = (el: Element | null) => !!el?.closest('[data-symbol], textarea, script, style, .maplibregl-canvas-container, .maplibregl-ctrl-attrib');
    const check = (raw: string, el: Element, kind: string) => {
      const text = clean(raw).trim();
      if (!text || text === '中文' || text === '切换到中文') return;
      const label = `${kind} <${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? ` ${el.getAttribute('data-testid')}` : ''}>: ${raw.trim().slice(0, 120)}`;
      if (cjk.test(text)) out.push({ text: label, why: 'Chinese' });
      for (const m of text.match(snake) ?? []) if (!columns.includes(m)) out.push({ text: label, why: `raw code ${m}` });
      for (const w of text.split(/[\s:：,，()（）]+/)) if (keySet.has(w)) out.push({ text: label, why: `message key ${w}` });
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || exempt(el)) continue;
      const tip = el.closest('[role="tooltip"]');
      const option = el.closest('option');
      if (!tip && !option && !el.checkVisibility({ visibilityProperty: true })) continue;
      check(n.textContent ?? '', el, tip ? 'tooltip' : option ? 'option' : 'text');
    }
    for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      if (exempt(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) check(v, el, a);
      }
    }
    // An attribute row labelled with its field name: a lower-case key where a word should be.
    for (const th of document.querySelectorAll('[data-testid="feature-info"] table.attrs th')) {
      const k = th.textContent ?? '';
      if (/^[a-z][a-z0-9_]*$/.test(k)) out.push({ text: `attribute label: ${k}`, why: 'raw key' });
    }
    check(document.title, document.body, 'document title');
    return out;
  }, { names, keys: KEYS, columns: COLUMN_NAMES });
  return [...new Set(found.map((f) => `${f.why}: ${f.text}`))].map((text) => ({ where, text }));
}

async function openAllDetails(page: Page) {
  await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
}

/** Clicks the map where a lon/lat lies, after centring on it at street zoom. */
async function clickAt(page: Page, at: [number, number]) {
  await page.evaluate((p) => window.__circletwin!.map.jumpTo({ center: p, zoom: 18 }), at);
  await waitIdle(page);
  const point = await page.evaluate((p) => window.__circletwin!.map.project(p), at);
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
}

test('English mode: no message key, raw code or Chinese label outside data names, anywhere', async ({ page }) => {
  test.setTimeout(300_000);
  const { errors } = await openApp(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('iso-legend')).toBeVisible({ timeout: 60_000 });
  const all: Finding[] = [];
  const look = async (where: string) => {
    await openAllDetails(page);
    all.push(...await findings(page, where));
  };
  await look('start, every panel open');

  // A building's attributes: the one nearest the district centre with residents.
  const building = await page.evaluate(() => {
    const s = window.__circletwin!.store.getState();
    const f = s.dataset!.buildings.features.find((b) => b.properties.population > 0 && b.properties.compound)!;
    const ring = f.geometry.coordinates[0];
    return { id: f.properties.id, at: [ring.slice(0, 4).reduce((a, p) => a + p[0], 0) / 4, ring.slice(0, 4).reduce((a, p) => a + p[1], 0) / 4] as [number, number] };
  });
  await clickAt(page, building.at);
  const info = page.getByTestId('feature-info');
  await expect(info.locator('tr[data-key="id"]')).toContainText(building.id);
  await expect(info.locator('tr[data-key="use"] th')).toHaveText('Use');
  await expect(info.locator('tr[data-key="use"] td')).toHaveText('Residential');
  await look('building attributes');

  // A facility's attributes: a nursery, whose capacity is in places.
  const nursery = await page.evaluate(() => {
    const f = window.__circletwin!.store.getState().dataset!.facilities.features.find((x) => x.properties.category === 'nursery' && x.geometry.type === 'Point')!;
    return { id: f.properties.id, at: (f.geometry as { coordinates: [number, number] }).coordinates };
  });
  await clickAt(page, nursery.at);
  await expect(info.locator('tr[data-key="id"]')).toContainText(nursery.id);
  await expect(info.locator('tr[data-key="category"] td')).toHaveText('Nursery 0–3');
  await expect(info.locator('tr[data-key="capacity"] td')).toContainText('places');
  await look('facility attributes');

  // Dialogs.
  await page.getByRole('button', { name: 'Settings' }).click();
  await look('settings dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Import data' }).click();
  await look('import dialog');
  await page.keyboard.press('Escape');

  // A plan with a candidate: the impact panel, the network tools, compare.
  await page.getByTestId('plan-new').click();
  await page.getByTestId('palette-nursery').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('impact-candidate')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('net-tool-path').click();
  await look('a plan with a candidate, path tool on');
  await page.keyboard.press('Escape');
  await page.getByTestId('plan-compare').click();
  await expect(page.getByTestId('compare-changes')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('compare-table')).toBeVisible({ timeout: 60_000 });
  await look('compare');
  await page.getByTestId('compare-panel').getByRole('button', { name: 'Close' }).click();

  // Suggested sites for nurseries, one pick.
  await page.getByTestId('suggest-category').selectOption('nursery');
  await page.getByTestId('suggest-k').fill('1');
  await page.getByTestId('suggest-run').click();
  await expect(page.getByTestId('suggest-result')).toBeVisible({ timeout: 90_000 });
  await look('suggested sites');

  // The 3D twin and each colouring's legend.
  await page.getByTestId('view-3d').click();
  for (const m of ['walk', 'covered', 'completeness', 'change', 'use']) {
    await page.getByTestId('twin-metric').selectOption(m);
    await expect(page.getByTestId('twin-legend')).toBeVisible();
    await look(`twin legend: ${m}`);
  }

  await page.getByTestId('open-overview').click();
  await expect(page.getByTestId('overview-indicators')).toBeVisible({ timeout: 60_000 });
  await look('overview');
  await page.getByTestId('leave-overview').click();

  await page.getByTestId('open-briefing').click();
  const counter = page.getByTestId('slide-counter');
  await expect(counter).toContainText('Slide 1 of');
  const total = Number((await counter.textContent())!.match(/of (\d+)/)![1]);
  for (let k = 0; k < total; k++) {
    await expect(counter).toContainText(`Slide ${k + 1} of`);
    await expect(page.getByTestId('slide-title')).toBeVisible({ timeout: 60_000 });
    await look(`briefing slide ${k + 1}`);
    if (k + 1 < total) await page.keyboard.press('ArrowRight');
  }
  await page.getByRole('button', { name: 'Slides' }).click();
  await look('briefing slide editor');
  await page.getByTestId('leave-briefing').click();

  expect(all, all.map((f) => `${f.where} · ${f.text}`).join('\n')).toEqual([]);
  expect(errors).toEqual([]);
});
