// The app's drawn-boundary state with the real engine in process (behind comlink, as in the
// browser) and IndexedDB faked: each add, rename and delete is saved at once, re-runs the analysis
// with the drawn scopes, takes its place in the one ordered undo history beside standards edits, and
// is read back with its dataset only.
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { store } from '../../src/state/store.ts';
import { setWorkerFactory } from '../../src/engine/client.ts';
import { addBoundary, boundariesSaved, drawnCounts, drawnScopeOf, removeBoundary, renameBoundary, scopedDataset, startBoundaries } from '../../src/state/boundaries.ts';
import { redoLatest, startScenarios, undoLatest } from '../../src/state/scenario.ts';
import { editStandards, loadIntoEngine } from '../../src/state/actions.ts';
import { deleteDataset, loadBoundaries } from '../../src/storage/datasets.ts';
import { EngineApi } from '../../workers/api.ts';
import { UNASSIGNED_ID } from '../../workers/model/drawn-zones.ts';
import { validateDataset } from '../../workers/model/validate.ts';
import type { Dataset } from '../../workers/model/dataset.ts';
import { fixture, ll } from './fixtures.ts';

type XY = [number, number];
const rect = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]].map((p) => ll(p as XY));

/** A 1 km square of streets; three buildings west (10 + 20 + 30 residents), two east (40 + 50), a clinic east. */
function dataset(id: string): Dataset {
  const ds = validateDataset(fixture({
    streets: [{ pts: [[0, 0], [1000, 0]] }, { pts: [[0, 0], [0, 1000]] }, { pts: [[1000, 0], [1000, 1000]] }, { pts: [[0, 1000], [1000, 1000]] }],
    buildings: [
      { id: 'w1', at: [100, 100], population: 10 }, { id: 'w2', at: [200, 300], population: 20 }, { id: 'w3', at: [300, 700], population: 30 },
      { id: 'e1', at: [700, 200], population: 40 }, { id: 'e2', at: [800, 800], population: 50 },
    ],
    facilities: [{ id: 'clinic', category: 'health_station', at: [750, 500] }],
    communities: [{ id: 'c1', ring: [[-10, -10], [1010, -10], [1010, 1010], [-10, 1010], [-10, -10]] }],
  }), { estimate: false }).dataset;
  return { ...ds, meta: { ...ds.meta, id } };
}

// The engine answers over a message channel, as the worker does in the browser.
setWorkerFactory(() => {
  const { port1, port2 } = new MessageChannel();
  expose(new EngineApi(), port2 as unknown as Parameters<typeof expose>[1]);
  return Object.assign(port1, { terminate: () => { port1.close(); port2.close(); } }) as unknown as Worker;
});
afterAll(() => setWorkerFactory(null));

startScenarios();
startBoundaries();

/** Resolves once every write has landed and the engine has analysed with these scopes (drawn ids then 其他, or the dataset's own). */
async function settled(drawn: boolean) {
  await boundariesSaved();
  const want = () => (drawn ? [...store.getState().boundaries.entries.map((e) => e.boundary.id), UNASSIGNED_ID] : ['c1']);
  await expect.poll(() => {
    const s = store.getState();
    return s.engineStatus === 'ready' && s.analysisStatus === 'done' ? s.analysis!.communities.map((c) => c.id) : null;
  }, { timeout: 20_000 }).toEqual(want());
}

const west = rect(50, 50, 400, 750);

