// Everything that talks to the engine goes through here, so status, errors and results land in the store.
import { store } from './store.ts';
import { engine, errorText } from '../engine/client.ts';
import type { Dataset, Position } from '../../workers/dataset.ts';
import type { WalkProfile } from '../../workers/profile.ts';
import standards from '../../data/standards/gb50180-2018.json';

export function profiles(): WalkProfile[] {
  return standards.profiles as WalkProfile[];
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
  } catch (e) {
    store.setState({ engineStatus: 'error', engineMessage: errorText(e) });
  }
}

export async function computeIsochrone(req: { from?: Position; facilityId?: string; category?: string }, label: string) {
  const s = store.getState();
  store.setState({ engineStatus: 'busy', engineMessage: '' });
  try {
    const iso = await engine().isochrone({ ...req, category: req.category as never, minutes: s.isoMinutes, profile: currentProfile() });
    store.setState({ engineStatus: 'ready', isochrone: iso, isoOrigin: label, layers: { ...store.getState().layers, analysis: true } });
  } catch (e) {
    store.setState({ engineStatus: 'ready', engineMessage: errorText(e) });
  }
}
