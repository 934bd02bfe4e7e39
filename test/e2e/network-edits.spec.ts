// Network edits in real Chromium: a footpath drawn on the map changes the covered population by
// what the engine computes in Node for the same plan, and undo takes it back; a gate's hours close
// it at night and the time-of-day control switches the coverage.
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitIdle } from './helpers.ts';
import { readFileSync } from 'node:fs';
import { loadStandards } from '../../scripts/lib/standards.ts';
import { Engine } from '../../workers/engine.ts';
import { analyze } from '../../workers/analysis/coverage.ts';
import { useScenario } from '../../workers/scenario/apply.ts';
import { buildOverlay, coverageReference, coverageWithEdits } from '../../workers/scenario/network-edits.ts';
import { toLonLat } from '../../workers/model/geo.ts';
import type { Dataset, Position } from '../../workers/model/dataset.ts';
import type { Change, Scenario } from '../../workers/scenario/types.ts';

// The dataset exactly as the app loads it (src/data/loadDataset.ts): the files as they are.
const read = (f: string) => JSON.parse(readFileSync(`data/jidong/${f}`, 'utf8'));
const ds: Dataset = {
  meta: read('meta.json'),
  ...Object.fromEntries(['communities', 'compounds', 'buildings', 'streets', 'facilities', 'sites', 'landuse'].map((k) => [k, read(`${k}.geojson`)])),
} as Dataset;
const std = loadStandards();
const engine = new Engine(ds);
const nc = engine.facts.communityIds.length;

function plan(changes: Change[], time: string | null = null): Scenario {
  return { format: 'circletwin-scenario', version: 1, id: 'e2e', name: 'e2e', dataset: ds.meta.id, created: '', updated: '', revision: 1, changes, time_of_day: time, slides: [] };
}

/** Covered target population of a category under a plan, from the engine in Node. */
function coveredIn(s: Scenario | null, category: string): number {
  useScenario(engine, s);
  try {
    return analyze(engine, std).categories[category as 'convenience']!.district.covered;
  } finally {
    useScenario(engine, null);
  }
}

/**
 * The footpath from the street in front of a convenience store straight to a compound gate within
 * 350 m that brings the most people within 300 m (打通: a direct way in through a side gate).
 */
function bestFootpath(): { from: Position; to: Position; gain: number } {
  const g = engine.graph;
  const ref = coverageReference(engine, std, std.profiles[0], engine.facilities);
  let best = { from: [0, 0] as Position, to: [0, 0] as Position, gain: 0 };
  engine.facilities.category.forEach((c, f) => {
    if (c !== 'convenience' || engine.facilities.access[f].length === 0) return;
    const r = engine.facilities.access[f][0];
    const u = g.edgeU[r.edge], v = g.edgeV[r.edge];
    const px = g.x[u] + r.t * (g.x[v] - g.x[u]), py = g.y[u] + r.t * (g.y[v] - g.y[u]);
    for (let k = 0; k < engine.gates.ids.length; k++) {
      const qx = engine.gates.xy[2 * k], qy = engine.gates.xy[2 * k + 1];
      const d = Math.hypot(qx - px, qy - py);
      if (d < 60 || d > 350) continue;
      const s = plan([{ kind: 'path_add', id: 'p', path_type: 'footpath', coordinates: [toLonLat(engine.proj, px, py), toLonLat(engine.proj, qx, qy)], penalty_m: 0, name: '' }]);
      const { overlay, problems } = buildOverlay(engine, s);
      if (problems.length || !overlay) continue;
      engine.setOverlay(overlay);
      const gain = coverageWithEdits(engine, ref, engine.facilities).convenience.covered[nc] - ref.cov.convenience.covered[nc];
      engine.setOverlay(null);
      if (gain > best.gain) best = { from: toLonLat(engine.proj, px, py), to: toLonLat(engine.proj, qx, qy), gain };
    }
  });
  return best;
}

async function clickAt(page: Page, p: Position) {
  const xy = await page.evaluate((q) => window.__circletwin!.map.project(q as [number, number]), p);
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  await page.mouse.click(box.x + xy.x, box.y + xy.y);
}

const storeCovered = (page: Page, category: string) =>
  page.evaluate((c) => window.__circletwin!.store.getState().analysis?.categories[c as 'convenience']?.district.covered ?? null, category);
const activePlan = (page: Page) => page.evaluate(() => {
  const s = window.__circletwin!.store.getState();
  return s.scenarios.find((x) => x.id === s.activeScenarioId) ?? null;
});

