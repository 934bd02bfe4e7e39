// Community boundaries drawn by the user: loaded with each dataset from the user's layer in
// IndexedDB, added, renamed and deleted as undoable steps on the app's one edit clock (Ctrl+Z takes
// back the latest edit of a plan, the standards table or a boundary), saved at once, and put in
// force by reloading the engine with them (actions.ts loadIntoEngine asks drawnFor).
import { store, type AppState } from './store.ts';
import { tick } from './planHistory.ts';
import { loadIntoEngine } from './actions.ts';
import { deleteBoundary, loadBoundaries, putBoundary } from '../storage/datasets.ts';
import { applyDrawnBoundaries, checkBoundaries, UNASSIGNED_ID, type DrawnBoundary } from '../../workers/model/drawn-zones.ts';
import type { Dataset, Position } from '../../workers/model/dataset.ts';
import type { MessageKey } from '../i18n/index.ts';
import { BOUNDARY_DEFAULT, type BoundaryEntry, type BoundaryState } from './boundaryTypes.ts';

interface Step {
  /** What the step did, as a message key, so it reads in the language chosen when it is shown. */
  label: MessageKey;
  dataset: string;
  before: BoundaryEntry | null;
  after: BoundaryEntry | null;
  at: number;
}

const past: Step[] = [];
const future: Step[] = [];
const HISTORY = 100;

export function setBoundaries(patch: Partial<BoundaryState>) {
  store.setState((s) => ({ boundaries: { ...s.boundaries, ...patch } }));
}

function notify(kind: 'info' | 'error', key: MessageKey, detail = '') {
  setBoundaries({ notice: { kind, key, detail } });
}

/** The dataset id a layer is kept under: the built-in district's own id too (it is stored nowhere). */
const idOf = (ds: Dataset) => ds.meta.id;

let loading: { dataset: string; done: Promise<DrawnBoundary[]> } | null = null;

function load(ds: Dataset): Promise<DrawnBoundary[]> {
  const id = idOf(ds);
  past.length = 0;
  future.length = 0;
  setBoundaries({ ...BOUNDARY_DEFAULT, dataset: id });
  const done = (async () => {
    try {
      const stored = await loadBoundaries(id);
      const { boundaries, problems } = checkBoundaries(stored.map((r) => r.boundary), ds);
      const order = new Map(stored.map((r) => [(r.boundary as { id?: unknown })?.id, r.order]));
      const entries = boundaries.map((b) => ({ boundary: b, order: order.get(b.id) ?? 0 }));
      if (store.getState().boundaries.dataset === id) {
        setBoundaries({ entries, storage: 'ok' });
        // A stored boundary that no longer reads as one is left in storage untouched and named.
        if (problems.length) notify('error', 'zones.storedBad', problems.join('; '));
      }
      return boundaries;
    } catch (e) {
      if (store.getState().boundaries.dataset === id) {
        setBoundaries({ storage: 'unavailable' });
        notify('error', 'zones.storageFailed', e instanceof Error ? e.message : String(e));
      }
      return [];
    }
  })();
  loading = { dataset: id, done };
  return done;
}

/** The drawn boundaries in force for a dataset, once they are read from storage. */
export function drawnFor(ds: Dataset): Promise<DrawnBoundary[]> {
  const st = store.getState().boundaries;
  if (st.dataset === idOf(ds) && st.storage !== 'loading') return Promise.resolve(st.entries.map((e) => e.boundary));
  if (loading?.dataset === idOf(ds)) return loading.done;
  return load(ds);
}

let started = false;

