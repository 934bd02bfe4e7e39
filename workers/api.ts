// The surface the app sees through comlink: one object, plain data in, plain data out.
import { Engine, type IsochroneCollection, type IsochroneRequest, type NetworkReport, type RouteAnswer } from './engine.ts';
import type { Dataset, Position } from './model/dataset.ts';
import { validateDataset } from './model/validate.ts';
import { applyDrawnBoundaries, checkBoundaries, type DrawnBoundary, type DrawnScopes } from './model/drawn-zones.ts';
import { analyze, searchLimit, type AnalysisOptions, type AnalysisResult } from './analysis/coverage.ts';
import { parseStandards } from './analysis/standards.ts';
import { accessCsv, diffCsv, gapsGeoJson, indicatorsCsv } from './io/exports.ts';
import { useScenario, type ChangeProblem } from './scenario/apply.ts';
import type { Scenario } from './scenario/types.ts';
import { DragSession } from './siting/drag.ts';
import type { LiveUpdate, SuggestProgress, SuggestRequest, SuggestResult } from './siting/types.ts';
import { suggest } from './siting/suggest.ts';
import { defaultCapacities } from './siting/capacity.ts';
import type { CategoryId } from './model/dataset.ts';
import { comparePlans, type PlanComparison } from './scenario/compare.ts';
import { networkEditContributions, type ContributionsResult } from './scenario/network-edits.ts';
import { applyFacilityChanges } from './scenario/apply.ts';

export interface ExportFiles {
  'gaps.geojson': string;
  'indicators.csv': string;
  'access.csv': string;
}

export class EngineApi {
  private engine: Engine | null = null;
  private last: AnalysisResult | null = null;
  private scenario: Scenario | null = null;
  private drag: DragSession | null = null;
  private suggestRun = 0;
  private cancelledRun = 0;
  private drawn: Omit<DrawnScopes, 'dataset'> | null = null;

  /** With `drawn` boundaries (the user's layer), they are the analysis scopes instead of the dataset's communities. */
  load(dataset: Dataset, drawn: DrawnBoundary[] = []): NetworkReport {
    this.engine = null;
    this.last = null;
    this.scenario = null;
    this.drag = null;
    this.drawn = null;
    // The one validation stage stands before the engine: imports passed it when read (and say so in
    // their meta); anything else, the built-in district included, passes it here. Only checks.
    let checked = (dataset?.meta as { validated?: boolean } | undefined)?.validated ? dataset
      : validateDataset(dataset, { source: dataset?.meta?.name ?? 'dataset', estimate: false, deriveZones: false }).dataset;
    if (drawn.length) {
      const { boundaries } = checkBoundaries(drawn, checked);
      const scopes = applyDrawnBoundaries(checked, boundaries);
      checked = scopes.dataset;
      this.drawn = { counts: scopes.counts, unassigned: scopes.unassigned };
    }
    this.engine = new Engine(checked);
    return this.engine.report;
  }

  /** Buildings and residents per drawn boundary and outside them all, for the dataset loaded with drawn boundaries (else null). */
  drawnScopes(): Omit<DrawnScopes, 'dataset'> | null {
    return this.drawn;
  }

  /** The plan in force for analyze, isochrone and exports (null: the baseline). */
  setScenario(scenario: Scenario | null): { problems: ChangeProblem[] } {
    const e = this.need();
    this.scenario = scenario;
    this.last = null;
    this.drag = null;
    return { problems: useScenario(e, scenario).problems };
  }

  /** Analyses another plan (for comparing) and leaves the one in force as it was. */
  analyzeFor(scenario: Scenario | null, standards: unknown, opts: AnalysisOptions): AnalysisResult {
    const e = this.need();
    const table = parseStandards(standards);
    try {
      useScenario(e, scenario);
      return analyze(e, table, opts);
    } finally {
      useScenario(e, this.scenario);
    }
  }

  /** Starts dragging a candidate or moved facility of the plan in force (its change id). */
  dragStart(changeId: string, standards: unknown, opts: AnalysisOptions): void {
    const e = this.need();
    const table = parseStandards(standards);
    this.drag = new DragSession(e, table, opts.profile ?? table.profiles[0], e.facilities, changeId);
  }

  /** The plan with the dragged facility at (lon, lat): exact coverage, colours, gaps and its own walking area. */
  dragMove(lon: number, lat: number): LiveUpdate {
    if (!this.drag) throw new Error('No drag in progress.');
    return this.drag.move(lon, lat);
  }

  dragEnd(): void {
    this.drag = null;
  }

  /**
   * Suggests sites for a category given the plan in force (its facilities stay fixed). Progress
   * goes to `onProgress` (a comlink proxy); cancelSuggest stops it at the next step.
   */
  async suggest(req: SuggestRequest, standards: unknown, opts: AnalysisOptions, onProgress?: (p: SuggestProgress) => void): Promise<SuggestResult> {
    const e = this.need();
    const table = parseStandards(standards);
    const run = ++this.suggestRun;
    return suggest(e, table, opts.profile ?? table.profiles[0], req, {
      progress: onProgress,
      cancelled: () => this.cancelledRun >= run,
    });
  }

  /** Capacity for a new facility of each category, from its quota or the plan's average (null: unknown). */
  defaultCapacities(standards: unknown): Record<CategoryId, number | null> {
    return defaultCapacities(this.need(), parseStandards(standards));
  }

  cancelSuggest(): void {
    this.cancelledRun = this.suggestRun;
  }

  /**
   * What plan `after` changes against plan `before` (null: the baseline): coverage, target population
   * gained and lost by cohort and community, indicators and parking deficit; with both analyses.
   */
  compare(before: Scenario | null, after: Scenario | null, standards: unknown, opts: AnalysisOptions):
    { before: AnalysisResult; after: AnalysisResult; changes: PlanComparison } {
    const table = parseStandards(standards);
    const b = this.analyzeFor(before, table, opts), a = this.analyzeFor(after, table, opts);
    return { before: b, after: a, changes: comparePlans(this.need(), table, b, a) };
  }

  /** Per-building walks under two plans as CSV (see io/exports.ts). */
  diffCsv(before: Scenario | null, after: Scenario | null, standards: unknown, opts: AnalysisOptions): string {
    return diffCsv(this.analyzeFor(before, standards, opts), this.analyzeFor(after, standards, opts));
  }

  /** What each network edit of a plan contributes: covered target gained or lost per category (leave-one-out). */
  networkEditContributions(scenario: Scenario, standards: unknown, opts: AnalysisOptions): ContributionsResult {
    const e = this.need();
    const table = parseStandards(standards);
    return networkEditContributions(e, scenario, table, opts.profile ?? table.profiles[0], (s) => applyFacilityChanges(e, s).facilities);
  }

  isochrone(req: IsochroneRequest): IsochroneCollection {
    return this.need().isochrone(req);
  }

  /**
   * The walk from a building (or a point of the map, snapped as a building there) to the facility of
   * a category that serves it, under the plan in force, searched as far as the analysis searches.
   */
  route(req: { buildingId?: string; from?: Position; category: CategoryId }, standards: unknown, opts: AnalysisOptions): RouteAnswer {
    const table = parseStandards(standards);
    const cs = table.categories.find((c) => c.id === req.category);
    if (!cs) throw new Error(`Route: the standards table has no category ${String(req.category)}.`);
    return this.need().route({ ...req, cutoff: searchLimit(cs.threshold_m), profile: opts.profile ?? table.profiles[0] });
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
