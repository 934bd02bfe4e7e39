// Plans (scenarios) in the app: which plan is in force, every edit of a plan, undo/redo, saving to
// IndexedDB and keeping the engine and the analysis in step. Every edit of a plan, from the siting
// studio, the network-edit tools or the briefing slides, goes through updateScenario.
import { store, type AppState } from './store.ts';
import { currentProfile, planSentToEngine, redoStandards, runAnalysis, undoStandards } from './actions.ts';
import { engine, errorText } from '../engine/client.ts';
import { dropJournal, journal, journaled, sameVersion, ScenarioStorage, unjournal, type StorageEvent, type Version } from '../storage/scenarios.ts';
import { PlanHistory, TableClock } from './planHistory.ts';
import { boundaryRedoAt, boundaryUndoAt, redoBoundary, undoBoundary } from './boundaries.ts';
import { SUGGEST_DEFAULT, type StudioNotice, type StudioState } from './scenarioTypes.ts';
import { translate, type MessageKey } from '../i18n/index.ts';
import { BASELINE_ID, SCENARIO_FORMAT, SCENARIO_VERSION, type Change, type Scenario } from '../../workers/scenario/types.ts';
import { parseScenarioGeoJson, staleReferences } from '../../workers/scenario/geojson.ts';
import type { CategoryId, Position } from '../../workers/model/dataset.ts';
import type { AnalysisOptions } from '../../workers/analysis/coverage.ts';

const ACTIVE_KEY = 'circletwin.activePlan.v1';
/** Keystrokes or nudges of one thing within this long make one undo step. */
const MERGE_MS = 1500;

const history = new PlanHistory();
const tables = new TableClock();

export function t(key: MessageKey): string {
  return translate(store.getState().lang, key);
}

export function setStudio(patch: Partial<StudioState>) {
  store.setState((s) => ({ studio: { ...s.studio, ...patch } }));
}

function notify(kind: StudioNotice['kind'], key: MessageKey, detail = '') {
  setStudio({ notice: { kind, key, detail } });
}

export function clearNotice() {
  setStudio({ notice: null });
}

/** The plan in force, or null for the baseline. The same object until the plan changes. */
export function activeScenario(s: AppState = store.getState()): Scenario | null {
  if (s.activeScenarioId === BASELINE_ID) return null;
  return s.scenarios.find((x) => x.id === s.activeScenarioId) ?? null;
}

export function analysisOpts(): AnalysisOptions {
  return { profile: currentProfile(), edited: store.getState().standardsEdited };
}

