// Plans in IndexedDB (fake-indexeddb): a write names the version it was based on and is refused when
// another tab saved first; the other tab hears of every write on the BroadcastChannel.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioStorage, type StorageEvent } from '../../src/storage/scenarios.ts';
import type { Scenario } from '../../workers/scenario/types.ts';

function plan(id: string, revision: number, updated: string, dataset = 'jidong'): Scenario {
  return {
    format: 'circletwin-scenario', version: 1, id, name: `plan ${id}`, dataset, created: '2026-11-23T00:00:00.000Z', updated, revision,
    changes: [], time_of_day: null, slides: [],
  };
}

const opened: ScenarioStorage[] = [];
function tab(onEvent?: (e: StorageEvent) => void) {
  const s = new ScenarioStorage(onEvent);
  opened.push(s);
  return s;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

describe('scenario storage', () => {
  it('creates, updates from the stored version and lists plans per dataset in creation order', async () => {
    const st = tab();
    const v1 = plan('a', 1, 't1');
    expect(await st.put(v1, null)).toEqual({ ok: true });
    const v2 = { ...v1, revision: 2, updated: 't2', name: 'renamed' };
    expect(await st.put(v2, v1)).toEqual({ ok: true });
    expect(await st.get('a')).toEqual(v2);
    await st.put({ ...plan('b', 1, 't1'), created: '2026-11-22T00:00:00.000Z' }, null);
    await st.put(plan('c', 1, 't1', 'elsewhere'), null);
    expect((await st.list('jidong')).map((p) => p.id)).toEqual(['b', 'a']);
  });

  it('refuses a write based on a version another tab has replaced, and returns the stored one', async () => {
    const one = tab(), two = tab();
    const v1 = plan('a', 1, 't1');
    await one.put(v1, null);
    const theirs = { ...v1, revision: 2, updated: 'two-t2', name: 'from tab two' };
    expect(await two.put(theirs, v1)).toEqual({ ok: true });
    // Tab one also moves revision 1 to 2: the same revision number, but not the version it was based on.
    const mine = { ...v1, revision: 2, updated: 'one-t2', name: 'from tab one' };
    expect(await one.put(mine, v1)).toEqual({ ok: false, current: theirs });
    // Even naming the right revision number with another save time is stale.
    expect(await one.put({ ...mine, revision: 3 }, { revision: 2, updated: 'one-t2' })).toEqual({ ok: false, current: theirs });
    expect(await one.get('a')).toEqual(theirs);
    // Creating a plan whose id exists is refused too.
    expect(await one.put(plan('a', 1, 'x'), null)).toEqual({ ok: false, current: theirs });
  });

  it('deletes only the version the tab has seen', async () => {
    const st = tab();
    const v1 = plan('a', 1, 't1');
    await st.put(v1, null);
    const v2 = { ...v1, revision: 2, updated: 't2' };
    await st.put(v2, v1);
    expect(await st.remove('a', v1)).toEqual({ ok: false, current: v2 });
    expect(await st.get('a')).toEqual(v2);
    expect(await st.remove('a', v2)).toEqual({ ok: true });
    expect(await st.get('a')).toBeNull();
  });

  it('tells the other tab about each write and delete, not the tab that wrote', async () => {
    const heardByOne: StorageEvent[] = [], heardByTwo: StorageEvent[] = [];
    const one = tab((e) => heardByOne.push(e)), two = tab((e) => heardByTwo.push(e));
    const v1 = plan('a', 1, 't1');
    await one.put(v1, null);
    await one.remove('a', v1);
    await expect.poll(() => heardByTwo.length).toBe(2);
    expect(heardByTwo.map((e) => [e.type, e.id])).toEqual([['put', 'a'], ['delete', 'a']]);
    expect(heardByTwo[0]).toMatchObject({ revision: 1, tab: one.tab });
    await new Promise((r) => setTimeout(r, 50));
    expect(heardByOne).toEqual([]);
    expect(two.tab).not.toBe(one.tab);
  });
});
