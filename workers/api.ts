// The surface the app sees through comlink: one object, plain data in, plain data out.
import { Engine, type IsochroneCollection, type IsochroneRequest, type NetworkReport } from './engine.ts';
import type { Dataset } from './model/dataset.ts';
import { analyze, type AnalysisOptions, type AnalysisResult } from './analysis/coverage.ts';
import { parseStandards } from './analysis/standards.ts';
import { accessCsv, gapsGeoJson, indicatorsCsv } from './io/exports.ts';

export interface ExportFiles {
  'gaps.geojson': string;
  'indicators.csv': string;
  'access.csv': string;
}

export class EngineApi {
  private engine: Engine | null = null;
  private last: AnalysisResult | null = null;

  load(dataset: Dataset): NetworkReport {
    this.engine = null;
    this.last = null;
    this.engine = new Engine(dataset);
    return this.engine.report;
  }

  isochrone(req: IsochroneRequest): IsochroneCollection {
    return this.need().isochrone(req);
  }

  /** Full coverage analysis with a standards table (validated here, so a bad edit fails loudly). */
  analyze(standards: unknown, opts: AnalysisOptions): AnalysisResult {
    const table = parseStandards(standards);
    this.last = analyze(this.need(), table, opts);
    return this.last;
  }

  exportFiles(): ExportFiles {
    const e = this.need();
    if (!this.last) throw new Error('Run the analysis before exporting.');
    return { 'gaps.geojson': gapsGeoJson(this.last), 'indicators.csv': indicatorsCsv(e, this.last), 'access.csv': accessCsv(e, this.last) };
  }

  private need(): Engine {
    if (!this.engine) throw new Error('No dataset loaded in the engine yet.');
    return this.engine;
  }
}
