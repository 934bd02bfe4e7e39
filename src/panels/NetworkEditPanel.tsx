// Network edits in a plan: draw a path or crossing, open a gate in a compound wall, open/close a
// gate or give it hours, close a street, and pick the time of day the plan is analysed at. Every
// edit goes through updateScenario (undo/redo, saving, re-analysis); the list shows what each edit
// contributes to the current category's coverage, and why an edit was refused.
import { engineText } from '../i18n/errors.ts';
import { useEffect, useRef, useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { activeScenario, newId, updateScenario } from '../state/scenario.ts';
import { engine, errorText } from '../engine/client.ts';
import { currentProfile } from '../state/actions.ts';
import { mapHandle } from '../map/mapHandle.ts';
import { gateOpenNow, NET_SOURCE, planGates, syncNetworkLayers } from '../map/networkEditLayers.ts';
import { pickGate, pickStreet, pickWall, snapPathPoint } from '../map/networkEditPick.ts';
import type { Change, GateHours, PathType, Scenario } from '../../workers/scenario/types.ts';
import type { ContributionsResult } from '../../workers/scenario/network-edits.ts';
import type { NetTool } from '../state/store.ts';
import { fill, fmtNumber } from './format.ts';
import { fingerprint } from '../../workers/analysis/standards.ts';
import { cohortText } from './figures.ts';
import { Define } from './Define.tsx';
import { categoryName } from './categoryName.ts';
import { translate, type MessageKey } from '../i18n/index.ts';

/** An undo label in the current language (handlers outlive renders, so they read the store). */
const labelOf = (k: MessageKey) => translate(store.getState().lang, k);

const NET_KINDS = new Set(['path_add', 'way_close', 'gate_add', 'gate_state', 'gate_hours']);
const PATH_TYPES: PathType[] = ['footpath', 'footbridge', 'underpass', 'crossing'];

function setTool(tool: NetTool) {
  store.setState({ netTool: tool, netDraft: [], netGate: tool === 'gate' ? store.getState().netGate : null, tool: 'select' });
}

/** Ends the drawing: the last point, like the first, snaps onto a gate or a street near it. */
function finishPath(pathType: PathType, penalty: number, label: string) {
  const st = store.getState();
  let draft = st.netDraft;
  if (draft.length < 2) return;
  const map = mapHandle.map;
  if (map && st.dataset) {
    const last = draft[draft.length - 1];
    draft = [...draft.slice(0, -1), snapPathPoint(map, st.dataset, planGates(st.dataset, activeScenario()), last[0], last[1]) as [number, number]];
  }
  const change: Change = { kind: 'path_add', id: newId('path'), path_type: pathType, coordinates: draft.map((p) => [p[0], p[1]]), penalty_m: penalty, name: '' };
  store.setState({ netDraft: [] });
  updateScenario(label, (s) => { s.changes.push(change); });
}

/** Sets a gate's open state in the plan: a dataset gate back to open needs no change at all. */
function setGateOpen(gate: string, open: boolean, label: string) {
  updateScenario(label, (s) => {
    const added = s.changes.some((c) => c.kind === 'gate_add' && c.id === gate);
    const at = s.changes.findIndex((c) => c.kind === 'gate_state' && c.gate === gate);
    if (open && !added) {
      if (at >= 0) s.changes.splice(at, 1);
      return;
    }
    if (at >= 0) (s.changes[at] as Change & { kind: 'gate_state' }).open = open;
    else s.changes.push({ kind: 'gate_state', id: newId('gate-state'), gate, open });
  });
}

function setGateHours(gate: string, hours: GateHours | null, label: string) {
  updateScenario(label, (s) => {
    const add = s.changes.find((c) => c.kind === 'gate_add' && c.id === gate) as (Change & { kind: 'gate_add' }) | undefined;
    if (add) { add.hours = hours; return; }
    const at = s.changes.findIndex((c) => c.kind === 'gate_hours' && c.gate === gate);
    if (hours === null) { if (at >= 0) s.changes.splice(at, 1); return; }
    if (at >= 0) (s.changes[at] as Change & { kind: 'gate_hours' }).hours = hours;
    else s.changes.push({ kind: 'gate_hours', id: newId('gate-hours'), gate, hours });
  });
}

function deleteEdit(id: string, label: string) {
  updateScenario(label, (s) => {
    // A new gate takes its state and hours with it.
    s.changes = s.changes.filter((c) => c.id !== id && !((c.kind === 'gate_state' || c.kind === 'gate_hours') && c.gate === id));
  });
}

/** Length of a lon/lat polyline in metres (equirectangular: paths are short). */
function pathLength(coords: Array<[number, number] | number[]>): number {
  let m = 0;
  for (let k = 1; k < coords.length; k++) {
    const [a, b] = [coords[k - 1], coords[k]];
    const kx = 111320 * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180));
    m += Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * 110574);
  }
  return m;
}