/** Follows the dataset in use: its boundaries are loaded with it. */
export function startBoundaries() {
  if (started) return;
  started = true;
  let prev = store.getState();
  store.subscribe(() => {
    const s = store.getState();
    const p = prev;
    prev = s;
    if (s.dataset && s.dataset !== p.dataset && s.boundaries.dataset !== idOf(s.dataset)) void load(s.dataset);
    // Another pick tool armed while drawing takes the map's clicks: the outline being drawn is given up.
    if (s.boundaries.drawing && otherPickTool(s) && !otherPickTool(p)) setBoundaries({ drawing: false, draft: [] });
    // A scope that the new boundaries no longer have: the indicators fall back to the district.
    if (s.analysis && s.analysis !== p.analysis && s.indicatorScope !== 'district' && !s.analysis.communities.some((c) => c.id === s.indicatorScope)) {
      store.setState({ indicatorScope: 'district' });
    }
  });
}

/** A map tool other than boundary drawing that turns clicks into positions. */
function otherPickTool(s: AppState): boolean {
  return s.tool === 'isochrone' || s.netTool !== 'none' || s.studio.suggest.drawing;
}

/** Starts an outline; the other pick tools are put down, so every click is a corner. */
export function startDrawing() {
  store.setState((s) => ({
    tool: 'select', netTool: 'none', netDraft: [], netGate: null,
    studio: { ...s.studio, suggest: { ...s.studio.suggest, drawing: false } },
    boundaries: { ...s.boundaries, drawing: true, draft: [], pending: null, notice: null },
  }));
}

export function stopDrawing() {
  setBoundaries({ drawing: false, draft: [] });
}

let writes: Promise<void> = Promise.resolve();

/** Puts `after` in place of `before` (null: none), saves it, and re-runs the engine with the new scopes. */
function apply(dataset: string, before: BoundaryEntry | null, after: BoundaryEntry | null) {
  const s = store.getState();
  if (!s.dataset || idOf(s.dataset) !== dataset) return;
  const id = (after ?? before)!.boundary.id;
  const entries = s.boundaries.entries.filter((e) => e.boundary.id !== id);
  if (after) entries.push(after);
  entries.sort((a, b) => a.order - b.order);
  setBoundaries({ entries });
  writes = writes.then(async () => {
    try {
      if (after) await putBoundary(dataset, after.boundary, after.order);
      else await deleteBoundary(dataset, id);
    } catch (e) {
      // The edit still holds for this visit; the user is told it will not survive a reload.
      notify('error', 'zones.saveFailed', e instanceof Error ? e.message : String(e));
    }
  });
  void loadIntoEngine(s.dataset);
}

/** Resolves when every boundary write queued so far has finished. */
export function boundariesSaved(): Promise<void> {
  return writes;
}

/** The latest step each way, for the panel's undo and redo buttons. */
function showHistory() {
  setBoundaries({ undoKey: past.at(-1)?.label ?? null, redoKey: future.at(-1)?.label ?? null });
}

function edit(label: MessageKey, before: BoundaryEntry | null, after: BoundaryEntry | null) {
  const dataset = store.getState().boundaries.dataset;
  if (!dataset) return;
  past.push({ label, dataset, before, after, at: tick() });
  if (past.length > HISTORY) past.shift();
  future.length = 0;
  apply(dataset, before, after);
  showHistory();
}

let seq = 0;

export function addBoundary(ring: Position[], name: string, nameEn: string) {
  const at = Date.now();
  const boundary: DrawnBoundary = {
    id: `drawn-${at.toString(36)}-${(seq++).toString(36)}${Math.random().toString(36).slice(2, 5)}`,
    name: name.trim(), name_en: nameEn.trim() || name.trim(), ring,
  };
  edit('zones.edit.add', null, { boundary, order: at });
  setBoundaries({ pending: null, notice: null });
}

export function renameBoundary(id: string, name: string, nameEn: string) {
  const cur = store.getState().boundaries.entries.find((e) => e.boundary.id === id);
  if (!cur) return;
  const next = { ...cur, boundary: { ...cur.boundary, name: name.trim(), name_en: nameEn.trim() || name.trim() } };
  if (next.boundary.name === cur.boundary.name && next.boundary.name_en === cur.boundary.name_en) return;
  edit('zones.edit.rename', cur, next);
}

export function removeBoundary(id: string) {
  const cur = store.getState().boundaries.entries.find((e) => e.boundary.id === id);
  if (cur) edit('zones.edit.delete', cur, null);
}

