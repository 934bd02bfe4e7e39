// Plans kept in IndexedDB (database 'circletwin-scenarios'), written on every edit, so a reload, a
// crash or a closed tab loses nothing. Two tabs share the database: every write names the revision
// it was based on and is refused when the stored one has moved on (the other tab saved first), and
// every successful write is announced on a BroadcastChannel so the other tab can load it at once.
import { openDB, type IDBPDatabase } from 'idb';
import type { Scenario } from '../../workers/scenario/types.ts';

export const DB_NAME = 'circletwin-scenarios';
const STORE = 'scenarios';
const CHANNEL = 'circletwin-scenarios';

/** What another tab did, as announced on the channel. */
export type StorageEvent =
  | { type: 'put'; id: string; revision: number; tab: string }
  | { type: 'delete'; id: string; tab: string };

/** The version a write was based on: revision and save time together, so two tabs that both move a plan from revision n to n + 1 still tell each other's writes apart. */
export type Version = Pick<Scenario, 'revision' | 'updated'>;

export function sameVersion(a: Version | null, b: Version | null): boolean {
  if (!a || !b) return a === b;
  return a.revision === b.revision && a.updated === b.updated;
}

/** A refused write: the stored plan (null if another tab deleted it) is newer than the edit's base. */
export interface Stale {
  ok: false;
  current: Scenario | null;
}
export type WriteResult = { ok: true } | Stale;

export class ScenarioStorage {
  private db: Promise<IDBPDatabase> | null = null;
  private channel: BroadcastChannel | null = null;
  readonly tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(private readonly onEvent: (e: StorageEvent) => void = () => {}) {
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (m: MessageEvent<StorageEvent>) => {
        if (m.data && m.data.tab !== this.tab) this.onEvent(m.data);
      };
    }
  }

  private open(): Promise<IDBPDatabase> {
    if (!this.db) {
      this.db = openDB(DB_NAME, 1, {
        upgrade(db) {
          const s = db.createObjectStore(STORE, { keyPath: 'id' });
          s.createIndex('dataset', 'dataset');
        },
      });
      // A failed open (private mode, blocked) is retried on the next call rather than cached.
      this.db.catch(() => { this.db = null; });
    }
    return this.db;
  }

  /** The plans saved for a dataset, oldest first. */
  async list(dataset: string): Promise<Scenario[]> {
    const db = await this.open();
    const all = (await db.getAllFromIndex(STORE, 'dataset', dataset)) as Scenario[];
    return all.sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<Scenario | null> {
    const db = await this.open();
    return ((await db.get(STORE, id)) as Scenario | undefined) ?? null;
  }

  /**
   * Saves `s` if the stored copy is still the version `base` (null: the plan must not exist yet).
   * Check and write happen in one transaction, so two tabs cannot both pass the check.
   */
  async put(s: Scenario, base: Version | null): Promise<WriteResult> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const cur = ((await tx.store.get(s.id)) as Scenario | undefined) ?? null;
    if (!sameVersion(cur, base)) {
      await tx.done;
      return { ok: false, current: cur };
    }
    await tx.store.put(s);
    await tx.done;
    this.post({ type: 'put', id: s.id, revision: s.revision, tab: this.tab });
    return { ok: true };
  }

  /** Deletes a plan if it is still the version `base` (already gone counts as done). */
  async remove(id: string, base: Version): Promise<WriteResult> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const cur = ((await tx.store.get(id)) as Scenario | undefined) ?? null;
    if (cur && !sameVersion(cur, base)) {
      await tx.done;
      return { ok: false, current: cur };
    }
    if (cur) await tx.store.delete(id);
    await tx.done;
    this.post({ type: 'delete', id, tab: this.tab });
    return { ok: true };
  }

  close() {
    this.channel?.close();
    this.channel = null;
    void this.db?.then((db) => db.close());
    this.db = null;
  }

  private post(e: StorageEvent) {
    try {
      this.channel?.postMessage(e);
    } catch {
      // A closed channel only loses the hint; the revision check still guards every write.
    }
  }
}

// A write-ahead journal in localStorage. IndexedDB writes are asynchronous: a reload or a crash a
// moment after an edit can end the page before the write commits. The journal entry is written
// synchronously with the edit and removed once IndexedDB has it; on the next start an entry whose
// base is still what IndexedDB holds is replayed, so the edit is not lost.
const JOURNAL_PREFIX = 'circletwin.plan-journal.';

export interface JournalEntry {
  plan: Scenario;
  base: Version | null;
}

export function journal(plan: Scenario, base: Version | null): void {
  try {
    localStorage.setItem(JOURNAL_PREFIX + plan.id, JSON.stringify({ plan, base }));
  } catch {
    // A full or missing localStorage leaves only the IndexedDB write, as before.
  }
}

/** Drops the entry once `written` (or a later version) is safely in IndexedDB. */
export function unjournal(written: Scenario): void {
  let entry: JournalEntry | null = null;
  try {
    const raw = localStorage.getItem(JOURNAL_PREFIX + written.id);
    if (!raw) return;
    entry = JSON.parse(raw) as JournalEntry;
  } catch {
    // Unreadable: dropped below like a stale one.
  }
  if (!entry?.plan || sameVersion(entry.plan, written)) dropJournal(written.id);
}

/** Journal entries for a dataset's plans that IndexedDB may not have received. */
export function journaled(dataset: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  try {
    for (let k = 0; k < localStorage.length; k++) {
      const key = localStorage.key(k);
      if (!key?.startsWith(JOURNAL_PREFIX)) continue;
      try {
        const e = JSON.parse(localStorage.getItem(key)!) as JournalEntry;
        if (e?.plan?.dataset === dataset) out.push(e);
      } catch {
        localStorage.removeItem(key);
      }
    }
  } catch {
    // No localStorage: nothing journaled.
  }
  return out;
}

export function dropJournal(id: string): void {
  try {
    localStorage.removeItem(JOURNAL_PREFIX + id);
  } catch {
    // Nothing to drop without localStorage.
  }
}
