// Everything that talks to the engine goes through here, so status, errors and results land in the store.
import { defaultStandards, isEdited, saveStandards, store, type AppState } from './store.ts';
import { engine, errorText } from '../engine/client.ts';
import type { CategoryId, Dataset, Position } from '../../workers/model/dataset.ts';
import type { WalkProfile } from '../../workers/network/profile.ts';
import type { Standards } from '../../workers/analysis/standards.ts';
import type { ExportFiles } from '../../workers/api.ts';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import { downloadBlob } from '../panels/download.ts';
import { exportName } from '../panels/exportName.ts';
import { drawnFor } from './boundaries.ts';

export function profiles(): WalkProfile[] {
  return store.getState().standards.profiles;
}

export function currentProfile(): WalkProfile {
  const id = store.getState().profileId;
  return profiles().find((p) => p.id === id) ?? profiles()[0];
}

/**
 * The plan the engine was last told to put in force (versionKey in scenario.ts; a fresh load has
 * none). The worker answers in order, so an analysis asked for now is of this plan, and says so.
 */
let enginePlan = BASELINE_ID;

export function planSentToEngine(key: string) {
  enginePlan = key;
}

export async function loadIntoEngine(dataset: Dataset) {
  watchIsochroneInputs();
  store.setState({ engineStatus: 'loading', engineMessage: '' });
  try {
    enginePlan = BASELINE_ID;
    // Boundaries the user drew on this dataset are its analysis scopes (src/state/boundaries.ts).
    const network = await engine().load(dataset, await drawnFor(dataset));
    store.setState({ engineStatus: 'ready', network });
    await runAnalysis();
    await computeIsochrone({ category: store.getState().category });
  } catch (e) {
    store.setState({ engineStatus: 'error', engineMessage: errorText(e) });
  }
}

/** What an isochrone is drawn from: a clicked point, one facility, or every facility of a category. */
export type IsoRequest = { from: Position } | { facilityId: string } | { category: CategoryId };

/**
 * The store keeps the origin as a key in no language (`point:lon,lat`, `facility:id`,
 * `category:id`), so its label follows the language and the same request can be made again.
 */
export function originKey(req: IsoRequest): string {
  if ('from' in req) return `point:${req.from[0].toFixed(5)},${req.from[1].toFixed(5)}`;
  if ('facilityId' in req) return `facility:${req.facilityId}`;
  return `category:${req.category}`;
}