function describe(c: Change, streetName: (id: string) => string, compoundName: (id: string) => string): string {
  switch (c.kind) {
    case 'path_add': return `${Math.round(pathLength(c.coordinates))} m${c.penalty_m ? ` +${c.penalty_m} m` : ''}`;
    case 'way_close': return streetName(c.street) || c.street;
    case 'gate_add': return (compoundName(c.compound) || c.compound) + (c.hours ? ` ${c.hours.open}–${c.hours.close}` : '');
    case 'gate_state': return c.gate;
    case 'gate_hours': return `${c.gate}${c.hours ? ` ${c.hours.open}–${c.hours.close}` : ''}`;
    default: return '';
  }
}

export function NetworkEditPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const dataset = useStore((s) => s.dataset);
  const tool = useStore((s) => s.netTool);
  const draft = useStore((s) => s.netDraft);
  const gateId = useStore((s) => s.netGate);
  const category = useStore((s) => s.category);
  const standards = useStore((s) => s.standards);
  // Re-render on any scenario change: the plan in force is read through activeScenario().
  const plan = useStore(() => activeScenario());
  const [pathType, setPathType] = useState<PathType>('footpath');
  const [penalty, setPenalty] = useState('0');
  const [message, setMessage] = useState('');
  const [contrib, setContrib] = useState<ContributionsResult | null>(null);
  const [contribBusy, setContribBusy] = useState(false);
  const [hours, setHours] = useState<GateHours>({ open: '06:00', close: '22:00' });
  const penaltyM = Math.max(0, Number(penalty) || 0);
  const opts = useRef({ pathType, penaltyM });
  opts.current = { pathType, penaltyM };

  // Map clicks for the active tool; other tools (the isochrone picker) keep theirs.
  useEffect(() => {
    const prev = mapHandle.onMapClick;
    const handler = (lon: number, lat: number): boolean => {
      const st = store.getState();
      const map = mapHandle.map, ds = st.dataset, s = activeScenario();
      if (st.netTool === 'none' || !map || !ds) return prev?.(lon, lat) ?? false;
      const gates = planGates(ds, s);
      setMessage('');
      if (st.netTool === 'path') {
        // The first point snaps onto a street or gate; bends stay where clicked (a path crossing a
        // street without a shared point passes over or under it), unless they land on a gate.
        const g = pickGate(map, gates, lon, lat);
        const p = st.netDraft.length === 0 ? snapPathPoint(map, ds, gates, lon, lat) : g ? g.position : [lon, lat];
        store.setState({ netDraft: [...st.netDraft, [p[0], p[1]]] });
      } else if (st.netTool === 'close') {
        const street = pickStreet(map, ds, lon, lat);
        if (!street) { setMessage('net.noStreetHere'); return true; }
        if (s?.changes.some((c) => c.kind === 'way_close' && c.street === street.id)) return true;
        updateScenario(labelOf('net.edit.close'), (p) => { p.changes.push({ kind: 'way_close', id: newId('close'), street: street.id, reason: '' }); });
      } else if (st.netTool === 'gate_add') {
        const wall = pickWall(map, ds, lon, lat);
        if (!wall) { setMessage('net.noWallHere'); return true; }
        const id = newId('gate');
        updateScenario(labelOf('net.edit.gate'), (p) => { p.changes.push({ kind: 'gate_add', id, compound: wall.compound, position: wall.at, hours: null }); });
        store.setState({ netGate: id });
      } else if (st.netTool === 'gate') {
        const g = pickGate(map, gates, lon, lat);
        if (!g) { setMessage('net.noGateHere'); return true; }
        store.setState({ netGate: g.id });
        if (g.hours) setHours(g.hours);
      }
      return true;
    };
    mapHandle.onMapClick = handler;
    return () => { if (mapHandle.onMapClick === handler) mapHandle.onMapClick = prev; };
  }, []);

  // Keyboard for drawing: Enter finishes, Backspace removes the last point, Escape leaves the tool.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const st = store.getState();
      if (st.netTool === 'none') return;
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === 'Escape') { setTool('none'); return; }
      if (inField || st.netTool !== 'path') return;
      if (e.key === 'Enter') { e.preventDefault(); finishPath(opts.current.pathType, opts.current.penaltyM, labelOf('net.edit.path')); }
      if (e.key === 'Backspace' && st.netDraft.length) { e.preventDefault(); store.setState({ netDraft: st.netDraft.slice(0, -1) }); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The plan's edits on the map, kept in step with the plan, the draft and style reloads.
  useEffect(() => {
    if (!dataset) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let map: typeof mapHandle.map = null;
    let drawn: { plan: Scenario | null; draft: Array<[number, number]>; gate: string | null } | null = null;
    // Only when what is drawn changes (or a new style dropped the layers): setData repaints the map.
    const sync = () => {
      if (cancelled || !map) return;
      const plan = activeScenario(), { netDraft: draft, netGate: gate } = store.getState();
      if (drawn && drawn.plan === plan && drawn.draft === draft && drawn.gate === gate && map.getSource(NET_SOURCE)) return;
      // While the map is busy (a new analysis being drawn), try again once it settles.
      if (!map.isStyleLoaded()) { map.once('idle', sync); return; }
      drawn = { plan, draft, gate };
      syncNetworkLayers(map, dataset, plan, draft, gate);
    };
    const attach = () => {
      if (cancelled) return;
      map = mapHandle.map;
      if (!map) { timer = setTimeout(attach, 200); return; }
      map.on('styledata', sync);
      map.on('load', sync);
      sync();
    };
    attach();
    const unsub = store.subscribe(sync);
    return () => { cancelled = true; if (timer) clearTimeout(timer); map?.off('styledata', sync); map?.off('load', sync); unsub(); };
  }, [dataset]);

  // What each edit contributes, recomputed after the plan settles.
  const netEdits = plan ? plan.changes.filter((c) => NET_KINDS.has(c.kind)) : [];
  // Everything the figures depend on: the plan's changes (facilities count too), its time of day,
  // the table and the walking profile. Old figures are cleared while new ones are computed.
  const profileId = useStore((s) => s.profileId);
  const key = plan ? JSON.stringify([plan.id, plan.changes, plan.time_of_day, fingerprint(standards), profileId, dataset?.meta.id]) : '';
  useEffect(() => {
    setContrib(null);
    setContribBusy(false);
    if (!plan || netEdits.length === 0) return;
    let stale = false;
    const timer = setTimeout(() => {
      setContribBusy(true);
      engine().networkEditContributions(plan as Scenario, standards, { profile: currentProfile() })
        .then((r) => { if (!stale) setContrib(r); })
        .catch((e: unknown) => { if (!stale) setMessage(errorText(e)); })
        .finally(() => { if (!stale) setContribBusy(false); });
    }, 250);
    return () => { stale = true; clearTimeout(timer); };
  }, [key]);

  const compoundName = (id: string) => dataset?.compounds.features.find((f) => f.properties.id === id)?.properties.name ?? '';
  const cohortOf = (cat: string) => cohortText(standards.categories.find((c) => c.id === cat)?.cohort ?? 'everyone', lang);
  const streetName = (id: string) => String(dataset?.streets.features.find((f) => String(f.properties.id) === id)?.properties.name ?? '');
  const gates = dataset ? planGates(dataset, plan) : [];
  const time = plan?.time_of_day ?? null;
  const gate = gateId ? gates.find((g) => g.id === gateId) ?? null : null;
  const studioProblems = useStore((s) => s.studio.problems);
  const problems = new Map([...studioProblems, ...(contrib?.problems ?? [])].map((p) => [p.change, p.message]));
  const gained = new Map((contrib?.edits ?? []).map((x) => [x.change, x.byCategory[category]?.district ?? 0]));
  // Every category an edit changes, in its target cohort (people, households, children, cars…).
  const byCat = new Map((contrib?.edits ?? []).map((x) => [x.change,
    Object.entries(x.byCategory).filter(([, v]) => Math.abs(v.district) >= 0.5).map(([cat, v]) => [cat, v.district] as [string, number])]));

  const toolButton = (k: NetTool, label: MessageKey, hint: MessageKey) => (
    <button type="button" aria-pressed={tool === k} disabled={!dataset} title={t(hint)} data-testid={`net-tool-${k}`}
      onClick={() => setTool(tool === k ? 'none' : k)}>{t(label)}</button>
  );

  return (
    <section className="panel" aria-labelledby="net-title" data-testid="network-edit-panel">
      <h2 id="net-title">{t('net.title')}</h2>
      {!plan && <p className="hint">{t('net.needPlan')}</p>}
      <div className="row wrap">
        {toolButton('path', 'net.drawPath', 'net.drawHint')}
        {toolButton('gate_add', 'net.addGate', 'net.addGateHint')}
        {toolButton('gate', 'net.pickGate', 'net.pickGateHint')}
        {toolButton('close', 'net.closeStreet', 'net.closeHint')}
      </div>
      {tool === 'path' && (
        <div className="net-draw" data-testid="net-draw">
          <p className="hint">{t('net.drawHint')}</p>
          <label className="row">
            {t('net.pathType')}
            <select value={pathType} onChange={(e) => setPathType(e.target.value as PathType)} data-testid="net-path-type">
              {PATH_TYPES.map((p) => <option key={p} value={p}>{t(`net.type.${p}` as MessageKey)}</option>)}
            </select>
          </label>
          <label className="row" title={t('net.penaltyHint')}>
            {t('net.penalty')}
            <input type="number" min={0} max={1000} step={5} value={penalty} onChange={(e) => setPenalty(e.target.value)} data-testid="net-penalty" />
          </label>
          <div className="row">
            <button type="button" disabled={draft.length < 2} data-testid="net-finish"
              onClick={() => finishPath(pathType, penaltyM, t('net.edit.path'))}>{t('net.finish')} ({draft.length})</button>
            <button type="button" onClick={() => setTool('none')}>{t('net.cancel')}</button>
          </div>
        </div>
      )}
      {tool === 'gate_add' && <p className="hint">{t('net.addGateHint')}</p>}
      {tool === 'close' && <p className="hint">{t('net.closeHint')}</p>}
      {tool === 'gate' && !gate && <p className="hint">{t('net.pickGateHint')}</p>}
      {gate && (
        <div className="net-gate" data-testid="net-gate">
          <div className="row">
            <strong>{t('net.gate')} {gate.id}</strong>
            <span className={gateOpenNow(gate, plan?.time_of_day ?? null) ? 'ok' : 'error'}>
              {gateOpenNow(gate, plan?.time_of_day ?? null) ? t('net.open') : t('net.closed')}
            </span>
          </div>
          <div className="row">
            <button type="button" aria-pressed={gate.open} data-testid="net-gate-open" onClick={() => setGateOpen(gate.id, true, t('net.edit.gateState'))}>{t('net.open')}</button>
            <button type="button" aria-pressed={!gate.open} data-testid="net-gate-close" onClick={() => setGateOpen(gate.id, false, t('net.edit.gateState'))}>{t('net.closed')}</button>
          </div>
          <div className="row">
            {t('net.hours')}
            <input type="time" value={hours.open} aria-label={`${t('net.hours')} ${t('net.open')}`} data-testid="net-hours-open"
              onChange={(e) => setHours({ ...hours, open: e.target.value })} />
            –
            <input type="time" value={hours.close} aria-label={`${t('net.hours')} ${t('net.closed')}`} data-testid="net-hours-close"
              onChange={(e) => setHours({ ...hours, close: e.target.value })} />
          </div>
          <div className="row">
            <button type="button" data-testid="net-hours-set" disabled={!hours.open || !hours.close || hours.open === hours.close}
              onClick={() => setGateHours(gate.id, hours, t('net.edit.gateHours'))}>{t('net.setHours')}</button>
            <button type="button" disabled={!gate.hours} onClick={() => setGateHours(gate.id, null, t('net.edit.gateHours'))}>{t('net.clearHours')}</button>
            <span className="hint">{gate.hours ? `${gate.hours.open}–${gate.hours.close}` : t('net.allDay')}</span>
          </div>
        </div>
      )}
      <div className="row" title={t('net.timeHint')}>
        {t('net.timeOfDay')}
        <label>
          <input type="checkbox" checked={time === null} disabled={!dataset} data-testid="net-daytime"
            onChange={(e) => updateScenario(t('net.edit.time'), (s) => { s.time_of_day = e.target.checked ? null : '22:30'; })} />
          {t('net.daytime')}
        </label>
        <input type="time" value={time ?? ''} disabled={time === null} aria-label={t('net.timeOfDay')} data-testid="net-time"
          onChange={(e) => { if (/^\d{2}:\d{2}$/.test(e.target.value)) updateScenario(t('net.edit.time'), (s) => { s.time_of_day = e.target.value; }); }} />
      </div>
      {message && <p className="error" role="alert">{message.startsWith('net.') ? t(message as MessageKey) : engineText(message, lang)}</p>}
      {plan && (
        <>
          <h3>{t('net.edits')}</h3>
          {netEdits.length === 0 ? <p className="hint">{t('net.none')}</p> : (
            <ul className="net-edits" data-testid="net-edits">
              {netEdits.map((c) => (
                <li key={c.id} data-testid="net-edit" className={problems.has(c.id) ? 'refused' : ''}>
                  <span>{t(`net.kind.${c.kind}` as MessageKey)}{c.kind === 'path_add' ? ` · ${t(`net.type.${c.path_type}` as MessageKey)}` : ''}</span>
                  <span className="hint"> {describe(c, streetName, compoundName)}</span>
                  {problems.has(c.id) ? (
                    <span className="error" role="alert"> {t('net.refused')}{t('plan.colon')}{engineText(problems.get(c.id)!, lang)}</span>
                  ) : gained.has(c.id) && (
                    <span className="num" data-testid="net-gain">
                      {' '}<Define text={`${t('net.contributionHint')} ${fill(t('fig.contribUnit'), { cohort: cohortOf(category) })}`}>
                        {gained.get(c.id)! > 0 ? '+' : ''}{fmtNumber(gained.get(c.id)!, lang)}
                      </Define>
                    </span>
                  )}
                  <button type="button" className="link" style={{ marginLeft: '0.5em' }} aria-label={`${t('net.delete')} ${c.id}`} onClick={() => deleteEdit(c.id, t('net.edit.delete'))}>{t('net.delete')}</button>
                  {byCat.has(c.id) && byCat.get(c.id)!.length > 0 && (
                    <details>
                      <summary className="hint">{t('net.byCategory')}</summary>
                      <table className="net-contrib" data-testid="net-contrib">
                        <tbody>
                          {byCat.get(c.id)!.map(([cat, v]) => (
                            <tr key={cat}>
                              <th scope="row">{categoryName(cat, lang)} <span className="hint">({cohortOf(cat)})</span></th>
                              <td className="num">{v > 0 ? '+' : ''}{fmtNumber(v, lang)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )}
          {contribBusy && <p className="hint">{t('net.computing')}</p>}
        </>
      )}
    </section>
  );
}