/** When the latest boundary edit was done (-1: none), on the clock plans and the standards table share. */
export function boundaryUndoAt(): number {
  return past.length ? past[past.length - 1].at : -1;
}

export function boundaryRedoAt(): number {
  return future.length ? future[future.length - 1].at : -1;
}

export function undoBoundary(): boolean {
  const step = past.pop();
  if (!step) return false;
  future.push({ ...step, at: tick() });
  apply(step.dataset, step.after, step.before);
  showHistory();
  return true;
}

export function redoBoundary(): boolean {
  const step = future.pop();
  if (!step) return false;
  past.push({ ...step, at: tick() });
  apply(step.dataset, step.before, step.after);
  showHistory();
  return true;
}

const scoped = new WeakMap<Dataset, { entries: BoundaryEntry[]; ds: Dataset }>();

/**
 * The dataset in use with the scopes in force as its communities: while there are drawn boundaries,
 * they and 其他 (buildings outside them all), with each building's community set the way the engine
 * sets it (workers/model/drawn-zones.ts), for panels that frame, list or sum communities (the twin's
 * camera, briefing slides, the summary); else the dataset itself. The same object until the
 * dataset or the boundaries change.
 */
export function scopedDataset(s: AppState = store.getState()): Dataset | null {
  const ds = s.dataset;
  if (!ds) return null;
  const entries = s.boundaries.dataset === idOf(ds) ? s.boundaries.entries : [];
  if (entries.length === 0) return ds;
  const hit = scoped.get(ds);
  if (hit && hit.entries === entries) return hit.ds;
  const next = applyDrawnBoundaries(ds, entries.map((e) => e.boundary)).dataset;
  scoped.set(ds, { entries, ds: next });
  return next;
}

const scopeIndex = new WeakMap<Dataset, Map<string, string>>();

/**
 * The scope in force of a building or facility while drawn boundaries are (its drawn boundary or
 * 其他), so a clicked feature names the community the figures count it in; null without them.
 */
export function drawnScopeOf(s: AppState, kind: string, id: string): string | null {
  const ds = scopedDataset(s);
  if (!ds || ds === s.dataset || (kind !== 'building' && kind !== 'facility')) return null;
  let index = scopeIndex.get(ds);
  if (!index) {
    index = new Map();
    for (const f of ds.buildings.features) index.set(`building:${f.properties.id}`, f.properties.community);
    for (const f of ds.facilities.features) index.set(`facility:${f.properties.id}`, f.properties.community);
    scopeIndex.set(ds, index);
  }
  return index.get(`${kind}:${id}`) ?? null;
}

export interface DrawnCounts {
  /** Buildings and residents in each drawn boundary, by id. */
  counts: Record<string, { buildings: number; population: number }>;
  /** Outside every drawn boundary: the 其他 scope. */
  unassigned: { buildings: number; population: number; facilities: number };
}

const countsOf = new WeakMap<Dataset, DrawnCounts>();

/**
 * What the drawn boundaries hold, read off the scoped dataset (the engine assigns the same way), so
 * the figures follow every edit at once rather than the engine's next load; null without boundaries.
 */
export function drawnCounts(s: AppState): DrawnCounts | null {
  const ds = scopedDataset(s);
  if (!ds || ds === s.dataset) return null;
  let c = countsOf.get(ds);
  if (!c) {
    const props = ds.communities.features.map((f) => f.properties as unknown as { id: string; source: string; buildings: number; population: number });
    const other = props.find((p) => p.source === 'unassigned');
    c = {
      counts: Object.fromEntries(props.filter((p) => p.source === 'drawn').map((p) => [p.id, { buildings: p.buildings, population: p.population }])),
      unassigned: {
        buildings: other?.buildings ?? 0, population: other?.population ?? 0,
        facilities: ds.facilities.features.filter((f) => f.properties.community === UNASSIGNED_ID).length,
      },
    };
    countsOf.set(ds, c);
  }
  return c;
}