test('draw a footpath to a compound gate: the covered households change by the engine\'s figure, and undo restores it', async ({ page }) => {
  const path = bestFootpath();
  expect(path.gain).toBeGreaterThan(0);
  const { errors } = await openApp(page);
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('category-select').selectOption('convenience');
  const base = coveredIn(null, 'convenience');
  await expect.poll(() => storeCovered(page, 'convenience')).toBe(base);

  // South-west and north-east corners: given as the path's two ends, a path running west would read as bounds round the globe.
  const [w, e] = [Math.min(path.from[0], path.to[0]), Math.max(path.from[0], path.to[0])];
  const [s, n] = [Math.min(path.from[1], path.to[1]), Math.max(path.from[1], path.to[1])];
  await page.evaluate((b) => window.__circletwin!.map.fitBounds(b as [number, number, number, number], { padding: 200, duration: 0 }), [w, s, e, n]);
  await waitIdle(page);
  await page.getByTestId('net-tool-path').click();
  await clickAt(page, path.from);
  await clickAt(page, path.to);
  await expect(page.getByTestId('net-finish')).toContainText('2');
  await page.keyboard.press('Enter');

  // The plan now holds the path as drawn (ends snapped on the map); the engine in Node says what it covers.
  await expect.poll(async () => (await activePlan(page))?.changes.length ?? 0).toBe(1);
  const drawn = (await activePlan(page))!;
  expect(drawn.changes[0].kind).toBe('path_add');
  const expected = coveredIn(drawn as Scenario, 'convenience');
  expect(expected).toBeGreaterThan(base);
  await expect.poll(() => storeCovered(page, 'convenience'), { timeout: 30_000 }).toBe(expected);
  const target = analyze(engine, std).categories.convenience!.district.target;
  await expect(page.getByTestId('district-share')).toContainText(`${((expected / target) * 100).toFixed(1)}%`);
  // The edit is listed with what it contributes.
  await expect.poll(async () => Number((await page.getByTestId('net-gain').textContent() ?? '').replace(/[^\d.-]/g, ''))).toBe(Math.round(expected - base));
  await waitIdle(page);
  await page.screenshot({ path: 'test-results/network-edits-path.png' });

  // Undo: the new plan and its path go together, back to the baseline figure.
  await page.locator('.maplibregl-canvas').focus();
  await page.keyboard.press('Control+z');
  await expect.poll(() => storeCovered(page, 'convenience'), { timeout: 30_000 }).toBe(base);
  expect(errors).toEqual([]);
});

test('gate hours close a gate at night; the time of day switches the coverage', async ({ page }) => {
  // The dataset gate whose closing at night loses the most people the convenience-store standard.
  const ref = coverageReference(engine, std, std.profiles[0], engine.facilities);
  let pick = { gate: '', loss: 0 };
  for (const gate of engine.gates.ids) {
    const { overlay } = buildOverlay(engine, plan([{ kind: 'gate_state', id: 'x', gate, open: false }]));
    engine.setOverlay(overlay);
    const loss = ref.cov.convenience.covered[nc] - coverageWithEdits(engine, ref, engine.facilities).convenience.covered[nc];
    engine.setOverlay(null);
    if (loss > pick.loss) pick = { gate, loss };
  }
  expect(pick.loss).toBeGreaterThan(0);
  const [cid, k] = pick.gate.split('/');
  const at = ds.compounds.features.find((f) => f.properties.id === cid)!.properties.gates[Number(k)];

  const { errors } = await openApp(page);
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('category-select').selectOption('convenience');
  const base = coveredIn(null, 'convenience');
  await expect.poll(() => storeCovered(page, 'convenience')).toBe(base);

  await page.evaluate((p) => window.__circletwin!.map.jumpTo({ center: p as [number, number], zoom: 18 }), at);
  await waitIdle(page);
  await page.getByTestId('net-tool-gate').click();
  await clickAt(page, at);
  await expect(page.getByTestId('net-gate')).toContainText(pick.gate);
  await page.getByTestId('net-hours-open').fill('06:00');
  await page.getByTestId('net-hours-close').fill('22:00');
  await page.getByTestId('net-hours-set').click();
  await expect.poll(async () => (await activePlan(page))?.changes.find((c) => c.kind === 'gate_hours') ?? null)
    .toMatchObject({ gate: pick.gate, hours: { open: '06:00', close: '22:00' } });
  // Daytime: the gate is open, nothing changes.
  await expect.poll(() => storeCovered(page, 'convenience'), { timeout: 30_000 }).toBe(base);

  const isoKey = () => page.evaluate(() => JSON.stringify(window.__circletwin!.store.getState().isochrone?.features.map((f) => f.geometry)));
  await expect(page.getByTestId('iso-result')).toBeVisible();
  const dayIso = await isoKey();

  // Night (the control starts at 22:30): the gate is closed.
  await page.getByTestId('net-daytime').uncheck();
  const night = (await activePlan(page))!;
  expect(night.time_of_day).toBe('22:30');
  const expectedNight = coveredIn(night as Scenario, 'convenience');
  expect(expectedNight).toBe(base - pick.loss);
  await expect.poll(() => storeCovered(page, 'convenience'), { timeout: 30_000 }).toBe(expectedNight);
  await expect(page.getByTestId('net-gate')).toContainText('关闭');
  // The convenience stores' walking bands no longer pass the gate.
  // While the bands are recomputed there are none (never stale ones); then new ones come.
  await expect.poll(async () => { const k = await isoKey(); return k !== undefined && k !== dayIso; }, { timeout: 30_000 }).toBe(true);

  // Noon: open again.
  await page.getByTestId('net-time').fill('12:00');
  await expect.poll(async () => (await activePlan(page))?.time_of_day).toBe('12:00');
  await expect.poll(() => storeCovered(page, 'convenience'), { timeout: 30_000 }).toBe(base);
  await waitIdle(page);
  await page.screenshot({ path: 'test-results/network-edits-gate.png' });
  expect(errors).toEqual([]);
});

