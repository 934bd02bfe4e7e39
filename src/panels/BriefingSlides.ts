// Briefing slides as data: the deck (generated from the analysis, or the plan's own saved slides)
// and each slide's content computed from the live analysis. The full-screen view, the overview and
// the exported report all render this one content, so a number is never typed twice.
import type { Map as MlMap } from 'maplibre-gl';
import { translate, localName, type Lang, type MessageKey } from '../i18n/index.ts';
import type { AnalysisResult, IndicatorRow } from '../../workers/analysis/coverage.ts';
import type { CategoryId, Dataset } from '../../workers/model/dataset.ts';
import type { Scenario, Slide } from '../../workers/scenario/types.ts';
import type { Standards } from '../../workers/analysis/standards.ts';
import { presetCamera, currentCamera } from '../twin/camera.ts';
import { fmtIndicator, fmtNumber } from './format.ts';
import { categoryName } from './categoryName.ts';

export interface Cell {
  text: string;
  cls?: 'pass' | 'fail' | 'up' | 'down' | 'num';
}

export interface Table {
  caption: string;
  head: string[];
  rows: Cell[][];
}

export interface SlideContent {
  title: string;
  subtitle: string;
  /** The big numbers, each with its label: what the room reads first. */
  headline: Array<{ label: string; value: string; cls?: Cell['cls'] }>;
  tables: Table[];
  note?: string;
}

export interface DeckContext {
  lang: Lang;
  dataset: Dataset;
  analysis: AnalysisResult;
  /** The baseline's analysis when a plan is in force, for before/after. */
  baseline: AnalysisResult | null;
  plan: Scenario | null;
  standards: Standards;
  category: CategoryId;
}

const tr = (lang: Lang, k: MessageKey) => translate(lang, k);

