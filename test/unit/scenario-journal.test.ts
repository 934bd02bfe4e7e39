// The write-ahead journal: an edit journaled synchronously survives a reload that ends the page
// before its IndexedDB write commits, and is replayed on the next start.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

const mem = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (k: string) => mem.get(k) ?? null,
  setItem: (k: string, v: string) => { mem.set(k, v); },
  removeItem: (k: string) => { mem.delete(k); },
  key: (i: number) => [...mem.keys()][i] ?? null,
  get length() { return mem.size; },
});

const { journal, journaled, unjournal, ScenarioStorage } = await import('../../src/storage/scenarios.ts');
const { store } = await import('../../src/state/store.ts');
const { startScenarios, saved } = await import('../../src/state/scenario.ts');
import type { Scenario } from '../../workers/scenario/types.ts';
import type { Dataset } from '../../workers/model/dataset.ts';

const plan = (revision: number, names: string[]): Scenario => ({
  format: 'circletwin-scenario', version: 1, id: 'p-journal', name: 'journal', dataset: 'ds-journal', created: '2026-11-23T00:00:00Z',
  updated: `2026-11-23T00:00:0${revision}Z`, revision, time_of_day: null, slides: [],
  changes: names.map((id) => ({ kind: 'facility_add', id, category: 'nursery', name: id, capacity: 9, position: [117.3, 31.86], origin: 'manual' })),
});

describe('plan journal', () => {
  it('keeps an entry until the same version is stored, then drops it', () => {
    journal(plan(2, ['a']), plan(1, []));
    expect(journaled('ds-journal').map((e) => e.plan.revision)).toEqual([2]);
    unjournal(plan(1, []));
    expect(journaled('ds-journal')).toHaveLength(1);
    unjournal(plan(2, ['a']));
    expect(journaled('ds-journal')).toHaveLength(0);
  });

  it('replays an edit whose IndexedDB write never happened when the plans load again', async () => {
    const disk = new ScenarioStorage();
    expect((await disk.put(plan(1, ['a']), null)).ok).toBe(true);
    // The page made revision 2 and was reloaded before the write: only the journal has it.
    journal(plan(2, ['a', 'b']), plan(1, ['a']));
    store.setState({ dataset: { meta: { id: 'ds-journal' } } as unknown as Dataset });
    startScenarios();
    await vi.waitFor(() => expect(store.getState().scenarios.find((p) => p.id === 'p-journal')?.revision).toBe(2));
    await saved();
    expect((await disk.get('p-journal'))!.changes.map((c) => c.id)).toEqual(['a', 'b']);
    expect(journaled('ds-journal')).toHaveLength(0);
  });
});
