// Imported datasets kept in the browser (IndexedDB 'circletwin-datasets'): a small index for the
// list, and each dataset stored whole under its id. Nothing is overwritten: a new import gets a new id.
import { openDB, type IDBPDatabase } from 'idb';
import type { Dataset, LayerName } from '../../workers/model/dataset.ts';

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
  attribution?: string;
}

interface Schema {
  index: { key: string; value: StoredDatasetInfo };
  data: { key: string; value: Dataset };
}

let db: Promise<IDBPDatabase<Schema>> | null = null;

function open(): Promise<IDBPDatabase<Schema>> {
  db ??= openDB<Schema>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('index', { keyPath: 'id' });
      d.createObjectStore('data');
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

export async function deleteDataset(id: string): Promise<void> {
  const d = await open();
  const tx = d.transaction(['index', 'data'], 'readwrite');
  await Promise.all([tx.objectStore('index').delete(id), tx.objectStore('data').delete(id), tx.done]);
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
