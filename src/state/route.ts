// The walk drawn for the selection: a clicked building walks from itself, any other clicked spot but a
// facility from where it was clicked, to the facility of the selected category that serves it. Asked
// again whenever what it depends on changes (selection, category, or a new analysis: plan, profile,
// standards, dataset), so the drawn walk never outlives the figures it explains.
import { store, type AppState } from './store.ts';
import { engine, errorText } from '../engine/client.ts';
import { currentProfile } from './actions.ts';
import type { CategoryId, Position } from '../../workers/model/dataset.ts';

type RouteRequest = { buildingId?: string; from?: Position; category: CategoryId };

/** What to route for the current state; null when nothing should be drawn. */
export function routeRequest(s: AppState): RouteRequest | null {
  const sel = s.selection;
  if (!sel || !s.network || s.analysisStatus !== 'done') return null;
  if (sel.kind === 'building') return { buildingId: sel.id, category: s.category };
  if (sel.kind === 'facility' || !sel.at) return null;
  return { from: sel.at, category: s.category };
}

let run = 0;

async function refresh(req: RouteRequest | null) {
  const mine = ++run;
  if (!req) {
    store.setState({ route: { status: 'idle', answer: null, message: '' } });
    return;
  }
  store.setState({ route: { status: 'running', answer: null, message: '' } });
  const s = store.getState();
  try {
    const answer = await engine().route(req, s.standards, { profile: currentProfile() });
    if (mine === run) store.setState({ route: { status: 'done', answer, message: '' } });
  } catch (e) {
    if (mine === run) store.setState({ route: { status: 'error', answer: null, message: errorText(e) } });
  }
}

/** Keeps the route in step with the store; returns the unsubscribe function. */
export function startRoutes(): () => void {
  let key = '';
  let analysis: AppState['analysis'] = null;
  return store.subscribe(() => {
    const s = store.getState();
    const req = routeRequest(s);
    const k = req ? JSON.stringify(req) : '';
    if (k === key && s.analysis === analysis) return;
    key = k;
    analysis = s.analysis;
    void refresh(req);
  });
}