describe('drawn boundaries in the app', () => {
  const A = dataset('zones-state-a');

  it('are added, counted, analysed and saved; rename and delete are saved too', async () => {
    store.setState({ dataset: A });
    await loadIntoEngine(A);
    expect(store.getState().boundaries.storage).toBe('ok');
    expect(scopedDataset()).toBe(A);
    expect(drawnCounts(store.getState())).toBeNull();

    addBoundary(west, ' 西片 ', '');
    await settled(true);
    const [entry] = store.getState().boundaries.entries;
    // The English name falls back to the Chinese one; names are trimmed.
    expect(entry.boundary).toMatchObject({ name: '西片', name_en: '西片' });
    expect(drawnCounts(store.getState())).toEqual({
      counts: { [entry.boundary.id]: { buildings: 3, population: 60 } },
      unassigned: { buildings: 2, population: 90, facilities: 1 },
    });
    const a = store.getState().analysis!;
    expect(a.communities.map((c) => c.id)).toEqual([entry.boundary.id, UNASSIGNED_ID]);
    expect(a.buildingCommunity).toEqual([entry.boundary.id, entry.boundary.id, entry.boundary.id, UNASSIGNED_ID, UNASSIGNED_ID]);
    // Panels that list communities see the drawn one and 其他, and a clicked building names its scope.
    expect(scopedDataset()!.communities.features.map((f) => [f.properties.id, f.properties.population])).toEqual([[entry.boundary.id, 60], [UNASSIGNED_ID, 90]]);
    expect(drawnScopeOf(store.getState(), 'building', 'e2')).toBe(UNASSIGNED_ID);
    expect(drawnScopeOf(store.getState(), 'building', 'w3')).toBe(entry.boundary.id);
    expect((await loadBoundaries(A.meta.id)).map((r) => (r.boundary as { name: string }).name)).toEqual(['西片']);

    renameBoundary(entry.boundary.id, '西区', 'West');
    await settled(true);
    expect(store.getState().analysis!.communities[0]).toMatchObject({ name: '西区', name_en: 'West' });
    expect((await loadBoundaries(A.meta.id)).map((r) => (r.boundary as { name_en: string }).name_en)).toEqual(['West']);

    removeBoundary(entry.boundary.id);
    await settled(false);
    expect(await loadBoundaries(A.meta.id)).toEqual([]);
    // Without drawn boundaries the dataset's own scope is back.
    expect(store.getState().analysis!.communities.map((c) => c.id)).toEqual(['c1']);
    expect(scopedDataset()).toBe(A);
  });

  it('undo and redo follow one history with standards edits, in the order they were made', async () => {
    const limit = () => store.getState().standards.categories.find((c) => c.id === 'health_station')!.threshold_m;
    const before = limit();
    addBoundary(west, '西片', 'West');                                     // 1: a boundary
    editStandards('hs', (s) => { s.categories.find((c) => c.id === 'health_station')!.threshold_m = before + 100; }); // 2: the table
    await settled(true);
    const id = store.getState().boundaries.entries[0].boundary.id;
    undoLatest();                                                          // takes back 2
    expect(limit()).toBe(before);
    expect(store.getState().boundaries.entries).toHaveLength(1);
    undoLatest();                                                          // takes back 1
    expect(store.getState().boundaries.entries).toHaveLength(0);
    await settled(false);
    expect(await loadBoundaries(A.meta.id)).toEqual([]);
    redoLatest();                                                          // 1 again (undone last)
    expect(store.getState().boundaries.entries.map((e) => e.boundary.id)).toEqual([id]);
    expect(limit()).toBe(before);
    redoLatest();                                                          // 2 again
    expect(limit()).toBe(before + 100);
    await settled(true);
    expect((await loadBoundaries(A.meta.id)).map((r) => (r.boundary as { id: string }).id)).toEqual([id]);
    expect(store.getState().boundaries).toMatchObject({ undoKey: 'zones.edit.add', redoKey: null });
  });

  it('are kept with their dataset only, read back after a switch, and deleted with it', async () => {
    const B = dataset('zones-state-b');
    store.setState({ dataset: B });
    await loadIntoEngine(B);
    expect(store.getState().boundaries).toMatchObject({ dataset: B.meta.id, entries: [], undoKey: null, redoKey: null });
    expect(store.getState().analysis!.communities.map((c) => c.id)).toEqual(['c1']);
    // Back on A: its boundary is read from storage and is the scope again.
    store.setState({ dataset: A });
    await loadIntoEngine(A);
    expect(store.getState().boundaries.entries.map((e) => e.boundary.name)).toEqual(['西片']);
    expect(store.getState().analysis!.communities.map((c) => c.name)).toEqual(['西片', '其他（手绘边界以外）']);
    await deleteDataset(A.meta.id);
    expect(await loadBoundaries(A.meta.id)).toEqual([]);
  });
});
