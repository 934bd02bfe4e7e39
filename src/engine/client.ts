// The app's only door into the engine: a Web Worker behind comlink.
import { wrap, type Remote } from 'comlink';
import type { EngineApi } from '../../workers/api.ts';

let remote: Remote<EngineApi> | null = null;

export function engine(): Remote<EngineApi> {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'circletwin-engine' });
    remote = wrap<EngineApi>(worker);
  }
  return remote;
}

/** Error text from the worker, without the stack comlink carries across. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
