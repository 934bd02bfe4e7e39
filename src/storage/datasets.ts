// Imported datasets kept in the browser (IndexedDB 'circletwin-datasets'): a small index for the
// list, and each dataset stored whole under its id. Nothing is overwritten: a new import gets a new id.
// Community boundaries the user draws are the user's own layer beside a dataset ('boundaries', one
// record per boundary keyed by dataset and boundary id): the dataset record is never rewritten for
// them, the built-in district (stored nowhere) gets them too, and two tabs drawing at once each
// keep their own boundaries.
import { openDB, type IDBPDatabase } from 'idb';
import type { Dataset, LayerName } from '../../workers/model/dataset.ts';
import type { ZoneMethod } from '../../workers/model/zones.ts';
import type { DrawnBoundary } from '../../workers/model/drawn-zones.ts';

export const DB_NAME = 'circletwin-datasets';

export interface StoredDatasetInfo {
  id: string;
  name: string;
  /** ISO time of the import. */
  created: string;
  /** File names it was imported from. */
  files: string[];
  counts: Partial<Record<LayerName, number>>;
  populationEstimated: number;
  zonesDerived: boolean;
  /** How derived zones were made (absent in datasets stored before street zones). */
  zonesMethod?: ZoneMethod | null;
  attribution?: string;
}

interface StoredBoundary {
  /** `<dataset id>|<boundary id>` */
  key: string;
  dataset: string;
  /** When it was first drawn (ms), for a stable order. */
  order: number;
  boundary: DrawnBoundary;
}

interface Schema {
  index: { key: string; value: StoredDatasetInfo };
  data: { key: string; value: Dataset };
  boundaries: { key: string; value: StoredBoundary; indexes: { dataset: string } };
}

let db: Promise<IDBPDatabase<Schema>> | null = null;

function open(): Promise<IDBPDatabase<Schema>> {
  db ??= openDB<Schema>(DB_NAME, 2, {
    upgrade(d, from) {
      if (from < 1) {
        d.createObjectStore('index', { keyPath: 'id' });
        d.createObjectStore('data');
      }
      if (from < 2) d.createObjectStore('boundaries', { keyPath: 'key' }).createIndex('dataset', 'dataset');
    },
    // A newer version opened in another tab waits for this connection: let it go, and open afresh on the next call.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      db = null;
    },
  });
  return db;
}

export async function listDatasets(): Promise<StoredDatasetInfo[]> {
  const all = await (await open()).getAll('index');
  return all.sort((a, b) => b.created.localeCompare(a.created));
}

/** Stores a dataset under a fresh id (both records in one transaction) and returns its info. */
export async function saveDataset(dataset: Dataset, info: Omit<StoredDatasetInfo, 'id' | 'created'>): Promise<StoredDatasetInfo> {
  const d = await open();
  const id = `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const full: StoredDatasetInfo = { ...info, id, created: new Date().toISOString() };
  const stored: Dataset = { ...dataset, meta: { ...dataset.meta, id } };
  const tx = d.transaction(['index', 'data'], 'readwrite');
  await Promise.all([tx.objectStore('index').add(full), tx.objectStore('data').add(stored, id), tx.done]);
  return full;
}

export async function loadStoredDataset(id: string): Promise<Dataset | null> {
  return (await (await open()).get('data', id)) ?? null;
}

/** Deletes a dataset with the boundaries drawn on it, in one transaction. */
export async function deleteDataset(id: string): Promise<void> {
  const d = await open();
  const tx = d.transaction(['index', 'data', 'boundaries'], 'readwrite');
  const drawn = await tx.objectStore('boundaries').index('dataset').getAllKeys(id);
  await Promise.all([
    tx.objectStore('index').delete(id), tx.objectStore('data').delete(id),
    ...drawn.map((k) => tx.objectStore('boundaries').delete(k)), tx.done,
  ]);
}

/** The boundaries drawn on a dataset, oldest first, as stored (check them before use). */
export async function loadBoundaries(dataset: string): Promise<Array<{ order: number; boundary: unknown }>> {
  const all = await (await open()).getAllFromIndex('boundaries', 'dataset', dataset);
  return all.sort((a, b) => a.order - b.order).map((r) => ({ order: r.order, boundary: r.boundary }));
}

/** Keeps one drawn boundary (new, renamed, or back after an undo); `order` keeps its place in the list. */
export async function putBoundary(dataset: string, boundary: DrawnBoundary, order: number): Promise<void> {
  await (await open()).put('boundaries', { key: `${dataset}|${boundary.id}`, dataset, order, boundary });
}

export async function deleteBoundary(dataset: string, id: string): Promise<void> {
  await (await open()).delete('boundaries', `${dataset}|${id}`);
}

const ACTIVE_KEY = 'circletwin.activeDataset.v1';

/** Remembers which stored dataset is in use (null: the built-in district), for the next visit. */
export function rememberActive(id: string | null): void {
  try {
    if (id) localStorage.setItem(ACTIVE_KEY, id); else localStorage.removeItem(ACTIVE_KEY);
  } catch {
    // Without storage the app opens on the built-in district next time.
  }
}

/** The dataset the app opens with: the one in use last time when it is still stored, else the built-in one. */
export async function loadStartDataset(embedded: () => Promise<Dataset>): Promise<Dataset> {
  let id: string | null = null;
  try {
    id = localStorage.getItem(ACTIVE_KEY);
  } catch {
    id = null;
  }
  if (id) {
    try {
      const ds = await loadStoredDataset(id);
      if (ds) return ds;
    } catch {
      // A store that cannot be opened (private mode, quota) falls back to the built-in district.
    }
    rememberActive(null);
  }
  return embedded();
}
