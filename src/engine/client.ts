// The app's only door into the engine: a Web Worker behind comlink. A worker that dies (out of
// memory, an uncaught error, a failed module load) never answers again, so every call in flight
// is failed with a clear error, the dead worker is dropped, and the next call starts a fresh one;
// listeners (see recover.ts) reload the dataset into it.
import { wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../workers/api.ts';

export class EngineCrashed extends Error {
  constructor(readonly detail: string) {
    super(`The analysis engine stopped (${detail}).`);
    this.name = 'EngineCrashed';
  }
}

type WorkerLike = Pick<Worker, 'addEventListener' | 'terminate'>;
type Factory = () => WorkerLike;

const defaultFactory: Factory = () =>
  new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'circletwin-engine' });

let factory: Factory = defaultFactory;
let current: { remote: Remote<EngineApi>; guarded: Remote<EngineApi> } | null = null;
const listeners = new Set<(e: EngineCrashed) => void>();

/** Called when the worker dies; returns the unsubscribe function. */
export function onEngineCrash(listener: (e: EngineCrashed) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** For tests: how workers are made (a fake one that can be made to fail). */
export function setWorkerFactory(f: Factory | null) {
  current = null;
  factory = f ?? defaultFactory;
}

export function engine(): Remote<EngineApi> {
  if (current) return current.guarded;
  const worker = factory();
  const remote = wrap<EngineApi>(worker as unknown as Worker);
  let fail: (e: EngineCrashed) => void = () => {};
  const crashed = new Promise<never>((_, reject) => { fail = reject; });
  // Nobody may be waiting when it dies; the rejection is still handled here.
  crashed.catch(() => {});
  const entry = {
    remote,
    // Every method call races the worker's death, so a crash fails the call instead of hanging it.
    guarded: new Proxy({} as Remote<EngineApi>, {
      // Not a thenable: `await engine()` must not call into the worker.
      get: (_t, prop) => (prop === 'then' ? undefined : (...args: unknown[]) =>
        Promise.race([(remote as unknown as Record<PropertyKey, (...a: unknown[]) => Promise<unknown>>)[prop](...args), crashed])),
    }),
  };
  const die = (detail: string) => {
    if (current !== entry) return;
    current = null;
    const err = new EngineCrashed(detail);
    fail(err);
    worker.terminate();
    for (const l of listeners) l(err);
  };
  worker.addEventListener('error', (ev) => {
    const e = ev as ErrorEvent;
    e.preventDefault?.();
    die(e.message || 'worker error');
  });
  worker.addEventListener('messageerror', () => die('a message could not be read'));
  current = entry;
  return entry.guarded;
}

/** Error text from the worker, without the stack comlink carries across. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
