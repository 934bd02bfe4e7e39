// Import and dataset management: pick files, map fields (remembered), set the population estimate
// and the OSM tag table, import in a worker with progress and cancel, read the validation report;
// list, switch and delete the datasets kept in IndexedDB. A failed or cancelled import changes nothing.
import { useEffect, useRef, useState } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import { loadIntoEngine } from '../state/actions.ts';
import { loadEmbeddedDataset } from '../data/loadDataset.ts';
import { deleteDataset, listDatasets, loadStoredDataset, rememberActive, saveDataset, type StoredDatasetInfo } from '../storage/datasets.ts';
import { categoryName } from './categoryName.ts';
import { CATEGORY_IDS, type Dataset } from '../../workers/model/dataset.ts';
import type { ImportReply, ImportRequest } from '../../workers/io/import.worker.ts';
import type { SourceInfo } from '../../workers/io/import.ts';
import { readerFor } from '../../workers/io/source.ts';
import type { FieldMap } from '../../workers/io/fields.ts';
import type { PointCrs } from '../../workers/io/table.ts';
import type { ValidationReport } from '../../workers/model/validate.ts';
import { DEFAULT_TAG_TABLE } from '../../workers/io/osm.ts';
import { BASELINE_ID } from '../../workers/scenario/types.ts';
import type { MessageKey } from '../i18n/index.ts';
import { problemText } from '../i18n/importer.ts';

const MAPS_KEY = 'circletwin.import.fieldMaps.v1';
const ESTIMATE_KEY = 'circletwin.import.estimate.v1';
const TAGS_KEY = 'circletwin.import.osmTags.v1';
const FIELDS = ['name', 'category', 'capacity', 'population', 'floors'] as const;
const COORDS = ['lon', 'lat'] as const;
const CRS: PointCrs[] = ['wgs84', 'gcj02', 'bd09'];
const REPORT_ROWS = 200;

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}
function writeJson(key: string, v: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(v));
  } catch {
    // Without storage the choice lasts for this visit.
  }
}
/** Mappings are remembered per set of columns, so the same export from the same tool maps itself. */
const signature = (columns: string[]) => [...columns].sort().join('|');
/** The default tag table as JSON with one rule per line, so it reads as a table in the editor. */
const defaultTags = () => {
  const rows = (list: unknown[]) => list.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
  const t = DEFAULT_TAG_TABLE;
  return `{\n "facilities": [\n${rows(t.facilities)}\n ],\n "landuse": [\n${rows(t.landuse)}\n ],\n`
    + ` "residential_buildings": ${JSON.stringify(t.residential_buildings)},\n "not_streets": ${JSON.stringify(t.not_streets)}\n}`;
};

/** Puts a dataset in the app and the engine (and opens with it next time); everything derived from the old one is dropped. */
export function switchDataset(dataset: Dataset, stored: boolean) {
  rememberActive(stored ? dataset.meta.id : null);
  store.setState({
    dataset, loadError: null, selection: null, analysis: null, isochrone: null, network: null, baselineAnalysis: null, live: null,
    activeScenarioId: BASELINE_ID,
  });
  void loadIntoEngine(dataset);
}

export function ImportButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="import-open">{t('import.open')}</button>
      {open && <ImportDialog onClose={() => setOpen(false)} />}
    </>
  );
}

type Phase = 'idle' | 'inspecting' | 'ready' | 'importing' | 'done' | 'failed';

function ImportDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const active = useStore((s) => s.dataset?.meta.id ?? '');
  const ref = useRef<HTMLDialogElement>(null);
  const worker = useRef<Worker | null>(null);
  const [datasets, setDatasets] = useState<StoredDatasetInfo[]>([]);
  const [files, setFiles] = useState<Array<{ name: string; data: Uint8Array }>>([]);
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [maps, setMaps] = useState<Record<string, FieldMap>>({});
  const [crs, setCrs] = useState<Record<string, PointCrs>>({});
  const [allCat, setAllCat] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [estimate, setEstimate] = useState(() => readJson(ESTIMATE_KEY, { floorAreaPerPerson: 36.5, defaultFloors: 3 }));
  const [tags, setTags] = useState(() => readJson<string>(TAGS_KEY, defaultTags()));
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState({ share: 0, stage: 'read' });
  const [message, setMessage] = useState('');
  const [report, setReport] = useState<ValidationReport | null>(null);

  const refresh = () => listDatasets().then(setDatasets).catch((e: unknown) => setMessage(String(e)));
  useEffect(() => {
    ref.current?.showModal();
    void refresh();
    return () => worker.current?.terminate();
  }, []);

  const tr = (key: string, vars: Record<string, string | number> = {}) =>
    Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), t(key as MessageKey));

  const startWorker = (req: ImportRequest, onReply: (m: ImportReply) => void) => {
    worker.current?.terminate();
    const w = new Worker(new URL('../../workers/io/import.worker.ts', import.meta.url), { type: 'module', name: 'circletwin-import' });
    worker.current = w;
    w.onmessage = (ev: MessageEvent<ImportReply>) => onReply(ev.data);
    w.onerror = (ev) => { setPhase('failed'); setMessage(ev.message || 'worker error'); w.terminate(); };
    w.postMessage(req);
  };

  const pickFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    // A folder may hold other files (a readme, styles): only those an importer reads are taken.
    const usable = [...list].filter((f) => readerFor(f.name));
    if (usable.length === 0) { setPhase('failed'); setMessage(t('import.noUsable')); return; }
    setPhase('inspecting');
    setReport(null);
    setMessage('');
    const read = await Promise.all(usable.map(async (f) => ({ name: f.webkitRelativePath || f.name, data: new Uint8Array(await f.arrayBuffer()) })));
    setFiles(read);
    if (!name) setName(read.length === 1 ? read[0].name.replace(/^.*\//, '').replace(/\.(osm\.pbf|osm|geojson|json|zip|csv|xlsx)$/i, '') : read[0].name.split('/')[0]);
    startWorker({ type: 'inspect', files: read }, (m) => {
      if (m.type === 'inspected') {
        const remembered = readJson<Record<string, FieldMap>>(MAPS_KEY, {});
        setSources(m.sources);
        setMaps(Object.fromEntries(m.sources.map((s) => [s.key, remembered[signature(s.columns)] ?? s.guess])));
        setCrs(Object.fromEntries(m.sources.filter((s) => s.crs).map((s) => [s.key, s.crs!])));
        setPhase('ready');
      } else if (m.type === 'failed') {
        setPhase('failed');
        setMessage(m.message);
      }
      worker.current?.terminate();
    });
  };

  const runImport = () => {
    let tagTable: unknown;
    try {
      tagTable = JSON.parse(tags);
    } catch {
      setPhase('failed');
      setMessage(t('import.tagBad'));
      return;
    }
    const remembered = readJson<Record<string, FieldMap>>(MAPS_KEY, {});
    for (const s of sources) remembered[signature(s.columns)] = maps[s.key] ?? {};
    writeJson(MAPS_KEY, remembered);
    writeJson(ESTIMATE_KEY, estimate);
    writeJson(TAGS_KEY, tags);
    setPhase('importing');
    setProgress({ share: 0, stage: 'read' });
    setReport(null);
    setMessage('');
    startWorker({
      type: 'import', files,
      options: {
        name: name || 'dataset', tagTable, fieldMaps: maps, pointCrs: crs, tableCategory: allCat,
        estimate: { floorAreaPerPerson: estimate.floorAreaPerPerson, defaultFloors: estimate.defaultFloors },
      },
    }, (m) => {
      if (m.type === 'progress') setProgress({ share: m.share, stage: m.stage });
      else if (m.type === 'failed') {
        worker.current?.terminate();
        setPhase('failed');
        setMessage(m.message);
        setReport(m.report ?? null);
      } else if (m.type === 'done') {
        worker.current?.terminate();
        const { dataset, report: rep } = m.result;
        dataset.meta.name = name || dataset.meta.name;
        dataset.meta.name_en = name || dataset.meta.name_en;
        setReport(rep);
        setPhase('done');
        saveDataset(dataset, {
          name: dataset.meta.name, files: files.map((f) => f.name), counts: rep.counts,
          populationEstimated: rep.populationEstimated, zonesDerived: rep.zonesDerived, zonesMethod: rep.zonesMethod, attribution: dataset.meta.attribution,
        }).then((info) => {
          switchDataset({ ...dataset, meta: { ...dataset.meta, id: info.id } }, true);
          setMessage(t('import.succeeded'));
          void refresh();
        }).catch(() => {
          switchDataset(dataset, false);
          setMessage(t('import.saveFailed'));
        });
      }
    });
  };

  const cancel = () => {
    worker.current?.terminate();
    worker.current = null;
    setPhase('ready');
    setMessage(t('import.cancelled'));
  };

  const use = async (id: string) => {
    try {
      const ds = id === 'jidong' ? await loadEmbeddedDataset() : await loadStoredDataset(id);
      if (ds) switchDataset(ds, id !== 'jidong');
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async (info: StoredDatasetInfo) => {
    if (!window.confirm(tr('import.confirmDelete', { name: info.name }))) return;
    await deleteDataset(info.id);
    if (info.id === active) await use('jidong');
    void refresh();
  };

  const busy = phase === 'importing' || phase === 'inspecting';
  return (
    <dialog ref={ref} className="settings import-dialog" onClose={onClose} onCancel={(e) => { if (busy) e.preventDefault(); }} aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <section aria-labelledby="ds-title">
        <h3 id="ds-title">{t('import.datasets')}</h3>
        <ul className="dataset-list" data-testid="dataset-list">
          <li>
            <span className="ds-name">{t('import.embedded')}</span>
            {active === 'jidong' ? <span className="badge">{t('import.active')}</span>
              : <button type="button" onClick={() => void use('jidong')}>{t('import.use')}</button>}
          </li>
          {datasets.map((d) => (
            <li key={d.id} data-testid="dataset-item">
              <span className="ds-name">{d.name}</span>
              <span className="ds-meta">
                {tr('import.counts', { b: d.counts.buildings ?? 0, s: d.counts.streets ?? 0, f: d.counts.facilities ?? 0 })}
                {d.populationEstimated > 0 && <> · <span className="warn-text">{tr('import.estimated', { n: d.populationEstimated })}</span></>}
                {d.zonesDerived && <> · <span className="warn-text">{t(d.zonesMethod === 'streets' ? 'import.zonesStreets' : 'import.zonesDerived')}</span></>}
                {' · '}{new Date(d.created).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')}
              </span>
              {d.id === active ? <span className="badge">{t('import.active')}</span>
                : <button type="button" onClick={() => void use(d.id)}>{t('import.use')}</button>}
              <button type="button" onClick={() => void remove(d)} aria-label={`${t('import.delete')} ${d.name}`}>{t('import.delete')}</button>
            </li>
          ))}
        </ul>
        {datasets.length === 0 && <p className="muted">{t('import.none')}</p>}
      </section>

      <section aria-labelledby="new-title">
        <h3 id="new-title">{t('import.new')}</h3>
        <label>
          {t('import.files')}
          <input type="file" multiple disabled={busy} data-testid="import-files"
            accept=".osm,.pbf,.geojson,.json,.zip,.csv,.xlsx,.xls,.gz" onChange={(e) => void pickFiles(e.target.files)} />
        </label>
        <label>
          {t('import.folder')}
          <input type="file" multiple disabled={busy} data-testid="import-folder"
            {...{ webkitdirectory: '', directory: '' }} onChange={(e) => void pickFiles(e.target.files)} />
        </label>
        <p className="muted">{t('import.formats')}</p>
        <label>
          {t('import.name')}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} disabled={busy} />
        </label>

        {sources.length > 0 && (
          <fieldset>
            <legend>{t('import.mapping')}</legend>
            <p className="muted">{t('import.mappingHint')}</p>
            {sources.map((s) => (
              <div key={s.key} className="mapping" data-testid={`mapping-${s.key}`}>
                <strong>{s.key}</strong>
                {s.kind === 'table' && (
                  <label>
                    {t('import.crs')}
                    <select value={crs[s.key] ?? 'wgs84'} onChange={(e) => setCrs({ ...crs, [s.key]: e.target.value as PointCrs })} data-testid={`crs-${s.key}`}>
                      {CRS.map((c) => <option key={c} value={c}>{t(`crs.${c}` as MessageKey)}</option>)}
                    </select>
                  </label>
                )}
                {(s.kind === 'table' ? [...COORDS, ...FIELDS] : FIELDS).map((f) => (
                  <label key={f}>
                    {t(`field.${f}` as MessageKey)}
                    <select value={maps[s.key]?.[f] ?? ''} onChange={(e) => setMaps({ ...maps, [s.key]: { ...maps[s.key], [f]: e.target.value } })}
                      data-testid={`map-${s.key}-${f}`}>
                      <option value="">{t('import.noColumn')}</option>
                      {s.columns.map((c) => <option key={c} value={c}>{c}</option>)}
                    </select>
                  </label>
                ))}
                {s.kind === 'table' && !maps[s.key]?.category && (
                  <label>
                    {t('import.allCategory')}
                    <select value={allCat[s.key] ?? ''} onChange={(e) => setAllCat({ ...allCat, [s.key]: e.target.value })}>
                      <option value="">{t('import.noColumn')}</option>
                      {CATEGORY_IDS.map((c) => <option key={c} value={c}>{categoryName(c, lang)}</option>)}
                    </select>
                  </label>
                )}
              </div>
            ))}
          </fieldset>
        )}

        <fieldset>
          <legend>{t('import.estimate')}</legend>
          <label>
            {t('import.floorArea')}
            <input type="number" min={5} max={500} step={0.5} value={estimate.floorAreaPerPerson} disabled={busy}
              onChange={(e) => setEstimate({ ...estimate, floorAreaPerPerson: Number(e.target.value) })} />
          </label>
          <label>
            {t('import.defaultFloors')}
            <input type="number" min={1} max={100} step={1} value={estimate.defaultFloors} disabled={busy}
              onChange={(e) => setEstimate({ ...estimate, defaultFloors: Number(e.target.value) })} />
          </label>
        </fieldset>

        <details>
          <summary>{t('import.tagTable')}</summary>
          <textarea value={tags} onChange={(e) => setTags(e.target.value)} rows={12} spellCheck={false} disabled={busy} aria-label={t('import.tagTable')} />
          <button type="button" onClick={() => setTags(defaultTags())} disabled={busy}>{t('import.tagReset')}</button>
        </details>

        <div className="import-actions">
          {phase === 'importing' ? (
            <>
              <progress max={1} value={progress.share} aria-label={t(`stage.${progress.stage}` as MessageKey)} data-testid="import-progress" />
              <span>{t(`stage.${progress.stage}` as MessageKey)} {Math.round(progress.share * 100)} %</span>
              <button type="button" onClick={cancel} data-testid="import-cancel">{t('import.cancel')}</button>
            </>
          ) : (
            <button type="button" onClick={runImport} disabled={busy || files.length === 0} data-testid="import-start">{t('import.start')}</button>
          )}
          {phase === 'inspecting' && <span>{t('import.reading')}</span>}
        </div>
        {message && <p role={phase === 'failed' ? 'alert' : 'status'} className={phase === 'failed' ? 'error-text' : ''} data-testid="import-message">
          {phase === 'failed' ? `${t('import.failed')}: ${problemText(message, lang)}` : message}
        </p>}
        {report && <ReportView report={report} />}
      </section>
      <form method="dialog">
        <button type="submit" disabled={busy}>{t('close')}</button>
      </form>
    </dialog>
  );
}

function ReportView({ report }: { report: ValidationReport }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const rows = report.items.slice(0, REPORT_ROWS);
  const more = report.items.length - rows.length + report.omitted;
  return (
    <details open className="import-report" data-testid="import-report">
      <summary>{t('import.report')} ({report.items.length + report.omitted})</summary>
      <ul>
        {rows.map((i, k) => (
          <li key={k} className={`sev-${i.severity}`}>
            <strong>{t(`sev.${i.severity}` as MessageKey)}</strong> {i.file}{i.feature !== null ? ` · ${i.feature}` : ''}: {problemText(i.problem, lang)}
          </li>
        ))}
      </ul>
      {more > 0 && <p className="muted">{t('import.more').replace('{n}', String(more))}</p>}
    </details>
  );
}
