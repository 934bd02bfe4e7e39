// The siting studio's palette and candidate editor. Drag a facility type from the palette onto the
// map (or press it: the candidate lands at the map's centre) to place a candidate; select one to
// rename it, set its capacity, nudge it with the arrow keys (Shift: further) or delete it. An
// existing facility picked on the map can be moved or taken out, in a plan only.
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import {
  activeScenario, addCandidate, beginDrag, changeOf, editCandidate, endDrag, moveChange, moveDrag, moveExisting, removeChange, removeExisting, setStudio,
  showCategory, t as tr, undoPlan, updateScenario,
} from '../state/scenario.ts';
import { mapHandle } from '../map/mapHandle.ts';
import { facilityPosition } from '../map/planLayers.ts';
import { glyphUrl } from '../map/glyphs.ts';
import { categoryName } from './categoryName.ts';
import { fmtNumber } from './format.ts';
import type { CategoryId, Position } from '../../workers/model/dataset.ts';
import type { MessageKey } from '../i18n/index.ts';
import './siting.css';

const UNIT_KEYS: Record<string, MessageKey> = {
  residents: 'siting.unit.residents', places: 'siting.unit.places', beds: 'siting.unit.beds', pupils: 'siting.unit.pupils',
  m2: 'siting.unit.m2', spaces: 'siting.unit.spaces',
};

export function unitLabel(unit: string | null | undefined): string {
  return unit && UNIT_KEYS[unit] ? tr(UNIT_KEYS[unit]) : '';
}

/** Metres east and north to a new longitude/latitude (small steps; equirectangular is exact enough). */
export function offset(p: Position, east: number, north: number): Position {
  const lat = p[1] + north / 111_320;
  const lon = p[0] + east / (111_320 * Math.cos((p[1] * Math.PI) / 180));
  return [Number(lon.toFixed(7)), Number(lat.toFixed(7))];
}

function candidateName(category: CategoryId): string {
  const base = `${categoryName(category, store.getState().lang)}·${tr('siting.candidate')}`;
  const names = new Set((activeScenario()?.changes ?? []).flatMap((c) => (c.kind === 'facility_add' ? [c.name] : [])));
  for (let n = 1; ; n++) if (!names.has(`${base}${n}`)) return `${base}${n}`;
}

export function placeCandidate(category: CategoryId, at: Position): string {
  const cap = store.getState().studio.capacities[category] ?? null;
  const id = addCandidate(category, at, candidateName(category), cap);
  showCategory(category);
  return id;
}

/** The map position under a screen point, or null outside the map. */
function mapPositionAt(x: number, y: number): Position | null {
  const map = mapHandle.map;
  if (!map) return null;
  const r = map.getCanvas().getBoundingClientRect();
  if (x < r.left || x > r.right || y < r.top || y > r.bottom) return null;
  const p = map.unproject([x - r.left, y - r.top]);
  return [Number(p.lng.toFixed(7)), Number(p.lat.toFixed(7))];
}

function isField(t: EventTarget | null): boolean {
  return t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement
    || (t instanceof HTMLElement && (t.isContentEditable || t.getAttribute('role') === 'slider'));
}

/** Arrow keys nudge the selected candidate (10 m, Shift 50 m); Delete removes it; Escape lets go. */
function useCandidateKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      const id = s.studio.selected;
      if (!id || isField(e.target) || e.ctrlKey || e.metaKey || e.altKey || s.netTool !== 'none') return;
      const c = changeOf(id);
      if (!c || (c.kind !== 'facility_add' && c.kind !== 'facility_move')) return;
      const step = e.shiftKey ? 50 : 10;
      const d: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (d[e.key]) {
        e.preventDefault();
        e.stopPropagation();
        moveChange(id, offset(c.position, d[e.key][0], d[e.key][1]), tr('plan.edit.nudge'), `nudge:${id}`);
      } else if (e.key === 'Delete') {
        e.preventDefault();
        removeChange(id);
      } else if (e.key === 'Escape') {
        setStudio({ selected: null });
      }
    };
    // Capture, so the map's own arrow-key panning does not also run.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

