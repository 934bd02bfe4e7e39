// Swipe compare: a second map drawn with the "before" analysis lies over the main map, which shows
// "after", clipped left of a divider the planner drags (or moves with the arrow keys). It follows the
// main map's camera and takes no input of its own, so panning and zooming work as usual.
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Map as MlMap } from 'maplibre-gl';
import { store, useStore, useT } from '../state/store.ts';
import { mapHandle } from './mapHandle.ts';
import { buildStyle, LAYER_GROUPS } from './style.ts';
import { analysisOverlays } from './analysisOverlays.ts';
import { attachGlyphs } from './glyphs.ts';
import type { AnalysisResult } from '../../workers/analysis/coverage.ts';

export function SwipeCompare({ before, beforeName, afterName, visibleRight }: {
  before: AnalysisResult; beforeName: string; afterName: string; visibleRight: number;
}) {
  const t = useT();
  const category = useStore((s) => s.category);
  const lang = useStore((s) => s.lang);
  const layers = useStore((s) => s.layers);
  const holder = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  // The divider as a share of the map's width; it starts in the middle of the part the compare panel leaves visible.
  const [x, setX] = useState(() => {
    const w = mapHandle.map?.getCanvas().clientWidth ?? 1;
    return Math.max(0.05, Math.min(0.95, (w - visibleRight) / 2 / w));
  });

  useEffect(() => {
    const main = mapHandle.map;
    const s = store.getState();
    const ds = s.dataset;
    if (!main || !ds || !holder.current) return;
    const camera = () => ({ center: main.getCenter(), zoom: main.getZoom(), bearing: main.getBearing(), pitch: main.getPitch() });
    const m = new MlMap({
      container: holder.current,
      style: buildStyle(ds, s.basemap, s.tiandituKey, { isochrone: null, ...analysisOverlays(ds, before, category), category, lang }),
      ...camera(),
      interactive: false,
      attributionControl: false,
    });
    const detachGlyphs = attachGlyphs(m);
    m.on('styledata', () => {
      for (const [group, ids] of Object.entries(LAYER_GROUPS)) {
        for (const id of ids) if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', layers[group as keyof typeof layers] ? 'visible' : 'none');
      }
      for (const id of ['isochrone-fill', 'isochrone-casing', 'isochrone-line']) if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', 'none');
    });
    const follow = () => m.jumpTo(camera());
    const resize = () => m.resize();
    main.on('move', follow);
    main.on('resize', resize);
    return () => {
      main.off('move', follow);
      main.off('resize', resize);
      detachGlyphs();
      m.remove();
    };
  }, [before, category, layers, lang]);

  const drag = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!(e.buttons & 1) || !wrap.current) return;
    const r = wrap.current.getBoundingClientRect();
    setX(Math.max(0.02, Math.min(0.98, (e.clientX - r.left) / r.width)));
  };

  return (
    <div className="swipe-wrap" ref={wrap} data-testid="swipe">
      <div ref={holder} className="swipe-map" style={{ clipPath: `inset(0 ${(1 - x) * 100}% 0 0)` }} />
      <div className="swipe-handle" style={{ left: `${x * 100}%` }} role="slider" tabIndex={0} aria-label={t('compare.swipe')}
        aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(x * 100)}
        onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); e.preventDefault(); }} onPointerMove={drag}
        onKeyDown={(e) => {
          const step = e.shiftKey ? 0.1 : 0.02;
          if (e.key === 'ArrowLeft') { e.preventDefault(); e.stopPropagation(); setX((v) => Math.max(0.02, v - step)); }
          if (e.key === 'ArrowRight') { e.preventDefault(); e.stopPropagation(); setX((v) => Math.min(0.98, v + step)); }
        }}>
        <span className="swipe-tag left">{beforeName}</span>
        <span className="swipe-grip" aria-hidden="true">⇔</span>
        <span className="swipe-tag right">{afterName}</span>
      </div>
    </div>
  );
}
