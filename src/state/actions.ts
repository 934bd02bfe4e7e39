// Everything that talks to the engine goes through here, so status, errors and results land in the store.
import { defaultStandards, isEdited, saveStandards, store } from './store.ts';
import { engine, errorText } from '../engine/client.ts';
import type { CategoryId, Dataset, Position } from '../../workers/model/dataset.ts';
import type { WalkProfile } from '../../workers/network/profile.ts';
import type { Standards } from '../../workers/analysis/standards.ts';
import type { ExportFiles } from '../../workers/api.ts';
import { categoryName as categoryLabel } from '../panels/categoryName.ts';
import { downloadBlob } from '../panels/download.ts';

export function profiles(): WalkProfile[] {
  return store.getState().standards.profiles;
}

export function currentProfile(): WalkProfile {
  const id = store.getState().profileId;
  return profiles().find((p) => p.id === id) ?? profiles()[0];
}

export async function loadIntoEngine(dataset: Dataset) {
  store.setState({ engineStatus: 'loading', engineMessage: '' });
  try {
    const network = await engine().load(dataset);
    store.setState({ engineStatus: 'ready', network });
    await runAnalysis();
    const { category, lang } = store.getState();
    await computeIsochrone({ category }, categoryLabel(category, lang));
  } catch (e) {
    store.setState({ engineStatus: 'error', engineMessage: errorText(e) });
  }
}

export async function computeIsochrone(req: { from?: Position; facilityId?: string; category?: CategoryId }, label: string) {
  const s = store.getState();
  store.setState({ engineStatus: 'busy', engineMessage: '' });
  try {
    const iso = await engine().isochrone({ ...req, minutes: s.isoMinutes, profile: currentProfile() });
    store.setState({ engineStatus: 'ready', isochrone: iso, isoOrigin: label, layers: { ...store.getState().layers, analysis: true } });
  } catch (e) {
    store.setState({ engineStatus: 'ready', engineMessage: errorText(e) });
  }
}

let analysisRun = 0;

/** Re-runs the coverage analysis; a newer request supersedes an older one still in flight. */
export async function runAnalysis() {
  const run = ++analysisRun;
  const s = store.getState();
  if (!s.network) return;
  store.setState({ analysisStatus: 'running', analysisMessage: '' });
  try {
    const analysis = await engine().analyze(s.standards, { profile: currentProfile(), edited: s.standardsEdited });
    if (run === analysisRun) store.setState({ analysis, analysisStatus: 'done' });
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
    downloadBlob(name, new Blob([files[name]], { type }));
  } catch (e) {
    store.setState({ analysisMessage: errorText(e) });
  }
}
