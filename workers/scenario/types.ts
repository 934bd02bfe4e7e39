// A scenario is data, not code: the baseline dataset plus a list of changes. Every consumer
// (coverage, siting, isochrones, the twin, exports, the CLI's --scenario) takes "dataset + scenario",
// so a plan analysed in the app and in the CLI gives the same numbers. The baseline data is never
// edited: removing or moving an existing facility, closing a street or a gate, are changes here.

import type { CategoryId, Position } from '../model/dataset.ts';

export const SCENARIO_FORMAT = 'circletwin-scenario';
export const SCENARIO_VERSION = 1;

/** Opening hours of a gate, local time "HH:MM"; `close` earlier than `open` spans midnight. */
export interface GateHours {
  open: string;
  close: string;
}

export type PathType = 'footpath' | 'footbridge' | 'underpass' | 'crossing';

/** Each change has its own id, so the compare view can say what each one contributed. */
export type Change =
  /** A new facility (a candidate): `position` is where it stands now, moves update it in place. */
  | { kind: 'facility_add'; id: string; category: CategoryId; name: string; capacity: number | null; position: Position;
      origin: 'manual' | 'suggested'; site_id?: string | null }
  /** An existing facility moved to `position` (the baseline keeps its own). */
  | { kind: 'facility_move'; id: string; facility: string; position: Position }
  /** An existing facility taken out of the plan. */
  | { kind: 'facility_remove'; id: string; facility: string }
  /** An existing facility's name or capacity changed in the plan. */
  | { kind: 'facility_edit'; id: string; facility: string; name?: string; capacity?: number | null }
  /** A new walkable way: its ends snap to streets or gates; `penalty_m` is added once to its cost. */
  | { kind: 'path_add'; id: string; path_type: PathType; coordinates: Position[]; penalty_m: number; name: string }
  /**
   * A street or path closed to walking. `coordinates`, when present, is the street as it was when
   * the plan was made, so a plan opened on changed data can tell that the id now names another street.
   */
  | { kind: 'way_close'; id: string; street: string; reason: string; coordinates?: Position[] }
  /** A new gate in a compound wall, at `position` on the outline. */
  | { kind: 'gate_add'; id: string; compound: string; position: Position; hours: GateHours | null }
  /** An existing or added gate opened or closed all day; gate ids are `<compound>/<index>` or a gate_add id. */
  | { kind: 'gate_state'; id: string; gate: string; open: boolean }
  /** Opening hours for an existing or added gate; null removes them (open all day). */
  | { kind: 'gate_hours'; id: string; gate: string; hours: GateHours | null };

export type ChangeKind = Change['kind'];

/** A briefing slide: its camera, scenario and layers (issue 9). */
export interface Slide {
  id: string;
  kind: 'overview' | 'community' | 'plan' | 'summary' | 'view';
  title: string;
  community?: string;
  camera: { center: Position; zoom: number; pitch: number; bearing: number };
  layers?: Record<string, boolean>;
  category?: CategoryId;
}

export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  version: typeof SCENARIO_VERSION;
  id: string;
  name: string;
  /** `meta.id` of the dataset it applies to. */
  dataset: string;
  created: string;
  updated: string;
  /** Bumped on every saved edit; storage refuses a write whose base revision is stale (two tabs). */
  revision: number;
  changes: Change[];
  /** "HH:MM" at which gate hours are evaluated; null means daytime with every gate as mapped. */
  time_of_day: string | null;
  slides: Slide[];
}

export const BASELINE_ID = 'baseline';
