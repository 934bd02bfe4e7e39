// Undo and redo of plan edits as a list of immutable snapshots. A step names the plan and holds
// the plan before and after (null: it did not exist, i.e. it was created or deleted), so creating,
// renaming, deleting and editing a plan all undo the same way. Steps carry a tick of one clock
// shared with the standards table's undo, so Ctrl+Z can always take back the latest edit of either.
import type { Scenario } from '../../workers/scenario/types.ts';

export interface PlanStep {
  label: string;
  id: string;
  before: Scenario | null;
  after: Scenario | null;
  /** When it was done (in the past list) or undone (in the future list), on the shared clock. */
  at: number;
}

let clock = 0;
/** The shared edit clock. */
export const tick = () => ++clock;

export class PlanHistory {
  past: PlanStep[] = [];
  future: PlanStep[] = [];

  constructor(private readonly limit = 200) {}

  record(step: Omit<PlanStep, 'at'>) {
    this.past.push({ ...step, at: tick() });
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  /** The step to take back; the caller puts `before` in force. */
  undo(): PlanStep | null {
    const s = this.past.pop();
    if (!s) return null;
    this.future.push({ ...s, at: tick() });
    return s;
  }

  /** The step to do again; the caller puts `after` in force. */
  redo(): PlanStep | null {
    const s = this.future.pop();
    if (!s) return null;
    this.past.push({ ...s, at: tick() });
    return s;
  }

  /** Forgets the steps of one plan (another tab changed it, so its snapshots no longer follow on). */
  forget(id: string) {
    this.past = this.past.filter((s) => s.id !== id);
    this.future = this.future.filter((s) => s.id !== id);
  }

  get undoAt(): number {
    return this.past.length ? this.past[this.past.length - 1].at : -1;
  }

  get redoAt(): number {
    return this.future.length ? this.future[this.future.length - 1].at : -1;
  }

  get undoLabel(): string | null {
    return this.past.length ? this.past[this.past.length - 1].label : null;
  }

  get redoLabel(): string | null {
    return this.future.length ? this.future[this.future.length - 1].label : null;
  }
}

/**
 * The standards table's undo lists hold table objects; this remembers when each one stopped being
 * the table in force (an edit, an undo or a redo replaced it), which is the tick of the step that
 * would bring it back.
 */
export class TableClock {
  private left = new WeakMap<object, number>();
  private current: object | null = null;

  observe(table: object) {
    if (table === this.current) return;
    if (this.current) this.left.set(this.current, tick());
    this.current = table;
  }

  at(table: object | undefined): number {
    return table ? (this.left.get(table) ?? 0) : -1;
  }
}
