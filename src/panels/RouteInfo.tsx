import { useStore, useT } from '../state/store.ts';
import { categoryName } from './categoryName.ts';
import { fill, fmtNumber } from './format.ts';
import './route.css';

/**
 * The walk drawn on the map for the selection, in words: to which facility, how far and how long,
 * through which gates, against the category's standard; or why there is none.
 */
export function RouteInfo() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const route = useStore((s) => s.route);
  const category = useStore((s) => s.category);
  const standards = useStore((s) => s.standards);
  const selection = useStore((s) => s.selection);
  // Every hook before the early return: a building's panel followed by a facility's is one component.
  const dataset = useStore((s) => s.dataset);
  if (!selection || selection.kind === 'facility' || (selection.kind !== 'building' && !selection.at)) return null;
  const threshold = standards.categories.find((c) => c.id === category)?.threshold_m ?? null;
  const r = route.answer;
  // Gate ids are `<compound>/<index>`: shown as the compound's name and the gate's number.
  const gateName = (id: string | null) => {
    if (id === null) return t('route.gateAdded');
    const cut = id.lastIndexOf('/');
    const c = dataset?.compounds.features.find((f) => String(f.properties.id) === id.slice(0, cut));
    return fill(t('route.gateName'), { c: c?.properties.name ?? id.slice(0, cut), n: Number(id.slice(cut + 1)) + 1 });
  };
  const m = (v: number) => fmtNumber(Math.round(v), lang);
  let body;
  if (route.status === 'running' || route.status === 'idle') {
    body = <p className="hint" role="status">{t('route.loading')}</p>;
  } else if (route.status === 'error') {
    body = <p className="error" role="alert">{route.message}</p>;
  } else if (!r) {
    body = null;
  } else if (r.status === 'no_facility') {
    body = <p className="hint">{t('route.noFacility')}</p>;
  } else if (r.status === 'beyond_limit') {
    body = <p className="fail-text">{fill(t('route.beyondLimit'), { m: m(r.cutoff) })}</p>;
  } else if (r.status === 'not_on_network') {
    body = <p className="fail-text">{t(r.reason === 'compound_has_no_paths' ? 'route.noPaths' : 'route.notOnNetwork')}</p>;
  } else {
    const ok = threshold !== null && r.distance! <= threshold;
    body = (
      <dl className="route-facts" data-testid="route-facts">
        <dt>{t('route.to')}</dt>
        <dd data-testid="route-facility">{r.facility?.name || r.facility?.id}</dd>
        <dt>{t('route.walk')}</dt>
        <dd>
          <strong data-testid="route-distance" data-metres={r.distance!}>{m(r.distance!)} {t('metres')}</strong>
          {' · '}{fill(t('route.minutes'), { n: Math.max(1, Math.round(r.minutes!)) })}
          {threshold !== null && (
            <span className={ok ? 'pass' : 'fail'}> · {fill(t(ok ? 'route.within' : 'route.beyond'), { m: m(threshold) })}</span>
          )}
        </dd>
        {r.offset !== null && r.offset >= 1 && <dd className="hint">{fill(t('route.offset'), { m: m(r.offset) })}</dd>}
        {r.length !== null && r.distance! - r.length >= 1 && <dd className="hint">{fill(t('route.penalties'), { m: m(r.length) })}</dd>}
        <dt>{t('route.gates')}</dt>
        <dd>
          {r.gates.length === 0 ? t('route.noGate') : r.gates.map((g) => gateName(g.id)).join(lang === 'zh' ? '、' : ', ')}
        </dd>
      </dl>
    );
  }
  return (
    <div className="route-info" data-testid="route-info">
      <h3>
        {t('route.title')} · {categoryName(category, lang)}
      </h3>
      <p className="hint">{t(selection.kind === 'building' ? 'route.fromBuilding' : 'route.fromPoint')}</p>
      {body}
    </div>
  );
}
