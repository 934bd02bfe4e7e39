import { useEffect, useState } from 'react';
import { useStore, useT } from '../state/store.ts';
import { editStandards, redoStandards, resetStandards, undoStandards } from '../state/actions.ts';
import { localName, type MessageKey } from '../i18n/index.ts';
import { BOUNDS, indicatorTargetBounds } from '../../workers/analysis/standards.ts';
import { Mark, MarkLegend } from './Define.tsx';
import { indicatorUnit } from './format.ts';
import { capacityUnitText } from './figures.ts';

export function StandardsPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const standards = useStore((s) => s.standards);
  const edited = useStore((s) => s.standardsEdited);
  const canUndo = useStore((s) => s.standardsPast.length > 0);
  const canRedo = useStore((s) => s.standardsFuture.length > 0);
  return (
    <section className="panel" data-testid="standards-panel">
      <details>
        <summary><strong>{t('standards')}</strong> {edited && <span className="badge">{t('edited')}</span>}</summary>
        <p className="hint">{localName(lang, standards)}</p>
        <table className="standards">
          <thead>
            <tr><th>{t('category')}</th><th className="num">{t('threshold')} (m)</th><th className="num">{t('target')} %</th><th>{t('mark')}</th></tr>
          </thead>
          <tbody>
            {standards.categories.map((c, k) => (
              <tr key={c.id} title={c.source}>
                <td>{localName(lang, c)}</td>
                <NumberCell label={`${localName(lang, c)} ${t('threshold')}`} value={c.threshold_m} min={BOUNDS.threshold_m[0]} max={BOUNDS.threshold_m[1]} step={50}
                  onValue={(v) => editStandards(`${c.id}.threshold`, (s) => { s.categories[k].threshold_m = v; })} />
                <NumberCell label={`${localName(lang, c)} ${t('target')}`} value={Math.round(c.target_coverage * 100)} min={0} max={100} step={5}
                  onValue={(v) => editStandards(`${c.id}.target`, (s) => { s.categories[k].target_coverage = v / 100; })} />
                <td><Mark mark={c.threshold_mark} source={c.source} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('profiles')}</h3>
        <table className="standards">
          <tbody>
            {standards.profiles.map((p, k) => (
              <tr key={p.id} title={p.source}>
                <td>{localName(lang, p)}</td>
                <NumberCell label={`${localName(lang, p)} ${t('speed')}`} value={p.speed_m_per_min} min={BOUNDS.speed_m_per_min[0]} max={BOUNDS.speed_m_per_min[1]} step={5}
                  onValue={(v) => editStandards(`${p.id}.speed`, (s) => { s.profiles[k].speed_m_per_min = v; })} />
                <td>{t('unit.mPerMin')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('quotas')}</h3>
        <table className="standards">
          <tbody>
            {standards.categories.map((c, k) => c.quota && (
              <tr key={c.id} title={c.quota.source}>
                <td>{localName(lang, c)}</td>
                <NumberCell label={`${localName(lang, c)} ${t('quotas')}`} value={c.quota.value} min={BOUNDS.quota_value[0]} max={BOUNDS.quota_value[1]} step={0.5}
                  onValue={(v) => editStandards(`${c.id}.quota`, (s) => { s.categories[k].quota!.value = v; })} />
                <td>{capacityUnitText(c.capacity_unit, lang)} / {c.quota.per} {t(`cohort.${c.quota.base}` as MessageKey)} <Mark mark={c.quota.mark} source={c.quota.source} /></td>
              </tr>
            ))}
            <tr title={standards.parking.source}>
              <td>{t('parkingDemand')}</td>
              <td className="num">
                <label>
                  <input
                    type="checkbox" checked={standards.parking.cars_per_household === null}
                    onChange={(e) => editStandards('parking.mode', (s) => { s.parking.cars_per_household = e.target.checked ? null : 0.6; })}
                  />
                  {t('carsFromData')}
                </label>
              </td>
              <td />
            </tr>
            {standards.parking.cars_per_household !== null && (
              <tr>
                <td>{t('carsPerHousehold')}</td>
                <NumberCell label={t('carsPerHousehold')} value={standards.parking.cars_per_household} min={BOUNDS.cars_per_household[0]} max={BOUNDS.cars_per_household[1]} step={0.05}
                  onValue={(v) => editStandards('parking.ratio', (s) => { s.parking.cars_per_household = v; })} />
                <td />
              </tr>
            )}
          </tbody>
        </table>
        <h3>{t('indicatorTargets')}</h3>
        <table className="standards">
          <tbody>
            {standards.indicators.map((ind, k) => {
              const percent = ind.unit === 'share' || ind.unit === 'ratio';
              return (
                <tr key={ind.id}>
                  <td>{localName(lang, ind)}</td>
                  <NumberCell label={`${localName(lang, ind)} ${t('target')}`} value={percent ? Math.round(ind.target * 1000) / 10 : ind.target}
                    min={0} max={(percent ? 100 : 1) * indicatorTargetBounds(ind.unit)[1]} step={percent ? 5 : 0.1}
                    onValue={(v) => editStandards(`${ind.id}.target`, (s) => { s.indicators[k].target = percent ? v / 100 : v; })} />
                  <td>{indicatorUnit(ind.unit, lang)} <Mark mark={ind.mark} source={ind.source} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <MarkLegend />
        <div className="row">
          <button type="button" onClick={undoStandards} disabled={!canUndo} title="Ctrl+Z">{t('undo')}</button>
          <button type="button" onClick={redoStandards} disabled={!canRedo} title="Ctrl+Shift+Z">{t('redo')}</button>
          <button type="button" onClick={resetStandards} disabled={!edited}>{t('reset')}</button>
        </div>
      </details>
    </section>
  );
}

/**
 * A table cell with a number input. The text is the user's while they type; only values inside
 * the range reach the table, and leaving the field shows the value in force again.
 */
function NumberCell({ label, value, min, max, step, onValue }: {
  label: string; value: number; min: number; max: number; step: number; onValue: (v: number) => void;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const v = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(v) && v >= min && v <= max;
  return (
    <td className="num">
      <input
        type="number" min={min} max={max} step={step} value={text} aria-label={label} aria-invalid={!valid}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(n) && n >= min && n <= max) onValue(n);
        }}
        onBlur={() => setText(String(value))}
      />
    </td>
  );
}
