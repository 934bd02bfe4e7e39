// The baseline and the named plans: switch, create, rename, duplicate, delete (asked first),
// export and import as GeoJSON, undo/redo of plan edits, and what storage and the engine said.
import { engineText } from '../i18n/errors.ts';
import { inLanguage } from '../i18n/index.ts';
import { useEffect, useRef, useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import {
  activeScenario, clearNotice, createScenario, deleteScenario, duplicateScenario, importScenario, redoPlan, renameScenario, setStudio, switchScenario, undoPlan, versionKey,
} from '../state/scenario.ts';
import { BASELINE_ID, type Scenario } from '../../workers/scenario/types.ts';
import { scenarioToGeoJson } from '../../workers/scenario/geojson.ts';
import './siting.css';
import { downloadText } from './download.ts';
import { exportName } from './exportName.ts';

export function exportScenario(p: Scenario) {
  downloadText(exportName('plan', 'geojson', p.name), scenarioToGeoJson(p, store.getState().dataset), 'application/geo+json');
}

export function ScenarioPanel() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const scenarios = useStore((s) => s.scenarios);
  const active = useStore((s) => s.activeScenarioId);
  const notice = useStore((s) => s.studio.notice);
  const undoLabel = useStore((s) => s.studio.undoLabel);
  const redoLabel = useStore((s) => s.studio.redoLabel);
  const storage = useStore((s) => s.studio.storage);
  const problems = useStore((s) => s.studio.problems);
  const current = useStore((s) => s.studio.analysed === versionKey(activeScenario(s)));
  const [renaming, setRenaming] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [confirm, setConfirm] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The question takes the focus, so Enter confirms and Escape cancels from the keyboard.
  useEffect(() => { if (confirm) confirmButton.current?.focus(); }, [confirm]);
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => { if (renaming) nameInput.current?.select(); }, [renaming]);

  const startRename = (p: Scenario) => {
    setRenaming(p.id);
    setDraft(p.name);
  };
  const finishRename = (id: string) => {
    renameScenario(id, draft);
    setRenaming(null);
  };
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    await importScenario(await f.text(), f.name);
    if (file.current) file.current.value = '';
  };

  return (
    <section className="panel plan-panel" aria-labelledby="plan-title" data-testid="scenario-panel">
      <h2 id="plan-title">{t('plan.title')}</h2>
      <ul className="plan-list" aria-label={t('plan.title')}>
        <li className={active === BASELINE_ID ? 'active' : ''}>
          <label className="radio">
            <input type="radio" name="plan" checked={active === BASELINE_ID} onChange={() => switchScenario(BASELINE_ID)} />
            {t('plan.baseline')}
          </label>
          <span className="hint"> · {t('plan.baselineHint')}</span>
        </li>
        {scenarios.map((p) => (
          <li key={p.id} className={active === p.id ? 'active' : ''} data-testid="plan-item">
            {renaming === p.id ? (
              <form className="row" onSubmit={(e) => { e.preventDefault(); finishRename(p.id); }}>
                <input ref={nameInput} aria-label={t('plan.name')} value={draft} maxLength={200} onChange={(e) => setDraft(e.target.value)}
                  onKeyDown={(e) => { if (e.key === 'Escape') setRenaming(null); }} />
                <button type="submit">{t('plan.ok')}</button>
              </form>
            ) : (
              <label className="radio">
                <input type="radio" name="plan" checked={active === p.id} onChange={() => switchScenario(p.id)} />
                <span className="plan-name">{p.name}</span>
                <span className="hint"> · {p.changes.length} {t('plan.changes')}</span>
              </label>
            )}
            {confirm === p.id ? (
              <div className="row confirm" role="alertdialog" aria-label={t('plan.confirmDelete')}
                onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setConfirm(null); } }}>
                <span>{t('plan.confirmDelete')}{lang === 'zh' ? `「${p.name}」？` : ` “${p.name}”?`}</span>
                <button ref={confirmButton} type="button" className="danger" onClick={() => { deleteScenario(p.id); setConfirm(null); }}>{t('plan.delete')}</button>
                <button type="button" onClick={() => setConfirm(null)}>{t('plan.cancel')}</button>
              </div>
            ) : (
              <div className="row plan-actions">
                <button type="button" onClick={() => startRename(p)}>{t('plan.rename')}</button>
                <button type="button" onClick={() => duplicateScenario(p.id)}>{t('plan.duplicate')}</button>
                <button type="button" onClick={() => exportScenario(p)} data-testid="plan-export">{t('plan.export')}</button>
                <button type="button" onClick={() => setConfirm(p.id)}>{t('plan.delete')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={() => createScenario()} data-testid="plan-new">{t('plan.new')}</button>
        <button type="button" onClick={() => file.current?.click()}>{t('plan.import')}</button>
        <input ref={file} type="file" accept=".geojson,.json,application/geo+json,application/json" hidden data-testid="plan-import"
          onChange={(e) => void onFile(e.target.files?.[0])} />
        <button type="button" onClick={() => setStudio({ compareOpen: true })} disabled={scenarios.length === 0} data-testid="plan-compare">{t('plan.compare')}</button>
      </div>
      <div className="row">
        <button type="button" disabled={!undoLabel} onClick={() => undoPlan()} title="Ctrl+Z" data-testid="plan-undo">
          {t('plan.undo')}{undoLabel ? `${t('plan.colon')}${inLanguage(lang, undoLabel)}` : ''}
        </button>
        <button type="button" disabled={!redoLabel} onClick={() => redoPlan()} title="Ctrl+Shift+Z" data-testid="plan-redo">
          {t('plan.redo')}{redoLabel ? `${t('plan.colon')}${inLanguage(lang, redoLabel)}` : ''}
        </button>
      </div>
      {!current && <p className="hint" role="status" data-testid="plan-analysing">{t('plan.analysing')}</p>}
      {storage === 'unavailable' && <p className="warn">{t('plan.storageOff')}</p>}
      {storage === 'ok' && scenarios.length > 0 && <p className="hint">{t('plan.saved')}</p>}
      {notice && (
        <div className={`plan-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="plan-notice">
          <span>{t(notice.key)}{engineText(notice.detail, lang)}</span>
          <button type="button" className="link" onClick={clearNotice} aria-label={t('close')}>×</button>
        </div>
      )}
      {problems.length > 0 && (
        <div className="plan-notice error" role="alert" data-testid="plan-problems">
          <strong>{t('plan.problems')}</strong>
          <ul>
            {problems.map((p) => (
              <li key={p.change}>
                <button type="button" className="link" onClick={() => setStudio({ selected: p.change })}>{p.change}</button>{t('plan.colon')}{engineText(p.message, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
