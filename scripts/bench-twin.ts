// Twin benchmark in real Chromium: frame times while orbiting the district and the large generated
// city in 3D, and the time from a candidate drop to recoloured buildings on screen.
//   npm run bench:twin -- [--out bench-twin.json] [--scale 15] [--seconds 8] [--min-frames 3] [--no-city] [--gpu]
//   (BENCH_CHROMIUM_ARGS="..." to give Chromium other flags)
// Writes JSON with the renderer string: software rendering (SwiftShader) is far slower than a GPU,
// so the targets (district ≥ 60 fps, 300,000 buildings ≥ 30 fps) are for a real GPU (--gpu).
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { tileCity, CENTER } from './lib/build.ts';
import { DISTRICT, type P } from './lib/district.ts';
import { GeoJsonSink } from './lib/geojson-sink.ts';
import { USES } from '../src/twin/buildings.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : def;
};
const OUT = opt('out', 'bench-twin.json');
const SCALE = Number(opt('scale', '15'));
const SECONDS = Number(opt('seconds', '8'));
// A software renderer may take longer than `seconds` for one frame of the city: orbit at least this many.
const MIN_FRAMES = Number(opt('min-frames', '3'));
const CITY = !args.includes('--no-city');
const GPU = args.includes('--gpu');
const DIR = resolve('.cache/bench-twin');

function percentiles(v: number[]) {
  const s = [...v].sort((a, b) => a - b);
  const q = (p: number) => s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { frames: s.length, p50_ms: r(q(0.5)), p95_ms: r(q(0.95)), p99_ms: r(q(0.99)), max_ms: r(s[s.length - 1] ?? NaN), mean_fps: r(1000 / mean) };
}

/** The generated city's buildings only, as the flat arrays the twin draws. */
function cityBuildings(dir: string) {
  const starts: number[] = [0];
  const pos: number[] = [];
  const height: number[] = [];
  const use: number[] = [];
  class BuildingsSink extends GeoJsonSink {
    constructor() {
      super(CENTER, [DISTRICT.width / 2, DISTRICT.height / 2] as P);
      this.street = () => undefined;
      this.compound = () => undefined;
      this.community = () => undefined;
      this.facility = () => undefined;
      this.site = () => undefined;
      this.landuse = () => undefined;
      this.building = (props, ring) => {
        const ll = ring.map(this.ll);
        // Counter-clockwise, closed: what the twin's layer is told to expect.
        let a = 0;
        for (let k = 0; k < ll.length; k++) {
          const p = ll[k], q = ll[(k + 1) % ll.length];
          a += p[0] * q[1] - q[0] * p[1];
        }
        if (a < 0) ll.reverse();
        if (ll[0][0] !== ll[ll.length - 1][0] || ll[0][1] !== ll[ll.length - 1][1]) ll.push(ll[0]);
        for (const p of ll) pos.push(p[0], p[1]);
        starts.push(pos.length / 2);
        height.push(props.height > 0 ? props.height : Math.max(1, props.floors) * 3);
        const u = USES.indexOf(props.use);
        use.push(u < 0 ? 255 : u);
      };
    }
  }
  const sink = new BuildingsSink();
  tileCity(20180701, SCALE, sink, () => undefined);
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i < pos.length; i += 2) {
    w = Math.min(w, pos[i]); e = Math.max(e, pos[i]); s = Math.min(s, pos[i + 1]); n = Math.max(n, pos[i + 1]);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'starts.bin'), new Uint32Array(starts));
  writeFileSync(join(dir, 'positions.bin'), new Float64Array(pos));
  writeFileSync(join(dir, 'height.bin'), new Float32Array(height));
  writeFileSync(join(dir, 'use.bin'), new Uint8Array(use));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ count: height.length, vertices: pos.length / 2, bbox: [w, s, e, n] }));
  return height.length;
}

const MIME: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.geojson': 'application/geo+json', '.bin': 'application/octet-stream', '.png': 'image/png', '.svg': 'image/svg+xml',
};

function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(root, path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    ok({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
  }));
}