function Palette() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const standards = useStore((s) => s.standards);
  const capacities = useStore((s) => s.studio.capacities);
  const [ghost, setGhost] = useState<{ cat: CategoryId; x: number; y: number } | null>(null);
  // A palette drag: once over the map it places the candidate and drags it with live updates, so the
  // drop is where the planner already saw what it changes; released off the map, the placement is taken back.
  const start = useRef<{ cat: CategoryId; x: number; y: number; moved: boolean; id: string | null; frame: number; at: Position | null } | null>(null);

  const down = (e: ReactPointerEvent<HTMLButtonElement>, cat: CategoryId) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { cat, x: e.clientX, y: e.clientY, moved: false, id: null, frame: 0, at: null };
  };
  const move = (e: ReactPointerEvent<HTMLButtonElement>) => {
    const s = start.current;
    if (!s) return;
    if (!s.moved && Math.hypot(e.clientX - s.x, e.clientY - s.y) < 5) return;
    s.moved = true;
    const at = mapPositionAt(e.clientX, e.clientY);
    if (at && !s.id && !store.getState().studio.dragging) {
      s.id = placeCandidate(s.cat, at);
      beginDrag(s.id);
    } else if (at && s.id) {
      s.at = at;
      if (!s.frame) {
        s.frame = requestAnimationFrame(() => {
          s.frame = 0;
          if (s.at && start.current === s) moveDrag(s.at);
        });
      }
    }
    setGhost(at && s.id ? null : { cat: s.cat, x: e.clientX, y: e.clientY });
  };
  const cancelPlacing = () => {
    void endDrag(null).then(() => undoPlan());
  };
  const up = (e: ReactPointerEvent<HTMLButtonElement>) => {
    const s = start.current;
    start.current = null;
    setGhost(null);
    const map = mapHandle.map;
    if (!s || !map) return;
    if (s.frame) cancelAnimationFrame(s.frame);
    if (s.id) {
      const at = mapPositionAt(e.clientX, e.clientY);
      if (at) void endDrag(at, true);
      else cancelPlacing();
      return;
    }
    if (!s.moved) {
      const c = map.getCenter();
      placeCandidate(s.cat, [c.lng, c.lat]);
      return;
    }
    const at = mapPositionAt(e.clientX, e.clientY);
    if (at) placeCandidate(s.cat, at);
  };

  return (
    <>
      <p className="hint">{t('siting.paletteHint')}</p>
      <ul className="palette" aria-label={t('siting.palette')}>
        {standards.categories.map((c) => (
          <li key={c.id}><button type="button" className="palette-item" data-testid={`palette-${c.id}`}
            title={`${categoryName(c.id, lang)} · ${c.threshold_m} m`}
            onPointerDown={(e) => down(e, c.id)} onPointerMove={move} onPointerUp={up}
            onPointerCancel={() => {
              if (start.current?.id) cancelPlacing();
              start.current = null;
              setGhost(null);
            }}
            onClick={(e) => {
              // Keyboard presses arrive as clicks without a pointer; pointer clicks were handled on release.
              if (e.detail === 0 && mapHandle.map) { const m = mapHandle.map.getCenter(); placeCandidate(c.id, [m.lng, m.lat]); }
            }}>
            <img className="glyph-swatch" src={glyphUrl(c.id, lang)} alt="" width={18} height={18} data-symbol />
            <span className="palette-name">{categoryName(c.id, lang)}</span>
            <span className="palette-cap">{capacities[c.id] != null ? `${fmtNumber(capacities[c.id]!, lang)} ${unitLabel(c.capacity_unit)}` : ''}</span>
          </button></li>
        ))}
      </ul>
      {ghost && (
        <div className="palette-ghost" style={{ left: ghost.x, top: ghost.y }} aria-hidden="true">
          <img className="glyph-swatch" src={glyphUrl(ghost.cat, lang)} alt="" width={18} height={18} data-symbol />
          {categoryName(ghost.cat, lang)}
        </div>
      )}
    </>
  );
}

function SelectedCandidate() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const selected = useStore((s) => s.studio.selected);
  const plan = useStore(() => activeScenario());
  const dataset = useStore((s) => s.dataset);
  const standards = useStore((s) => s.standards);
  const c = plan?.changes.find((x) => x.id === selected) ?? null;
  const [capDraft, setCapDraft] = useState('');
  const capacity = c?.kind === 'facility_add' ? c.capacity : null;
  useEffect(() => setCapDraft(capacity === null ? '' : String(capacity)), [selected, capacity]);
  if (!c || (c.kind !== 'facility_add' && c.kind !== 'facility_move')) return null;
  const cat = c.kind === 'facility_add' ? c.category : dataset?.facilities.features.find((f) => f.properties.id === c.facility)?.properties.category;
  const unit = standards.categories.find((x) => x.id === cat)?.capacity_unit;
  const capError = capDraft.trim() !== '' && (!Number.isFinite(Number(capDraft)) || Number(capDraft) < 0 || Number(capDraft) > 1e6);
  return (
    <div className="candidate-editor" data-testid="candidate-editor">
      <h3>{c.kind === 'facility_add' ? t('siting.selectedCandidate') : t('siting.selectedMoved')}</h3>
      {c.kind === 'facility_add' ? (
        <>
          <label className="row">{t('siting.name')}
            <input value={c.name} maxLength={200} onChange={(e) => editCandidate(c.id, { name: e.target.value })} data-testid="candidate-name" />
          </label>
          <label className="row">{t('capacity')}
            <input inputMode="decimal" value={capDraft} aria-invalid={capError} data-testid="candidate-capacity" style={{ width: 90 }}
              onChange={(e) => {
                setCapDraft(e.target.value);
                const v = e.target.value.trim();
                const n = Number(v);
                if (v === '') editCandidate(c.id, { capacity: null });
                else if (Number.isFinite(n) && n >= 0 && n <= 1e6) editCandidate(c.id, { capacity: n });
              }} />
            <span className="hint">{unitLabel(unit)}</span>
          </label>
          {capError && <p className="error" role="alert">{t('siting.capacityInvalid')}</p>}
        </>
      ) : (
        <p>{dataset?.facilities.features.find((f) => f.properties.id === c.facility)?.properties.name ?? c.facility}</p>
      )}
      <p className="hint">{categoryName(cat ?? '', lang)} · {c.position[0].toFixed(5)}, {c.position[1].toFixed(5)}</p>
      <p className="hint">{t('siting.keysHint')}</p>
      <div className="row">
        <button type="button" onClick={() => removeChange(c.id)} data-testid="candidate-delete">
          {c.kind === 'facility_add' ? t('siting.delete') : t('siting.undoMove')}
        </button>
        <button type="button" onClick={() => setStudio({ selected: null })}>{t('siting.deselect')}</button>
      </div>
    </div>
  );
}

