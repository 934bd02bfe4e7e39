// The surface the app sees through comlink: one object, plain data in, plain data out.
import { Engine, type IsochroneCollection, type IsochroneRequest, type NetworkReport } from './engine.ts';
import type { Dataset } from './dataset.ts';

export class EngineApi {
  private engine: Engine | null = null;

  load(dataset: Dataset): NetworkReport {
    this.engine = null;
    this.engine = new Engine(dataset);
    return this.engine.report;
  }

  isochrone(req: IsochroneRequest): IsochroneCollection {
    return this.need().isochrone(req);
  }

  private need(): Engine {
    if (!this.engine) throw new Error('No dataset loaded in the engine yet.');
    return this.engine;
  }
}