test('a gate added by clicking a compound wall and a street closed by clicking it', async ({ page }) => {
  // The wall point nearest a health station (kept off the corners), on the compound where a gate
  // there helps most, according to the engine in Node.
  const ref = coverageReference(engine, std, std.profiles[0], engine.facilities);
  let pick = { compound: '', at: [0, 0] as Position, gain: 0 };
  for (const c of ds.compounds.features) {
    const ring = c.geometry.coordinates[0].map((p) => [(p[0] - engine.proj.lon0) * engine.proj.kx, (p[1] - engine.proj.lat0) * engine.proj.ky]);
    engine.facilities.category.forEach((cat, f) => {
      if (cat !== 'health_station') return;
      const hx = engine.facilities.xy[2 * f], hy = engine.facilities.xy[2 * f + 1];
      let best = { d: Infinity, x: 0, y: 0 };
      for (let k = 0; k + 1 < ring.length; k++) {
        const [ax, ay] = ring[k], [bx, by] = ring[k + 1];
        const L2 = (bx - ax) ** 2 + (by - ay) ** 2;
        const t = L2 ? Math.max(0.1, Math.min(0.9, ((hx - ax) * (bx - ax) + (hy - ay) * (by - ay)) / L2)) : 0;
        const x = ax + t * (bx - ax), y = ay + t * (by - ay), d = Math.hypot(hx - x, hy - y);
        if (d < best.d) best = { d, x, y };
      }
      const at = toLonLat(engine.proj, best.x, best.y);
      const { overlay, problems } = buildOverlay(engine, plan([{ kind: 'gate_add', id: 'g', compound: String(c.properties.id), position: at, hours: null }]));
      if (problems.length || !overlay) return;
      engine.setOverlay(overlay);
      const gain = coverageWithEdits(engine, ref, engine.facilities).health_station.covered[nc] - ref.cov.health_station.covered[nc];
      engine.setOverlay(null);
      if (gain > pick.gain) pick = { compound: String(c.properties.id), at, gain };
    });
  }
  expect(pick.gain).toBeGreaterThan(0);

  const { errors } = await openApp(page);
  await expect(page.getByTestId('indicators-panel')).toBeVisible({ timeout: 60_000 });
  const base = coveredIn(null, 'health_station');
  await expect.poll(() => storeCovered(page, 'health_station')).toBe(base);
  await page.evaluate((p) => window.__circletwin!.map.jumpTo({ center: p as [number, number], zoom: 18 }), pick.at);
  await waitIdle(page);
  await page.getByTestId('net-tool-gate_add').click();
  await clickAt(page, pick.at);
  await expect.poll(async () => (await activePlan(page))?.changes.length ?? 0).toBe(1);
  const withGate = (await activePlan(page))!;
  expect(withGate.changes[0]).toMatchObject({ kind: 'gate_add', compound: pick.compound });
  const expected = coveredIn(withGate as Scenario, 'health_station');
  expect(expected).toBeGreaterThan(base);
  await expect.poll(() => storeCovered(page, 'health_station'), { timeout: 30_000 }).toBe(expected);
  await expect(page.getByTestId('net-edits')).not.toContainText('未采用');

  // Close the public street nearest the new gate: the click names that street in the plan.
  const g = engine.graph;
  const [gx, gy] = [(pick.at[0] - engine.proj.lon0) * engine.proj.kx, (pick.at[1] - engine.proj.lat0) * engine.proj.ky];
  const s = engine.index.nearest(gx, gy, 200, (e) => g.edgeZone[e] === -1)!;
  let line = 0;
  while (g.lineEdgeStart[line + 1] <= s.edge) line++;
  const street = g.lineIds[line];
  const foot = toLonLat(engine.proj, g.x[g.edgeU[s.edge]] + s.t * (g.x[g.edgeV[s.edge]] - g.x[g.edgeU[s.edge]]), g.y[g.edgeU[s.edge]] + s.t * (g.y[g.edgeV[s.edge]] - g.y[g.edgeU[s.edge]]));
  await page.getByTestId('net-tool-close').click();
  await clickAt(page, foot);
  await expect.poll(async () => (await activePlan(page))?.changes.find((c) => c.kind === 'way_close') ?? null).toMatchObject({ street });
  const closed = (await activePlan(page))!;
  await expect.poll(() => storeCovered(page, 'health_station'), { timeout: 30_000 }).toBe(coveredIn(closed as Scenario, 'health_station'));
  await expect(page.getByTestId('net-edit')).toHaveCount(2);
  await waitIdle(page);
  await page.screenshot({ path: 'test-results/network-edits-gate-add.png' });
  expect(errors).toEqual([]);
});
