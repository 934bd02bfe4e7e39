// The drawn community boundaries' slice of the one store (src/state/boundaries.ts fills it).
import type { MessageKey } from '../i18n/index.ts';
import type { Position } from '../../workers/model/dataset.ts';
import type { DrawnBoundary } from '../../workers/model/drawn-zones.ts';

export interface BoundaryEntry {
  boundary: DrawnBoundary;
  /** When it was first drawn (ms): its place in the list, kept through renames and undo. */
  order: number;
}

export interface BoundaryState {
  /** The dataset the entries belong to (null before the first load). */
  dataset: string | null;
  entries: BoundaryEntry[];
  storage: 'loading' | 'ok' | 'unavailable';
  /** Drawing: map clicks add corners to `draft`. */
  drawing: boolean;
  draft: Position[];
  /** A finished outline waiting for its names. */
  pending: Position[] | null;
  notice: { kind: 'info' | 'error'; key: MessageKey; detail: string } | null;
  /** The latest boundary edit to undo and to redo (message keys), null when none. */
  undoKey: MessageKey | null;
  redoKey: MessageKey | null;
}

export const BOUNDARY_DEFAULT: BoundaryState = {
  dataset: null, entries: [], storage: 'loading', drawing: false, draft: [], pending: null, notice: null, undoKey: null, redoKey: null,
};