export function requestOf(key: string): IsoRequest | null {
  const at = /^point:(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(key);
  if (at) return { from: [Number(at[1]), Number(at[2])] };
  if (key.startsWith('facility:')) return { facilityId: key.slice('facility:'.length) };
  if (key.startsWith('category:')) return { category: key.slice('category:'.length) as CategoryId };
  return null;
}

let isoRun = 0;

/**
 * Computes the bands for `req` with the minutes and walking profile in force. The bands shown are
 * cleared first, so the legend and the map never show bands of other minutes, another profile or
 * another origin while the new ones are computed; a newer request supersedes one still in flight.
 * The analysis layer stays as the user set it.
 */
export async function computeIsochrone(req: IsoRequest) {
  const run = ++isoRun;
  const s = store.getState();
  const key = originKey(req);
  store.setState({ engineStatus: 'busy', engineMessage: '', isochrone: null, isoOrigin: key });
  try {
    const iso = await engine().isochrone({ ...req, minutes: s.isoMinutes, profile: currentProfile() });
    if (run === isoRun) store.setState({ engineStatus: 'ready', isochrone: iso });
  } catch (e) {
    if (run === isoRun) store.setState({ engineStatus: 'ready', engineMessage: errorText(e), isoOrigin: '' });
  }
}

export function clearIsochrone() {
  isoRun++;
  store.setState({ isochrone: null, isoOrigin: '' });
}

let watching = false;

/**
 * Keeps the bands in step with what they depend on: the minutes, the walking profile (chosen, or
 * edited in the standards table), the category shown, and the plan in force (once the engine has
 * analysed it, so the request meets the plan's network and facilities).
 */
function watchIsochroneInputs() {
  if (watching) return;
  watching = true;
  const profileOf = (st: AppState) => JSON.stringify(st.standards.profiles.find((p) => p.id === st.profileId) ?? st.standards.profiles[0]);
  let prev = store.getState();
  let prevProfile = profileOf(prev);
  let planChanged = false;
  store.subscribe(() => {
    const s = store.getState();
    const p = prev;
    prev = s;
    if (!s.network) return;
    const profile = profileOf(s);
    const profileChanged = profile !== prevProfile;
    prevProfile = profile;
    if (s.category !== p.category) {
      void computeIsochrone({ category: s.category });
      return;
    }
    if (activeScenarioOf(s) !== activeScenarioOf(p)) planChanged = true;
    const req = requestOf(s.isoOrigin);
    if (!req) return;
    if (s.isoMinutes !== p.isoMinutes || profileChanged) {
      void computeIsochrone(req);
      return;
    }
    if (planChanged && s.analysis !== p.analysis && s.analysisStatus === 'done') {
      planChanged = false;
      void computeIsochrone(req);
    }
  });
}

/** The plan in force as an object (identity changes with every edit); the baseline is null. */
function activeScenarioOf(s: AppState) {
  return s.activeScenarioId === BASELINE_ID ? null : s.scenarios.find((x) => x.id === s.activeScenarioId) ?? null;
}

let analysisRun = 0;

/** Re-runs the coverage analysis; a newer request supersedes an older one still in flight. */
export async function runAnalysis() {
  const run = ++analysisRun;
  const s = store.getState();
  if (!s.network) return;
  store.setState({ analysisStatus: 'running', analysisMessage: '' });
  const plan = enginePlan;
  try {
    const analysis = await engine().analyze(s.standards, { profile: currentProfile(), edited: s.standardsEdited });
    if (run === analysisRun) store.setState((st) => ({ analysis, analysisStatus: 'done', studio: { ...st.studio, analysed: plan } }));
  } catch (e) {
    if (run === analysisRun) store.setState({ analysisStatus: 'error', analysisMessage: errorText(e) });
  }
}

let editTimer: ReturnType<typeof setTimeout> | null = null;
const HISTORY = 50;

/** Puts a table in force: kept across reloads, re-analysed shortly after (edits come in bursts while typing). */
function applyStandards(next: Standards, past: Standards[], future: Standards[]) {
  store.setState({ standards: next, standardsEdited: isEdited(next), standardsPast: past.slice(-HISTORY), standardsFuture: future });
  saveStandards(isEdited(next) ? next : null);
  if (editTimer) clearTimeout(editTimer);
  editTimer = setTimeout(() => void runAnalysis(), 300);
}

let lastEdit = { field: '', at: 0 };

/**
 * Applies an edit to the standards table; it can be undone. Keystrokes in one field within a
 * moment of each other (typing "1000") make a single undo step.
 */
export function editStandards(field: string, update: (s: Standards) => void) {
  const { standards, standardsPast } = store.getState();
  const next = structuredClone(standards);
  update(next);
  const now = Date.now();
  const merge = lastEdit.field === field && now - lastEdit.at < 1500 && standardsPast.length > 0;
  lastEdit = { field, at: now };
  applyStandards(next, merge ? standardsPast : [...standardsPast, standards], []);
}

export function resetStandards() {
  lastEdit = { field: '', at: 0 };
  const { standards, standardsPast } = store.getState();
  applyStandards(defaultStandards(), [...standardsPast, standards], []);
}

export function undoStandards() {
  lastEdit = { field: '', at: 0 };
  const { standards, standardsPast, standardsFuture } = store.getState();
  const prev = standardsPast[standardsPast.length - 1];
  if (prev) applyStandards(prev, standardsPast.slice(0, -1), [standards, ...standardsFuture]);
}

export function redoStandards() {
  lastEdit = { field: '', at: 0 };
  const { standards, standardsPast, standardsFuture } = store.getState();
  const [next, ...rest] = standardsFuture;
  if (next) applyStandards(next, [...standardsPast, standards], rest);
}

export async function downloadExport(name: keyof ExportFiles) {
  try {
    const files = await engine().exportFiles();
    const type = name.endsWith('.csv') ? 'text/csv;charset=utf-8' : 'application/geo+json';
    const [what, ext] = name.split('.');
    downloadBlob(exportName(what, ext), new Blob([files[name]], { type }));
  } catch (e) {
    store.setState({ analysisMessage: errorText(e) });
  }
}
