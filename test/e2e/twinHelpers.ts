import type { Page } from '@playwright/test';
export { waitIdle } from './helpers.ts';

/** Opens the app at a URL (view parameters included), collecting console errors. */
export async function openAppAt(page: Page, url: string) {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => !!window.__circletwin?.map && !!window.__circletwin.twin, null, { timeout: 60_000 });
  return { errors };
}