/** Orbits the camera one degree per frame for `seconds` (and at least MIN_FRAMES frames); returns the frame intervals. */
function orbit(page: Page, seconds: number, handle: string) {
  return page.evaluate(([s, h, minFrames]) => new Promise<number[]>((done) => {
    type Cam = { getBearing(): number; setBearing(b: number): void };
    const map: Cam = h === 'app' ? window.__circletwin!.map : (window as unknown as { bench: { map: Cam } }).bench.map;
    const times: number[] = [];
    let last = 0;
    const end = performance.now() + (s as number) * 1000;
    const step = (t: number) => {
      if (last) times.push(t - last);
      last = t;
      if (t > end && times.length >= (minFrames as number)) {
        done(times);
        return;
      }
      map.setBearing(map.getBearing() + 1);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }), [seconds, handle, MIN_FRAMES] as const);
}

async function main() {
  const t0 = Date.now();
  mkdirSync(DIR, { recursive: true });
  console.error('building the app and the city page…');
  await build({ configFile: resolve('vite.config.ts'), logLevel: 'error', build: { outDir: join(DIR, 'www'), emptyOutDir: true } });
  await build({
    configFile: false, root: resolve('scripts/bench-twin'), base: '/bench-city/', logLevel: 'error', plugins: [react()],
    build: { outDir: join(DIR, 'www', 'bench-city'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
  });
  let cityCount = 0;
  if (CITY) {
    console.error(`generating the ${SCALE} × ${SCALE} city's buildings…`);
    cityCount = cityBuildings(join(DIR, 'www', 'bench-city', 'data'));
  }
  const { server, url } = await serve(join(DIR, 'www'));
  // --gpu: hardware WebGL through ANGLE on Vulkan, the usual way to a GPU in headless Chromium on Linux;
  // BENCH_CHROMIUM_ARGS (space-separated) replaces the flags when a machine needs others. The JSON's
  // `renderer` and `software` say which renderer was actually used.
  const launchArgs = process.env.BENCH_CHROMIUM_ARGS ? process.env.BENCH_CHROMIUM_ARGS.split(/\s+/).filter(Boolean) : GPU
    ? ['--no-sandbox', '--ignore-gpu-blocklist', '--enable-gpu', '--use-angle=vulkan', '--enable-features=Vulkan',
      '--disable-vulkan-surface', '--disable-background-networking', '--disable-component-update', '--no-first-run']
    : CHROMIUM_ARGS;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: launchArgs });
  const result: Record<string, unknown> = { date: new Date().toISOString(), seconds_per_orbit: SECONDS, min_frames: MIN_FRAMES, gpu_flag: GPU, viewport: '1600x900' };
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    // tsx names inner functions through a `__name` helper that the page does not have.
    await page.addInitScript('window.__name = (f) => f');
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // The district in the app, 3D, every effect the renderer allows.
    await page.goto(`${url}/?view=3d&category=health_station`);
    await page.waitForFunction(() => {
      const w = window.__circletwin;
      return !!w?.twin && !!w.store.getState().analysis && w.twin.drawnVersion === w.twin.colourVersion && w.twin.colourVersion > 0;
    }, null, { timeout: 120_000 });
    await page.evaluate(() => new Promise<void>((r) => { window.__circletwin!.map.once('idle', () => r()); window.__circletwin!.map.triggerRepaint(); }));
    const renderer = await page.evaluate(() => window.__circletwin!.twin!.renderer);
    result.renderer = renderer;
    result.software = await page.evaluate(() => window.__circletwin!.twin!.software);
    const district = percentiles(await orbit(page, SECONDS, 'app'));
    // Candidate drops: the palette places a health station at the map centre (as a drop does);
    // timed from the key press to the first frame showing the recoloured buildings.
    const drops: number[] = [];
    const spots = await page.evaluate(() => {
      const s = window.__circletwin!.store.getState();
      const r = s.analysis!.categories.health_station!;
      const out: Array<[number, number]> = [];
      const homes = s.dataset!.buildings.features.filter((f, i) => f.properties.population > 0 && !(r.dist[i] <= r.threshold_m));
      for (let k = 0; k < 5 && homes.length; k++) out.push(homes[Math.floor(((k + 0.5) * homes.length) / 5)].geometry.coordinates[0][0]);
      return out;
    });
    for (const spot of spots) {
      await page.evaluate((c) => window.__circletwin!.map.jumpTo({ center: c, zoom: 15.5 }), spot);
      await page.evaluate(() => new Promise<void>((r) => { window.__circletwin!.map.once('idle', () => r()); window.__circletwin!.map.triggerRepaint(); }));
      await page.getByTestId('palette-health_station').focus();
      const before = await page.evaluate(() => {
        const w = window.__circletwin!;
        (window as unknown as { __dropAt: number }).__dropAt = 0;
        window.addEventListener('keydown', () => { (window as unknown as { __dropAt: number }).__dropAt = performance.now(); }, { once: true, capture: true });
        return w.twin!.colourVersion;
      });
      await page.keyboard.press('Enter');
      const ms = await page.evaluate((v) => new Promise<number>((done) => {
        const check = () => {
          const w = window.__circletwin!;
          const t = w.twin!;
          if (t.colourVersion > v && t.drawnVersion === t.colourVersion && !w.store.getState().live && w.store.getState().analysisStatus === 'done') {
            done(t.drawnAt - (window as unknown as { __dropAt: number }).__dropAt);
          } else requestAnimationFrame(check);
        };
        check();
      }), before);
      drops.push(Math.round(ms * 10) / 10);
    }
    result.district = { buildings: await page.evaluate(() => window.__circletwin!.twin!.buildings), orbit: district, drop_to_recolour_ms: drops,
      drop_to_recolour_median_ms: [...drops].sort((a, b) => a - b)[Math.floor(drops.length / 2)] };

    if (CITY) {
      const city = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await city.addInitScript('window.__name = (f) => f');
      city.on('pageerror', (e) => console.error('city page error:', e.message));
      await city.goto(`${url}/bench-city/`);
      await city.waitForFunction(() => (window as unknown as { bench?: { ready: () => boolean } }).bench?.ready(), null, { timeout: 600_000 });
      const orbitCity = percentiles(await orbit(city, SECONDS, 'city'));
      const recolour: number[] = [];
      for (let k = 1; k <= 3; k++) {
        recolour.push(Math.round(await city.evaluate((s) => (window as unknown as { bench: { recolour: (s: number) => Promise<number> } }).bench.recolour(s), k) * 10) / 10);
      }
      result.city = { scale: SCALE, buildings: cityCount, orbit: orbitCity, recolour_ms: recolour };
    }
  } finally {
    await browser.close();
    server.close();
  }
  result.targets = { district_fps: 60, city_fps: 30, note: 'targets apply on a real GPU; software rendering is reported for reference' };
  result.total_s = Math.round((Date.now() - t0) / 100) / 10;
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
