import type { Page } from '@playwright/test';

/** Opens the app, collecting console errors and any request that leaves localhost. */
export async function openApp(page: Page) {
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) external.push(r.url());
  });
  await page.goto('/');
  await page.waitForFunction(() => !!window.__circletwin?.map, null, { timeout: 60_000 });
  await waitIdle(page);
  return { errors, external };
}

/** Resolves when MapLibre has nothing left to load or draw. */
export async function waitIdle(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => {
    const map = window.__circletwin!.map;
    if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) {
      map.once('idle', () => resolve());
      map.triggerRepaint();
    } else {
      map.once('idle', () => resolve());
    }
  }));
}

export async function renderedCount(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => window.__circletwin!.map.queryRenderedFeatures({ layers: [id] }).length, layer);
}
