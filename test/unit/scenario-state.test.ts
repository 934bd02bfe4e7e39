// The app's plan state without the engine: every edit through updateScenario is undoable, saved,
// and never lost when another tab saved the same plan first; Ctrl+Z follows one ordered history of
// plan and standards edits.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { store } from '../../src/state/store.ts';
import {
  activeScenario, createScenario, deleteScenario, redoLatest, renameScenario, saved, startScenarios, undoLatest, undoPlan, redoPlan, updateScenario,
} from '../../src/state/scenario.ts';
import { editStandards } from '../../src/state/actions.ts';
import { ScenarioStorage } from '../../src/storage/scenarios.ts';
import type { Change, Scenario } from '../../workers/scenario/types.ts';
import type { Dataset } from '../../workers/model/dataset.ts';

const add = (id: string, lon = 117.3): Change => ({
  kind: 'facility_add', id, category: 'health_station', name: id, capacity: 8000, position: [lon, 31.86], origin: 'manual', site_id: null,
});

const ids = (s: Scenario | null) => s?.changes.map((c) => c.id) ?? [];

// Only meta.id is read by the plan state; the engine is not involved (no network loaded).
store.setState({ dataset: { meta: { id: 'jidong-test' } } as unknown as Dataset });
startScenarios();

describe('plan state', () => {
  it('starts a plan from the baseline, saves each edit, and undoes and redoes them in order', async () => {
    updateScenario('add a', (s) => { s.changes.push(add('a')); });
    const plan = activeScenario()!;
    expect(plan.revision).toBe(1);
    expect(store.getState().studio.notice?.key).toBe('plan.startedFromBaseline');
    updateScenario('add b', (s) => { s.changes.push(add('b')); });
    expect(ids(activeScenario())).toEqual(['a', 'b']);
    await saved();
    const disk = new ScenarioStorage();
    expect(ids(await disk.get(plan.id))).toEqual(['a', 'b']);
    expect((await disk.get(plan.id))!.revision).toBe(2);

    expect(store.getState().studio.undoLabel).toBe('add b');
    undoPlan();
    expect(ids(activeScenario())).toEqual(['a']);
    // Undo is a new revision on disk, never a rewrite of an old one.
    expect(activeScenario()!.revision).toBe(3);
    redoPlan();
    expect(ids(activeScenario())).toEqual(['a', 'b']);
    undoPlan();
    undoPlan();
    // The first undo step started the plan: it is gone and the baseline is in force again.
    expect(activeScenario()).toBeNull();
    expect(store.getState().scenarios.find((s) => s.id === plan.id)).toBeUndefined();
    await saved();
    expect(await disk.get(plan.id)).toBeNull();
    redoPlan();
    expect(store.getState().activeScenarioId).toBe(plan.id);
    expect(ids(activeScenario())).toEqual(['a']);
    await saved();
    expect(ids(await disk.get(plan.id))).toEqual(['a']);
    disk.close();
  });

  it('keeps quick repeats of one field as one undo step', () => {
    const id = createScenario('merge test');
    renameScenario(id, 'm');
    renameScenario(id, 'me');
    renameScenario(id, 'merged');
    expect(activeScenario()!.name).toBe('merged');
    undoPlan();
    expect(activeScenario()!.name).toBe('merge test');
  });

  it('keeps this tab\'s edit as a copy when another tab saved the plan first', async () => {
    const id = createScenario('shared');
    updateScenario('add x', (s) => { s.changes.push(add('x')); });
    await saved();
    const other = new ScenarioStorage();
    const stored = (await other.get(id))!;
    // The other tab saves its own edit before this tab hears of it.
    const theirs: Scenario = { ...stored, revision: stored.revision + 1, updated: new Date(Date.now() + 1000).toISOString(), changes: [...stored.changes, add('theirs')] };
    expect(await other.put(theirs, stored)).toEqual({ ok: true });
    updateScenario('add mine', (s) => { s.changes.push(add('mine')); });
    await saved();
    await saved();
    const s = store.getState();
    expect(s.studio.notice?.key).toBe('plan.conflict');
    // The stored version wins in place ...
    expect(ids(s.scenarios.find((p) => p.id === id)!)).toEqual(['x', 'theirs']);
    // ... and this tab's edit lives on as a new plan, which is now in force and saved.
    const copy = activeScenario()!;
    expect(copy.id).not.toBe(id);
    expect(copy.name).toContain('shared');
    expect(ids(copy)).toEqual(['x', 'mine']);
    expect(ids(await other.get(copy.id))).toEqual(['x', 'mine']);
    expect(ids(await other.get(id))).toEqual(['x', 'theirs']);
    other.close();
  });

  it('loads a newer version another tab announces, and drops a plan it deleted', async () => {
    const id = createScenario('watched');
    await saved();
    const other = new ScenarioStorage();
    const stored = (await other.get(id))!;
    const theirs: Scenario = { ...stored, revision: 2, updated: new Date(Date.now() + 5000).toISOString(), name: 'watched, edited there' };
    await other.put(theirs, stored);
    await expect.poll(() => store.getState().scenarios.find((p) => p.id === id)?.name).toBe('watched, edited there');
    expect(store.getState().studio.notice?.key).toBe('plan.updatedElsewhere');
    await other.remove(id, theirs);
    await expect.poll(() => store.getState().scenarios.some((p) => p.id === id)).toBe(false);
    expect(store.getState().activeScenarioId).toBe('baseline');
    other.close();
  });

  it('undoes the latest edit first, whether of a plan or of the standards table', async () => {
    const id = createScenario('ordered');
    updateScenario('plan edit', (s) => { s.changes.push(add('p1')); });
    const threshold = store.getState().standards.categories[0].threshold_m;
    editStandards('t0', (t) => { t.categories[0].threshold_m = threshold + 100; });
    updateScenario('plan edit 2', (s) => { s.changes.push(add('p2')); });
    undoLatest();
    expect(ids(activeScenario())).toEqual(['p1']);
    expect(store.getState().standards.categories[0].threshold_m).toBe(threshold + 100);
    undoLatest();
    expect(store.getState().standards.categories[0].threshold_m).toBe(threshold);
    expect(ids(activeScenario())).toEqual(['p1']);
    undoLatest();
    expect(ids(activeScenario())).toEqual([]);
    redoLatest();
    expect(ids(activeScenario())).toEqual(['p1']);
    redoLatest();
    expect(store.getState().standards.categories[0].threshold_m).toBe(threshold + 100);
    redoLatest();
    expect(ids(activeScenario())).toEqual(['p1', 'p2']);
    deleteScenario(id);
    expect(store.getState().activeScenarioId).toBe('baseline');
    undoLatest();
    expect(store.getState().activeScenarioId).toBe(id);
    await saved();
  });
});
