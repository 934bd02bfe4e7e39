// Exports: a PNG of what the map shows now, and a self-contained HTML report (map images inlined,
// indicator tables, A4 print styles) built from the same slide content the briefing shows.
import type { Map as MlMap } from 'maplibre-gl';
import type { Slide } from '../../workers/scenario/types.ts';
import { translate, localName, type Lang } from '../i18n/index.ts';
import { CARD, slideContent, type DeckContext, type SlideContent } from './BriefingSlides.ts';
import { downloadBlob } from './download.ts';

/** Resolves once the map has drawn everything for its current camera. */
export function mapIdle(map: MlMap): Promise<void> {
  return new Promise((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

/**
 * The map canvas as an image, after a fresh frame (the context keeps its drawing buffer).
 * `coveredRight`: the share of the width a panel covered on screen, left out of the image.
 */
export async function captureMap(map: MlMap, type: 'image/png' | 'image/jpeg' = 'image/png', maxWidth = 1600, coveredRight = 0): Promise<string> {
  await mapIdle(map);
  const src = map.getCanvas();
  const sw = Math.round(src.width * (1 - coveredRight));
  if (sw === src.width && src.width <= maxWidth) return src.toDataURL(type, 0.88);
  const k = Math.min(1, maxWidth / sw);
  const c = document.createElement('canvas');
  c.width = Math.round(sw * k);
  c.height = Math.round(src.height * k);
  c.getContext('2d')!.drawImage(src, 0, 0, sw, src.height, 0, 0, c.width, c.height);
  return c.toDataURL(type, 0.88);
}

/** The current view as PNG with a caption band (title, plan, date) under the map, saved as `fileName`. */
export async function exportViewPng(map: MlMap, caption: string, fileName: string) {
  const img = new Image();
  img.src = await captureMap(map, 'image/png', 4096);
  await img.decode();
  const band = Math.max(36, Math.round(img.height * 0.05));
  const c = document.createElement('canvas');
  c.width = img.width;
  c.height = img.height + band;
  const g = c.getContext('2d')!;
  g.drawImage(img, 0, 0);
  g.fillStyle = '#1f2933';
  g.fillRect(0, img.height, c.width, band);
  g.fillStyle = '#fff';
  g.font = `${Math.round(band * 0.45)}px "Noto Sans CJK SC", sans-serif`;
  g.textBaseline = 'middle';
  g.fillText(caption, band * 0.4, img.height + band / 2);
  const blob = await new Promise<Blob | null>((r) => c.toBlob(r, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
  downloadBlob(fileName, blob);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function sectionHtml(c: SlideContent, image: string | null, lang: Lang): string {
  const head = c.headline.map((h) => `<div class="kpi${h.cls ? ` ${h.cls}` : ''}"><span>${esc(h.label)}</span><b>${esc(h.value)}</b></div>`).join('');
  const tables = c.tables.filter((t) => t.rows.length).map((t) => `<table><caption>${esc(t.caption)}</caption><thead><tr>${
    t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${
    t.rows.map((r) => `<tr>${r.map((cell) => `<td${cell.cls ? ` class="${cell.cls}"` : ''}>${esc(cell.text)}</td>`).join('')}</tr>`).join('')}</tbody></table>`).join('');
  return `<section><h2>${esc(c.title)}</h2><p class="sub">${esc(c.subtitle)}</p>${
    image ? `<img alt="${esc(translate(lang, 'brief.mapImage'))}: ${esc(c.title)}" src="${image}">` : ''}<div class="kpis">${head}</div>${
    c.note ? `<p class="note">${esc(c.note)}</p>` : ''}${tables}</section>`;
}

const CSS = `@page{size:A4;margin:14mm}*{box-sizing:border-box}body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:#1f2933;margin:0 auto;max-width:182mm;font-size:10.5pt}
header{border-bottom:2px solid #1c7ed6;margin-bottom:6mm}h1{font-size:18pt;margin:0 0 2mm}h2{font-size:14pt;margin:0 0 1mm}.sub,.meta{color:#52606d;margin:0 0 2mm}
section{break-after:page;page-break-after:always;padding-top:2mm}section:last-child{break-after:auto;page-break-after:auto}img{width:100%;max-height:120mm;object-fit:contain;border:1px solid #ccc;margin:2mm 0}
.kpis{display:flex;flex-wrap:wrap;gap:3mm;margin:2mm 0}.kpi{border:1px solid #d0d7de;border-radius:2mm;padding:1.5mm 3mm;min-width:35mm}.kpi span{display:block;color:#52606d;font-size:9pt}.kpi b{font-size:14pt}
table{border-collapse:collapse;width:100%;margin:3mm 0;break-inside:auto}caption{text-align:left;font-weight:bold;margin-bottom:1mm}th,td{border:1px solid #bcc5ce;padding:1mm 2mm;text-align:left}th{background:#eef2f6}
tr{break-inside:avoid}.num{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#2b8a3e}.fail{color:#c92a2a}.up{color:#2b8a3e;text-align:right}.down{color:#c92a2a;text-align:right}.note{font-style:italic}`;

export interface ReportProgress {
  done: number;
  total: number;
}

/**
 * Builds the report: for each slide the map at its camera (applied by `show`) and its tables.
 * `cancelled` is checked between slides; a cancelled run returns null.
 */
export async function buildReport(map: MlMap, slides: Slide[], ctx: () => DeckContext, show: (s: Slide) => void,
  onProgress: (p: ReportProgress) => void, cancelled: () => boolean): Promise<string | null> {
  const sections: string[] = [];
  for (let i = 0; i < slides.length; i++) {
    if (cancelled()) return null;
    onProgress({ done: i, total: slides.length });
    show(slides[i]);
    // Slide cameras keep their subject clear of the slide card; the image leaves that part out.
    const image = await captureMap(map, 'image/jpeg', 1400, CARD - 0.02);
    sections.push(sectionHtml(slideContent(slides[i], ctx()), image, ctx().lang));
  }
  onProgress({ done: slides.length, total: slides.length });
  const c = ctx();
  const lang = c.lang;
  const t = (k: Parameters<typeof translate>[1]) => translate(lang, k);
  const title = `${localName(lang, c.dataset.meta)} · ${t('brief.open')}`;
  const meta = [
    `${t('brief.scenario')}: ${c.plan ? c.plan.name : t('overview.baseline')}`,
    `${t('brief.table')}: ${localName(lang, c.analysis.table)} #${c.analysis.table.fingerprint}${c.analysis.table.edited ? ` (${t('edited')})` : ''}`,
    `${t('brief.generated')}: ${new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')}`,
  ];
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>`
    + `<header><h1>${esc(title)}</h1>${meta.map((m) => `<p class="meta">${esc(m)}</p>`).join('')}${
      c.dataset.meta.synthetic ? `<p class="meta">${esc(t('brief.synthetic'))}</p>` : ''}</header>${sections.join('')}</body></html>`;
}

export function downloadReport(html: string, fileName: string) {
  downloadBlob(fileName, new Blob([html], { type: 'text/html;charset=utf-8' }));
}