/** An existing facility picked on the map: move it or take it out, in a plan. */
function ExistingFacility() {
  const t = useT();
  const selection = useStore((s) => s.selection);
  const dataset = useStore((s) => s.dataset);
  const plan = useStore(() => activeScenario());
  if (!dataset || selection?.kind !== 'facility') return null;
  const id = selection.id;
  const f = dataset.facilities.features.find((x) => x.properties.id === id);
  if (!f) return null;
  const removed = plan?.changes.find((c) => c.kind === 'facility_remove' && c.facility === id);
  const moved = plan?.changes.find((c) => c.kind === 'facility_move' && c.facility === id);
  const at = facilityPosition(dataset, id);
  return (
    <div className="candidate-editor" data-testid="existing-facility">
      <h3>{t('siting.existing')}{t('plan.colon')}{f.properties.name}</h3>
      {!plan && <p className="hint">{t('siting.existingNeedsPlan')}</p>}
      <div className="row">
        {removed ? (
          <button type="button" onClick={() => updateScenario(tr('plan.edit.restoreExisting'), (s) => { s.changes = s.changes.filter((c) => c.id !== removed.id); })}>
            {t('siting.restore')}
          </button>
        ) : (
          <>
            <button type="button" disabled={!at} onClick={() => at && moveExisting(id, at)} data-testid="existing-move">
              {moved ? t('siting.selectMoved') : t('siting.moveExisting')}
            </button>
            <button type="button" onClick={() => removeExisting(id)} data-testid="existing-remove">{t('siting.removeExisting')}</button>
          </>
        )}
      </div>
    </div>
  );
}

function PlanFacilities() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const plan = useStore(() => activeScenario());
  const selected = useStore((s) => s.studio.selected);
  const dataset = useStore((s) => s.dataset);
  const names = useMemo(() => new Map(dataset?.facilities.features.map((f) => [f.properties.id, f.properties.name]) ?? []), [dataset]);
  const list = (plan?.changes ?? []).filter((c) => c.kind === 'facility_add' || c.kind === 'facility_move' || c.kind === 'facility_remove');
  if (!list.length) return null;
  const fly = (p: Position) => mapHandle.map?.easeTo({ center: p, duration: 400 });
  return (
    <>
      <h3>{t('siting.planFacilities')}</h3>
      <ul className="plan-facilities">
        {list.map((c) => {
          const label = c.kind === 'facility_add' ? `${c.name || categoryName(c.category, lang)}${c.origin === 'suggested' ? ` · ${t('siting.suggestedTag')}` : ''}`
            : `${names.get(c.facility) ?? c.facility} · ${c.kind === 'facility_move' ? t('siting.movedTag') : t('siting.removedTag')}`;
          return (
            <li key={c.id} className={selected === c.id ? 'selected' : ''}>
              {c.kind === 'facility_remove' ? <span>{label}</span> : (
                <button type="button" className="link" onClick={() => { setStudio({ selected: c.id }); fly(c.position); }}>{label}</button>
              )}
              <button type="button" className="link" aria-label={`${t('siting.delete')} ${label}`} onClick={() => removeChange(c.id)}>×</button>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function SitingPanel() {
  const t = useT();
  useCandidateKeys();
  return (
    <section className="panel siting-panel" aria-labelledby="siting-title" data-testid="siting-panel">
      <h2 id="siting-title">{t('siting.title')}</h2>
      <Palette />
      <SelectedCandidate />
      <ExistingFacility />
      <PlanFacilities />
    </section>
  );
}
