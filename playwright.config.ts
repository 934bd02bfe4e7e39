import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

// E2E_PORT lets several checkouts (or people) run the suite side by side, each with its own build.
const port = Number(process.env.E2E_PORT ?? 4173);
const outDir = port === 4173 ? 'dist' : `dist-e2e-${port}`;

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  outputDir: `test-results/e2e-artifacts${port === 4173 ? '' : `-${port}`}`,
  reporter: [['list'], ['json', { outputFile: `test-results/e2e${port === 4173 ? '' : `-${port}`}.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Every test starts as a returning visitor who has seen the first-visit guide (a modal that would
    // hold every click); test/e2e/map-readable.spec.ts starts without it to test the guide itself.
    storageState: { cookies: [], origins: [{ origin: `http://127.0.0.1:${port}`, localStorage: [{ name: 'circletwin.guide.v1', value: 'seen' }] }] },
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite build --outDir ${outDir} --emptyOutDir && npx vite preview --outDir ${outDir} --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