export function newSlideId(): string {
  return `slide-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Width share of the briefing card over the map (twin.css .brief-card). */
export const CARD = 0.46;

/** The default deck: district overview, each community, the plan (when one is in force), a summary. */
export function defaultSlides(map: MlMap, ds: Dataset, plan: Scenario | null, category: CategoryId, shown: Record<string, boolean>): Slide[] {
  // Every slide carries the layers shown when the deck was made, with the analysis on.
  const layers = { ...shown, analysis: true };
  const slides: Slide[] = [{ id: 'overview', kind: 'overview', title: '', camera: presetCamera(map, ds, null, true, CARD), category, layers }];
  for (const c of ds.communities.features) {
    slides.push({ id: `community-${c.properties.id}`, kind: 'community', title: '', community: c.properties.id,
      camera: presetCamera(map, ds, c.properties.id, true, CARD), category, layers });
  }
  if (plan) {
    // The plan slide looks at what the plan changes: its new and moved facilities, or the district.
    const places = plan.changes.flatMap((c) => (c.kind === 'facility_add' || c.kind === 'facility_move' || c.kind === 'gate_add' ? [c.position] : []));
    slides.push({ id: 'plan', kind: 'plan', title: '', camera: presetCamera(map, ds, null, true, CARD, places), category, layers });
  }
  slides.push({ id: 'summary', kind: 'summary', title: '', camera: presetCamera(map, ds, null, false, CARD), category, layers });
  return slides;
}

/** A slide of what the map shows now: its camera, category and layers. */
export function slideFromView(map: MlMap, title: string, category: CategoryId, layers: Record<string, boolean>): Slide {
  return { id: newSlideId(), kind: 'view', title, camera: currentCamera(map), category, layers: { ...layers } };
}

function indicatorRows(a: AnalysisResult, scope: string): IndicatorRow[] {
  return a.indicators.filter((r) => r.scope === scope);
}

function passCell(lang: Lang, pass: boolean | null): Cell {
  return pass === null ? { text: '—' } : { text: tr(lang, pass ? 'pass' : 'fail'), cls: pass ? 'pass' : 'fail' };
}

const pct = (v: number, lang: Lang) => `${fmtNumber(v * 100, lang, 1)}%`;

/** A change of a share in percentage points (个百分点). */
export const pp = (d: number, lang: Lang) => `${fmtNumber(d * 100, lang, 1)} ${tr(lang, 'unit.pp')}`;

function indicatorTable(ctx: DeckContext, scope: string, onlyFailing: boolean): Table {
  const { lang, analysis } = ctx;
  const rows = indicatorRows(analysis, scope).filter((r) => !onlyFailing || r.pass === false);
  return {
    caption: tr(lang, onlyFailing ? 'brief.shortages' : 'indicators'),
    head: [tr(lang, 'brief.indicator'), tr(lang, 'value'), tr(lang, 'target'), ''],
    rows: rows.map((r) => [{ text: localName(lang, r) }, { text: fmtIndicator(r.value, r.unit, lang), cls: 'num' },
      { text: fmtIndicator(r.target, r.unit, lang), cls: 'num' }, passCell(lang, r.pass)]),
  };
}

function communityPopulation(ds: Dataset, id: string | null) {
  let pop = 0, eld = 0, hh = 0;
  for (const b of ds.buildings.features) {
    if (id && b.properties.community !== id) continue;
    pop += b.properties.population;
    eld += b.properties.age60plus;
    hh += b.properties.households;
  }
  return { pop, eld, hh };
}

/** Categories below their target coverage in a community, worst first. */
function shortCategories(ctx: DeckContext, community: string): Table {
  const { lang, analysis, standards } = ctx;
  const rows: Array<{ id: CategoryId; share: number; target: number }> = [];
  for (const cs of standards.categories) {
    const r = analysis.categories[cs.id];
    const c = r?.byCommunity[community];
    if (!c || c.target <= 0) continue;
    if (c.share < cs.target_coverage) rows.push({ id: cs.id, share: c.share, target: cs.target_coverage });
  }
  rows.sort((a, b) => a.share - b.share);
  return {
    caption: tr(lang, 'brief.coverage'),
    head: [tr(lang, 'category'), tr(lang, 'brief.coverage'), tr(lang, 'target')],
    rows: rows.map((r) => [{ text: categoryName(r.id, lang) }, { text: pct(r.share, lang), cls: 'fail' }, { text: pct(r.target, lang), cls: 'num' }]),
  };
}

function deltaCell(d: number, text: string): Cell {
  return { text: d > 0 ? `+${text}` : text, cls: d > 1e-9 ? 'up' : d < -1e-9 ? 'down' : 'num' };
}

/** Communities ranked weakest first by 15-minute circle completeness. */
export function worstCommunities(ctx: DeckContext): Array<{ id: string; name: string; completeness: number; failing: number }> {
  const { analysis, lang } = ctx;
  const comp = analysis.completenessByCommunity['15'] ?? {};
  return analysis.communities.map((c) => ({
    id: c.id, name: lang === 'en' ? c.name_en : c.name, completeness: comp[c.id] ?? 0,
    failing: indicatorRows(analysis, c.id).filter((r) => r.pass === false).length,
  })).sort((a, b) => a.completeness - b.completeness || b.failing - a.failing);
}

export function slideTitle(slide: Slide, ctx: DeckContext): string {
  if (slide.title) return slide.title;
  const { lang, dataset } = ctx;
  if (slide.kind === 'overview') return `${localName(lang, dataset.meta)} · ${tr(lang, 'brief.overview')}`;
  if (slide.kind === 'community') {
    const c = dataset.communities.features.find((f) => f.properties.id === slide.community);
    return c ? localName(lang, c.properties) : tr(lang, 'brief.community');
  }
  if (slide.kind === 'plan') return `${ctx.plan?.name ?? ''} · ${tr(lang, 'brief.plan')}`;
  if (slide.kind === 'summary') return tr(lang, 'brief.summary');
  return tr(lang, 'brief.view');
}

export function slideContent(slide: Slide, ctx: DeckContext): SlideContent {
  const { lang, analysis, dataset } = ctx;
  const category = slide.category ?? ctx.category;
  const cat = analysis.categories[category];
  const title = slideTitle(slide, ctx);
  const planName = ctx.plan ? ctx.plan.name : tr(lang, 'overview.baseline');
  if (slide.kind === 'community' && slide.community) {
    const id = slide.community;
    const p = communityPopulation(dataset, id);
    const rows = indicatorRows(analysis, id);
    const passed = rows.filter((r) => r.pass).length;
    const failing = indicatorTable(ctx, id, true);
    const comp = analysis.completenessByCommunity['15']?.[id] ?? 0;
    return {
      title, subtitle: planName,
      headline: [
        { label: tr(lang, 'brief.population'), value: fmtNumber(p.pop, lang) },
        { label: tr(lang, 'brief.elderlyShare'), value: p.pop ? pct(p.eld / p.pop, lang) : '—' },
        { label: `${categoryName(category, lang)} ${tr(lang, 'brief.coverage')}`, value: cat?.byCommunity[id] ? pct(cat.byCommunity[id].share, lang) : '—' },
        { label: `15 ${tr(lang, 'twin.minutes')} ${tr(lang, 'twin.metric.completeness')}`, value: pct(comp, lang) },
        { label: tr(lang, 'indicators'), value: `${passed} / ${rows.length} ${tr(lang, 'pass')}`, cls: passed === rows.length ? 'pass' : 'fail' },
      ],
      tables: [failing, shortCategories(ctx, id)],
      note: failing.rows.length === 0 ? tr(lang, 'brief.noShortage') : undefined,
    };
  }
  if (slide.kind === 'plan') {
    const before = ctx.baseline;
    if (!ctx.plan || !before) {
      return { title, subtitle: planName, headline: [], tables: [], note: tr(lang, 'brief.noPlan') };
    }
    const head = [tr(lang, 'brief.indicator'), tr(lang, 'brief.before'), tr(lang, 'brief.after'), tr(lang, 'brief.delta')];
    const ind: Table = {
      caption: tr(lang, 'indicators'), head,
      rows: indicatorRows(analysis, 'district').map((r) => {
        const b = before.indicators.find((x) => x.scope === 'district' && x.id === r.id);
        const d = r.value !== null && b?.value != null ? r.value - b.value : null;
        return [{ text: localName(lang, r) }, { text: fmtIndicator(b?.value ?? null, r.unit, lang), cls: 'num' },
          { text: fmtIndicator(r.value, r.unit, lang), cls: 'num' },
          d === null ? { text: '—' } : deltaCell(d, r.unit === 'share' || r.unit === 'ratio' ? pp(d, lang) : fmtNumber(d, lang, 2))];
      }),
    };
    const cov: Table = {
      caption: tr(lang, 'overview.coverage'), head: [tr(lang, 'category'), ...head.slice(1)],
      rows: ctx.standards.categories.flatMap((cs) => {
        const a = analysis.categories[cs.id]?.district, b = before.categories[cs.id]?.district;
        if (!a || !b) return [];
        const d = a.share - b.share;
        return [[{ text: categoryName(cs.id, lang) }, { text: pct(b.share, lang), cls: 'num' as const }, { text: pct(a.share, lang), cls: 'num' as const },
          deltaCell(d, pp(d, lang))]];
      }),
    };
    const a = cat?.district, b = before.categories[category]?.district;
    return {
      title, subtitle: planName,
      headline: a && b ? [
        { label: `${categoryName(category, lang)} ${tr(lang, 'brief.before')}`, value: pct(b.share, lang) },
        { label: tr(lang, 'brief.after'), value: pct(a.share, lang) },
        { label: tr(lang, 'brief.delta'), value: `${a.share - b.share >= 0 ? '+' : ''}${pp(a.share - b.share, lang)}`, cls: a.share > b.share ? 'up' : a.share < b.share ? 'down' : undefined },
      ] : [],
      tables: [ind, cov],
    };
  }
  if (slide.kind === 'summary') {
    const worst = worstCommunities(ctx);
    const comp = analysis.completenessByCommunity['15'] ?? {};
    const rows: Cell[][] = worst.map((w) => {
      const ind = indicatorRows(analysis, w.id);
      return [{ text: w.name }, { text: fmtNumber(communityPopulation(dataset, w.id).pop, lang), cls: 'num' },
        { text: cat?.byCommunity[w.id] ? pct(cat.byCommunity[w.id].share, lang) : '—', cls: 'num' },
        { text: pct(comp[w.id] ?? 0, lang), cls: 'num' },
        { text: `${ind.length - w.failing} / ${ind.length}`, cls: w.failing ? 'fail' : 'pass' }];
    });
    const d = indicatorRows(analysis, 'district');
    rows.push([{ text: tr(lang, 'district') }, { text: fmtNumber(communityPopulation(dataset, null).pop, lang), cls: 'num' },
      { text: cat ? pct(cat.district.share, lang) : '—', cls: 'num' },
      { text: pct(districtCompleteness(analysis), lang), cls: 'num' },
      { text: `${d.filter((r) => r.pass).length} / ${d.length}`, cls: d.every((r) => r.pass) ? 'pass' : 'fail' }]);
    return {
      title, subtitle: planName,
      headline: headlineOf(ctx, category),
      tables: [{
        caption: tr(lang, 'brief.worstFirst'),
        head: [tr(lang, 'brief.community'), tr(lang, 'brief.population'), `${categoryName(category, lang)} ${tr(lang, 'brief.coverage')}`,
          `15 ${tr(lang, 'twin.minutes')} ${tr(lang, 'twin.metric.completeness')}`, `${tr(lang, 'indicators')} ${tr(lang, 'pass')}`],
        rows,
      }, indicatorTable(ctx, 'district', false)],
    };
  }
  // The district overview, and any slide added from a view.
  return {
    title, subtitle: planName,
    headline: headlineOf(ctx, category),
    tables: [indicatorTable(ctx, 'district', false)],
  };
}

/** District 15-minute circle completeness, population-weighted. */
export function districtCompleteness(a: AnalysisResult): number {
  return a.completenessByCommunity['15']?.district ?? 0;
}

/** The numbers every overview leads with: the category's district coverage and indicators passed. */
export function headlineOf(ctx: DeckContext, category: CategoryId): SlideContent['headline'] {
  const { lang, analysis } = ctx;
  const cat = analysis.categories[category];
  const rows = indicatorRows(analysis, 'district');
  const passed = rows.filter((r) => r.pass).length;
  const p = communityPopulation(ctx.dataset, null);
  return [
    { label: tr(lang, 'brief.population'), value: fmtNumber(p.pop, lang) },
    { label: `${categoryName(category, lang)} ${tr(lang, 'brief.coverage')}`, value: cat ? pct(cat.district.share, lang) : '—',
      cls: cat ? (cat.district.share >= (ctx.standards.categories.find((c) => c.id === category)?.target_coverage ?? 1) ? 'pass' : 'fail') : undefined },
    { label: `15 ${tr(lang, 'twin.minutes')} ${tr(lang, 'twin.metric.completeness')}`, value: pct(districtCompleteness(analysis), lang) },
    { label: tr(lang, 'indicators'), value: `${passed} / ${rows.length} ${tr(lang, 'pass')}`, cls: passed === rows.length ? 'pass' : 'fail' },
  ];
}