let seq = 0;
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}${Math.random().toString(36).slice(2, 5)}`;
}

const now = () => new Date().toISOString();

function nextPlanName(): string {
  const names = new Set(store.getState().scenarios.map((s) => s.name));
  for (let n = 1; ; n++) {
    const name = `${t('plan.defaultName')} ${n}`;
    if (!names.has(name)) return name;
  }
}

function blankPlan(name: string): Scenario {
  const ds = store.getState().dataset;
  const at = now();
  return {
    format: SCENARIO_FORMAT, version: SCENARIO_VERSION, id: newId('plan'), name, dataset: ds?.meta.id ?? '', created: at, updated: at,
    revision: 1, changes: [], time_of_day: null, slides: [],
  };
}

// ---- saving ----------------------------------------------------------------------------------

type Op = { kind: 'put'; plan: Scenario; base: Version | null; gen: number } | { kind: 'delete'; plan: Scenario; gen: number };

let storage: ScenarioStorage | null = null;
let writes: Promise<void> = Promise.resolve();
const pending = new Map<string, number>();
/** Bumped when a plan's line of edits was refused, so writes queued behind it are dropped. */
const generation = new Map<string, number>();

function storageOf(): ScenarioStorage | null {
  if (!storage && typeof indexedDB !== 'undefined') storage = new ScenarioStorage((e) => void onOtherTab(e));
  return storage;
}

function enqueue(op: Op) {
  const st = storageOf();
  if (!st) return;
  const id = op.plan.id;
  pending.set(id, (pending.get(id) ?? 0) + 1);
  if (op.kind === 'put') journal(op.plan, op.base);
  else dropJournal(id);
  writes = writes.then(async () => {
    try {
      if ((generation.get(id) ?? 0) !== op.gen) return;
      const r = op.kind === 'put' ? await st.put(op.plan, op.base) : await st.remove(id, op.plan);
      if (!r.ok) conflict(op, r.current);
      else if (store.getState().studio.storage !== 'ok') setStudio({ storage: 'ok' });
      if (r.ok && op.kind === 'put') unjournal(op.plan);
    } catch (e) {
      setStudio({ storage: 'unavailable' });
      notify('error', 'plan.saveFailed', errorText(e));
    } finally {
      pending.set(id, (pending.get(id) ?? 1) - 1);
    }
  });
}

/** Resolves when every write queued so far has finished. */
export function saved(): Promise<void> {
  return writes;
}

/**
 * Another tab changed or deleted the plan since this tab's edit was based on it. The stored plan
 * wins in place; this tab's latest version of it is kept as a new plan, so nothing is lost.
 */
function conflict(op: Op, stored: Scenario | null) {
  const id = op.plan.id;
  generation.set(id, (generation.get(id) ?? 0) + 1);
  history.forget(id);
  const s = store.getState();
  const mine = s.scenarios.find((x) => x.id === id) ?? null;
  const scenarios = s.scenarios.filter((x) => x.id !== id);
  if (stored) scenarios.push(stored);
  if (op.kind === 'delete') {
    store.setState({ scenarios: sortPlans(scenarios) });
    notify('error', 'plan.deleteRefused', stored?.name ?? op.plan.name);
    refreshHistory();
    return;
  }
  const base = mine ?? op.plan;
  const copy: Scenario = { ...structuredClone(base), id: newId('plan'), name: `${base.name} ${t('plan.copySuffix')}`, revision: 1, created: now(), updated: now() };
  scenarios.push(copy);
  const active = s.activeScenarioId === id ? copy.id : s.activeScenarioId;
  store.setState({ scenarios: sortPlans(scenarios), activeScenarioId: active });
  enqueue({ kind: 'put', plan: copy, base: null, gen: generation.get(copy.id) ?? 0 });
  notify('error', stored ? 'plan.conflict' : 'plan.conflictDeleted', `${base.name} → ${copy.name}`);
  refreshHistory();
}

async function onOtherTab(e: StorageEvent) {
  const s = store.getState();
  const ds = s.dataset;
  if (!ds || (pending.get(e.id) ?? 0) > 0) return; // our own queued write will meet the change and keep a copy
  const local = s.scenarios.find((x) => x.id === e.id) ?? null;
  if (e.type === 'delete') {
    if (!local) return;
    history.forget(e.id);
    store.setState({
      scenarios: s.scenarios.filter((x) => x.id !== e.id),
      activeScenarioId: s.activeScenarioId === e.id ? BASELINE_ID : s.activeScenarioId,
    });
    notify('info', 'plan.deletedElsewhere', local.name);
    refreshHistory();
    return;
  }
  const stored = await storageOf()?.get(e.id);
  if (!stored || stored.dataset !== ds.meta.id || sameVersion(stored, local)) return;
  if ((pending.get(e.id) ?? 0) > 0) return;
  history.forget(e.id);
  const now = store.getState();
  store.setState({ scenarios: sortPlans([...now.scenarios.filter((x) => x.id !== e.id), stored]) });
  if (local) notify('info', 'plan.updatedElsewhere', stored.name);
  refreshHistory();
}

function sortPlans(list: Scenario[]): Scenario[] {
  return [...list].sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
}

// ---- editing -----------------------------------------------------------------------------------

let lastMerge = { key: '', id: '', at: 0 };
/** The last edit continued a burst (typing in a field, nudging): the engine hears of it a moment later. */
let typing = false;

function refreshHistory() {
  setStudio({ undoLabel: history.undoLabel, redoLabel: history.redoLabel });
}

/** Puts `after` in place of `before` (null: none) in the store and on disk, as one undoable step. */
function commit(label: string, before: Scenario | null, after: Scenario | null, merge?: string) {
  const id = (after ?? before)!.id;
  const s = store.getState();
  const local = s.scenarios.find((x) => x.id === id) ?? null;
  const top = history.past[history.past.length - 1];
  const t0 = Date.now();
  const merging = !!merge && top && top.id === id && lastMerge.key === merge && lastMerge.id === id && t0 - lastMerge.at < MERGE_MS
    && history.future.length === 0;
  lastMerge = { key: merge ?? '', id, at: t0 };
  typing = merging;
  if (merging) top.after = after;
  else history.record({ label, id, before, after });
  const scenarios = s.scenarios.filter((x) => x.id !== id);
  if (after) scenarios.push(after);
  store.setState({ scenarios: sortPlans(scenarios) });
  const gen = generation.get(id) ?? 0;
  if (after) enqueue({ kind: 'put', plan: after, base: local, gen });
  else if (local) enqueue({ kind: 'delete', plan: local, gen });
  refreshHistory();
}

/**
 * The one way to edit a plan: `mutate` changes a copy of the plan in force, which becomes the new
 * plan (undoable, saved, sent to the engine and re-analysed). With the baseline in force a new plan
 * is started, since the baseline data is never edited. `merge` joins quick repeats (typing in one
 * field, arrow-key nudges of one candidate) into one undo step.
 */
export function updateScenario(label: string, mutate: (s: Scenario) => void, merge?: string): void {
  const s = store.getState();
  if (!s.dataset) return;
  const cur = activeScenario(s);
  const next = cur ? structuredClone(cur) : blankPlan(nextPlanName());
  mutate(next);
  next.revision = cur ? cur.revision + 1 : 1;
  next.updated = now();
  if (!cur) {
    // The new plan and the edit are one step: undo takes both back to the baseline.
    commit(label, null, next);
    store.setState({ activeScenarioId: next.id });
    notify('info', 'plan.startedFromBaseline', next.name);
    return;
  }
  commit(label, cur, next, merge);
}

/** Puts the stored version `target` (null: delete) in force for plan `id`, as a new revision. */
function restore(id: string, target: Scenario | null, activate: boolean) {
  const s = store.getState();
  const local = s.scenarios.find((x) => x.id === id) ?? null;
  const gen = generation.get(id) ?? 0;
  const scenarios = s.scenarios.filter((x) => x.id !== id);
  let next: Scenario | null = null;
  if (target) {
    next = { ...structuredClone(target), revision: (local?.revision ?? 0) + 1, updated: now() };
    scenarios.push(next);
  }
  const active = next && activate ? id : s.activeScenarioId === id && !next ? BASELINE_ID : s.activeScenarioId;
  store.setState({ scenarios: sortPlans(scenarios), activeScenarioId: active });
  if (next) enqueue({ kind: 'put', plan: next, base: local, gen });
  else if (local) enqueue({ kind: 'delete', plan: local, gen });
  lastMerge = { key: '', id: '', at: 0 };
  refreshHistory();
}

export function undoPlan(): boolean {
  const step = history.undo();
  if (!step) return false;
  restore(step.id, step.before, true);
  const sel = store.getState().studio.selected;
  if (sel && !activeScenario()?.changes.some((c) => c.id === sel)) setStudio({ selected: null });
  return true;
}

export function redoPlan(): boolean {
  const step = history.redo();
  if (!step) return false;
  restore(step.id, step.after, true);
  return true;
}

/** Ctrl+Z: takes back the latest edit, of the standards table, a plan or a drawn boundary (one ordered history). */
export function undoLatest() {
  const s = store.getState();
  const tableAt = tables.at(s.standardsPast[s.standardsPast.length - 1]);
  const zoneAt = boundaryUndoAt();
  if (history.undoAt < 0 && tableAt < 0 && zoneAt < 0) return;
  if (zoneAt > history.undoAt && zoneAt > tableAt) undoBoundary();
  else if (history.undoAt > tableAt) undoPlan();
  else undoStandards();
}

/** Ctrl+Shift+Z / Ctrl+Y: does again the latest undone edit of either. */
export function redoLatest() {
  const s = store.getState();
  const tableAt = tables.at(s.standardsFuture[0]);
  const zoneAt = boundaryRedoAt();
  if (history.redoAt < 0 && tableAt < 0 && zoneAt < 0) return;
  if (zoneAt > history.redoAt && zoneAt > tableAt) redoBoundary();
  else if (history.redoAt > tableAt) redoPlan();
  else redoStandards();
}

// ---- plans ---------------------------------------------------------------------------------

export function createScenario(name?: string): string {
  const plan = blankPlan(name?.trim() || nextPlanName());
  commit(t('plan.edit.create'), null, plan);
  store.setState({ activeScenarioId: plan.id });
  return plan.id;
}

export function switchScenario(id: string) {
  const s = store.getState();
  if (id !== BASELINE_ID && !s.scenarios.some((x) => x.id === id)) return;
  if (s.activeScenarioId === id) return;
  store.setState({ activeScenarioId: id, live: null });
  setStudio({ selected: null, impact: null, problems: [], suggest: { ...SUGGEST_DEFAULT, area: s.studio.suggest.area } });
}

export function renameScenario(id: string, name: string) {
  const cur = store.getState().scenarios.find((x) => x.id === id);
  const clean = name.trim().slice(0, 200);
  if (!cur || !clean || clean === cur.name) return;
  commit(t('plan.edit.rename'), cur, { ...cur, name: clean, revision: cur.revision + 1, updated: now() }, `rename:${id}`);
}

export function duplicateScenario(id: string): string | null {
  const cur = store.getState().scenarios.find((x) => x.id === id);
  if (!cur) return null;
  const at = now();
  const copy: Scenario = { ...structuredClone(cur), id: newId('plan'), name: `${cur.name} ${t('plan.duplicateSuffix')}`, revision: 1, created: at, updated: at };
  commit(t('plan.edit.duplicate'), null, copy);
  store.setState({ activeScenarioId: copy.id });
  return copy.id;
}

/** Deletes a plan (the panel asks first); undo brings it back. */
export function deleteScenario(id: string) {
  const cur = store.getState().scenarios.find((x) => x.id === id);
  if (!cur) return;
  commit(t('plan.edit.delete'), cur, null);
  if (store.getState().activeScenarioId === id) switchScenario(BASELINE_ID);
}

/**
 * Reads a plan file and adds it as a new plan. A file that is not a plan for this dataset, or whose
 * changes the engine cannot apply, is refused whole with the reason; nothing changes then.
 */
export async function importScenario(text: string, fileName: string): Promise<void> {
  const ds = store.getState().dataset;
  if (!ds) return;
  let plan: Scenario;
  try {
    plan = parseScenarioGeoJson(text, ds.meta.id);
  } catch (e) {
    notify('error', 'plan.importRefused', `${fileName}: ${errorText(e)}`);
    return;
  }
  const stale = staleReferences(plan, ds);
  if (stale.length) {
    notify('error', 'plan.importRefused', `${fileName}: ${stale.map((p) => `${p.change}: ${p.message}`).join('; ')}`);
    return;
  }
  try {
    // Both calls go out back to back, so no other request runs with the imported plan in force.
    const check = engine().setScenario(plan);
    const back = engine().setScenario(activeScenario());
    planSentToEngine(versionKey(activeScenario()));
    const { problems } = await check;
    await back;
    if (problems.length) {
      notify('error', 'plan.importRefused', `${fileName}: ${problems.map((p) => `${p.change}: ${p.message}`).join('; ')}`);
      return;
    }
  } catch (e) {
    notify('error', 'plan.importRefused', `${fileName}: ${errorText(e)}`);
    return;
  }
  const s = store.getState();
  const at = now();
  const taken = s.scenarios.some((x) => x.id === plan.id);
  const imported: Scenario = { ...plan, id: taken ? newId('plan') : plan.id, revision: 1, created: taken ? at : plan.created, updated: at };
  commit(t('plan.edit.import'), null, imported);
  switchScenario(imported.id);
  notify('info', 'plan.imported', `${fileName} → ${imported.name}`);
}

// ---- candidates -------------------------------------------------------------------------------

export function changeOf(id: string | null): Change | null {
  if (!id) return null;
  return activeScenario()?.changes.find((c) => c.id === id) ?? null;
}

/** Places a new candidate of `category` at `position` (a plan is started if the baseline is in force). */
export function addCandidate(category: CategoryId, position: Position, name: string, capacity: number | null) {
  const id = newId('cand');
  updateScenario(t('plan.edit.add'), (s) => {
    s.changes.push({ kind: 'facility_add', id, category, name, capacity, position: [position[0], position[1]], origin: 'manual', site_id: null });
  });
  setStudio({ selected: id });
  return id;
}

/** Moves a candidate or moved facility; `merge` joins quick repeats (keyboard nudges). */
export function moveChange(id: string, position: Position, label: string, merge?: string) {
  updateScenario(label, (s) => {
    const c = s.changes.find((x) => x.id === id);
    if (c && (c.kind === 'facility_add' || c.kind === 'facility_move')) c.position = [position[0], position[1]];
  }, merge);
}

export function removeChange(id: string) {
  updateScenario(t('plan.edit.remove'), (s) => {
    s.changes = s.changes.filter((c) => c.id !== id);
  });
  if (store.getState().studio.selected === id) setStudio({ selected: null, impact: null });
}

export function editCandidate(id: string, patch: { name?: string; capacity?: number | null }) {
  const field = patch.name !== undefined ? 'name' : 'capacity';
  updateScenario(t(field === 'name' ? 'plan.edit.name' : 'plan.edit.capacity'), (s) => {
    const c = s.changes.find((x) => x.id === id);
    if (c?.kind === 'facility_add') Object.assign(c, patch);
  }, `${field}:${id}`);
}

/** Starts moving an existing facility in the plan: a move change at its own place, selected for dragging. */
export function moveExisting(facility: string, position: Position): string {
  const existing = activeScenario()?.changes.find((c) => c.kind === 'facility_move' && c.facility === facility);
  if (existing) {
    setStudio({ selected: existing.id });
    return existing.id;
  }
  const id = newId('move');
  updateScenario(t('plan.edit.moveExisting'), (s) => {
    s.changes = s.changes.filter((c) => !(c.kind === 'facility_remove' && c.facility === facility));
    s.changes.push({ kind: 'facility_move', id, facility, position: [position[0], position[1]] });
  });
  setStudio({ selected: id });
  return id;
}

export function removeExisting(facility: string) {
  updateScenario(t('plan.edit.removeExisting'), (s) => {
    s.changes = s.changes.filter((c) => !((c.kind === 'facility_move' || c.kind === 'facility_edit') && c.facility === facility));
    if (!s.changes.some((c) => c.kind === 'facility_remove' && c.facility === facility)) {
      s.changes.push({ kind: 'facility_remove', id: newId('remove'), facility });
    }
  });
}

// ---- dragging -------------------------------------------------------------------------------

let dragReady: Promise<unknown> | null = null;
let dragPending: Position | null = null;
let dragPump: Promise<void> | null = null;

/** Shows `category` on the map and in the coverage panel, as choosing it there does (its bands follow, actions.ts). */
export function showCategory(category: CategoryId) {
  if (store.getState().category === category) return;
  store.setState({ category });
}

/** The category a candidate or moved facility serves. */
function categoryOf(c: Change | null): CategoryId | null {
  if (c?.kind === 'facility_add') return c.category;
  if (c?.kind === 'facility_move') return store.getState().dataset?.facilities.features.find((f) => f.properties.id === c.facility)?.properties.category ?? null;
  return null;
}

/** Pointer down on a candidate: the engine prepares the candidate's category once. */
export function beginDrag(changeId: string) {
  const cat = categoryOf(changeOf(changeId));
  if (cat) showCategory(cat);
  const s = store.getState();
  setStudio({ dragging: changeId, selected: changeId, dragPos: null });
  dragReady = engine().dragStart(changeId, s.standards, analysisOpts()).catch((e: unknown) => {
    notify('error', 'plan.dragFailed', errorText(e));
    setStudio({ dragging: null, dragPos: null });
  });
}

/** Called once per animation frame while dragging; a frame whose update is still being computed is dropped. */
export function moveDrag(position: Position) {
  if (!store.getState().studio.dragging) return;
  setStudio({ dragPos: position });
  dragPending = position;
  if (!dragPump) dragPump = pump().finally(() => { dragPump = null; });
}

async function pump() {
  await dragReady;
  while (dragPending && store.getState().studio.dragging) {
    const p = dragPending;
    dragPending = null;
    try {
      const live = await engine().dragMove(p[0], p[1]);
      if (store.getState().studio.dragging) store.setState({ live });
    } catch (e) {
      notify('error', 'plan.dragFailed', errorText(e));
      return;
    }
  }
}

/**
 * Drop: the plan takes the new place and the exact analysis (2SFCA, load) follows. `placing`: the
 * candidate was placed by this same gesture (dragged in from the palette), so the drop completes
 * that step rather than adding a move of its own.
 */
export async function endDrag(position: Position | null, placing = false) {
  const id = store.getState().studio.dragging;
  if (!id) return;
  if (position) moveDrag(position);
  await dragPump;
  try {
    await engine().dragEnd();
  } catch {
    // The session is dropped by the next setScenario anyway.
  }
  // The plan takes the new place before the drag ends, so what follows the drop reads it.
  if (position && placing) amendLastStep(id, position);
  else if (position) moveChange(id, position, t('plan.edit.move'));
  else store.setState({ live: null });
  setStudio({ dragging: null, dragPos: null });
}

/** Moves a candidate and folds the move into the step that placed it (the top of the history). */
function amendLastStep(id: string, position: Position) {
  const cur = activeScenario();
  const top = history.past[history.past.length - 1];
  if (!cur || !top || top.id !== cur.id || history.future.length) {
    moveChange(id, position, t('plan.edit.move'));
    return;
  }
  const next = structuredClone(cur);
  const c = next.changes.find((x) => x.id === id);
  if (c && (c.kind === 'facility_add' || c.kind === 'facility_move')) c.position = [position[0], position[1]];
  next.revision = cur.revision + 1;
  next.updated = now();
  lastMerge = { key: `place:${id}`, id: cur.id, at: Date.now() };
  commit(top.label, cur, next, `place:${id}`);
}

// ---- keeping the engine and the analysis in step ---------------------------------------------

let pushRun = 0;

/** Names a plan version, to tell whether the analysis shown is the plan's. */
export function versionKey(plan: Scenario | null): string {
  return plan ? `${plan.id}@${plan.revision}` : BASELINE_ID;
}

async function pushToEngine(plan: Scenario | null) {
  const run = ++pushRun;
  try {
    planSentToEngine(versionKey(plan));
    const { problems } = await engine().setScenario(plan);
    if (run === pushRun) setStudio({ problems });
  } catch (e) {
    if (run === pushRun) notify('error', 'plan.engineFailed', errorText(e));
  }
  if (run !== pushRun) return;
  // The analysis names the plan it was made under (actions.ts), whichever run brings it.
  await runAnalysis();
}

let baselineKey = '';

async function refreshBaseline() {
  const s = store.getState();
  const a = s.analysis;
  if (!a) return;
  const key = `${a.table.fingerprint}|${a.table.edited}|${a.profile}`;
  if (key === baselineKey && s.baselineAnalysis) return;
  baselineKey = key;
  try {
    const baselineAnalysis = await engine().analyzeFor(null, s.standards, analysisOpts());
    if (baselineKey === key) store.setState({ baselineAnalysis });
  } catch (e) {
    baselineKey = '';
    notify('error', 'plan.engineFailed', errorText(e));
  }
}

let impactRun = 0;

/** What the selected candidate changes where it stands: a one-position drag, exact for coverage. */
async function evaluateSelected() {
  const run = ++impactRun;
  const s = store.getState();
  const c = changeOf(s.studio.selected);
  if (!c || (c.kind !== 'facility_add' && c.kind !== 'facility_move') || s.studio.dragging) {
    if (s.studio.impact) setStudio({ impact: null });
    return;
  }
  try {
    const e = engine();
    const start = e.dragStart(c.id, s.standards, analysisOpts());
    const move = e.dragMove(c.position[0], c.position[1]);
    const end = e.dragEnd();
    await start;
    const impact = await move;
    await end;
    if (run === impactRun && !store.getState().studio.dragging) setStudio({ impact });
  } catch {
    // The plan changed under it (the candidate was removed); the next analysis asks again.
    if (run === impactRun) setStudio({ impact: null });
  }
}

async function loadPlans(datasetId: string) {
  const st = storageOf();
  history.past = [];
  history.future = [];
  refreshHistory();
  if (!st) {
    setStudio({ storage: 'unavailable' });
    return;
  }
  setStudio({ storage: 'loading' });
  try {
    const stored = await st.list(datasetId);
    // Edits journaled just before the last reload or crash whose write never reached IndexedDB.
    for (const e of journaled(datasetId)) {
      const at = stored.findIndex((p) => p.id === e.plan.id);
      const cur = at >= 0 ? stored[at] : null;
      if (sameVersion(cur, e.base)) {
        if (at >= 0) stored[at] = e.plan; else stored.push(e.plan);
        enqueue({ kind: 'put', plan: e.plan, base: e.base, gen: generation.get(e.plan.id) ?? 0 });
      } else dropJournal(e.plan.id);
    }
    // Edits made while the list was loading stay: the local version of a plan wins over the stored one.
    const local = store.getState().scenarios.filter((p) => p.dataset === datasetId);
    const plans = sortPlans([...stored.filter((p) => !local.some((l) => l.id === p.id)), ...local]);
    const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('scenario') : null;
    const wanted = fromUrl ?? readActive()[datasetId] ?? BASELINE_ID;
    const current = store.getState().activeScenarioId;
    const active = plans.some((p) => p.id === current) ? current : plans.some((p) => p.id === wanted) ? wanted : BASELINE_ID;
    store.setState({ scenarios: plans, activeScenarioId: active });
    setStudio({ storage: 'ok' });
  } catch (e) {
    setStudio({ storage: 'unavailable' });
    notify('error', 'plan.storageFailed', errorText(e));
  }
}

function readActive(): Record<string, string> {
  try {
    const v = JSON.parse(localStorage.getItem(ACTIVE_KEY) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeActive(datasetId: string, id: string) {
  try {
    localStorage.setItem(ACTIVE_KEY, JSON.stringify({ ...readActive(), [datasetId]: id }));
  } catch {
    // Without storage the plan in force resets to the baseline on reload; the plans themselves are in IndexedDB.
  }
}

let started = false;
let pushTimer: ReturnType<typeof setTimeout> | null = null;

/** Wires the plan state to the store once: loading plans, the engine, the baseline, the selection. */
export function startScenarios() {
  if (started) return;
  started = true;
  let prev = store.getState();
  let synced: { plan: Scenario | null; network: unknown } | null = null;
  const onChange = () => {
    const s = store.getState();
    const p = prev;
    prev = s;
    tables.observe(s.standards);
    if (s.dataset !== p.dataset && s.dataset) void loadPlans(s.dataset.meta.id);
    if (s.dataset && s.activeScenarioId !== p.activeScenarioId) writeActive(s.dataset.meta.id, s.activeScenarioId);
    const plan = activeScenario(s);
    if (s.network && (!synced || synced.plan !== plan || synced.network !== s.network)) {
      synced = { plan, network: s.network };
      if (pushTimer) clearTimeout(pushTimer);
      pushTimer = null;
      // A burst of keystrokes re-analyses once it pauses; every other change at once.
      if (typing) pushTimer = setTimeout(() => { pushTimer = null; void pushToEngine(activeScenario()); }, 250);
      else void pushToEngine(plan);
    }
    if (s.analysis !== p.analysis && s.analysis) {
      if (!s.studio.dragging && s.live) store.setState({ live: null });
      void refreshBaseline();
      void evaluateSelected();
      if (Object.keys(s.studio.capacities).length === 0 || s.standards !== p.standards) void loadCapacities();
    } else if (s.studio.selected !== p.studio.selected || (p.studio.dragging && !s.studio.dragging)) {
      void evaluateSelected();
    }
  };
  store.subscribe(onChange);
  onChange();
  if (prev.dataset) void loadPlans(prev.dataset.meta.id);
}

async function loadCapacities() {
  try {
    const capacities = await engine().defaultCapacities(store.getState().standards);
    setStudio({ capacities });
  } catch {
    // Without defaults a new candidate starts with an empty capacity the planner fills in.
  }
}
