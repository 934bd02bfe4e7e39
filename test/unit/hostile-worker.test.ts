// The app's engine client when the worker dies: calls in flight fail with a clear error instead of
// hanging, the crash is reported, and the next call gets a fresh worker.
import { afterAll, describe, expect, it } from 'vitest';
import { engine, EngineCrashed, onEngineCrash, setWorkerFactory } from '../../src/engine/client.ts';
import type { Outcome } from './hostile-helpers.ts';

const counts: Record<Outcome, number> = { error: 0, repaired: 0, correct: 0 };
afterAll(() => {
  setWorkerFactory(null);
  console.log(`hostile worker cases by outcome: ${JSON.stringify(counts)}`);
});

/** A worker that takes messages and never answers, until it is made to fail. */
class SilentWorker {
  listeners = new Map<string, Array<(ev: unknown) => void>>();
  terminated = false;
  posted = 0;
  addEventListener(type: string, fn: (ev: unknown) => void) { this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]); }
  removeEventListener(type: string, fn: (ev: unknown) => void) { this.listeners.set(type, (this.listeners.get(type) ?? []).filter((f) => f !== fn)); }
  postMessage() { this.posted++; }
  start() {}
  terminate() { this.terminated = true; }
  fail(type: 'error' | 'messageerror', message = 'out of memory') {
    for (const fn of this.listeners.get(type) ?? []) fn({ message, preventDefault() {} });
  }
}

describe('a dying engine worker', () => {
  it('fails the calls in flight, reports the crash, and starts afresh on the next call → error', async () => {
    const made: SilentWorker[] = [];
    setWorkerFactory(() => { const w = new SilentWorker(); made.push(w); return w as unknown as Worker; });
    const crashes: string[] = [];
    const off = onEngineCrash((e) => crashes.push(e.detail));
    const pending = engine().analyze({}, {});
    const other = engine().isochrone({ from: [117, 32] });
    expect(made).toHaveLength(1);
    expect(made[0].posted).toBe(2);
    made[0].fail('error');
    await expect(pending).rejects.toBeInstanceOf(EngineCrashed);
    await expect(other).rejects.toThrow(/The analysis engine stopped \(out of memory\)/);
    expect(crashes).toEqual(['out of memory']);
    expect(made[0].terminated).toBe(true);
    void engine().analyze({}, {});
    expect(made).toHaveLength(2);
    // A second error event from the dead worker changes nothing.
    made[0].fail('error', 'late');
    expect(crashes).toEqual(['out of memory']);
    off();
    counts.error++;
  });

  it('a message that cannot be read is a crash too → error', async () => {
    const made: SilentWorker[] = [];
    setWorkerFactory(() => { const w = new SilentWorker(); made.push(w); return w as unknown as Worker; });
    const pending = engine().exportFiles();
    made[0].fail('messageerror');
    await expect(pending).rejects.toThrow(/a message could not be read/);
    counts.error++;
  });

  it('awaiting the client itself does not call into the worker → correct', async () => {
    const made: SilentWorker[] = [];
    setWorkerFactory(() => { const w = new SilentWorker(); made.push(w); return w as unknown as Worker; });
    const e = engine();
    expect(await Promise.resolve(e)).toBe(e);
    expect(made[0].posted).toBe(0);
    counts.correct++;
  });
});
