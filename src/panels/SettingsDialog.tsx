import { useEffect, useRef } from 'react';
import { store, useStore, useT, type Basemap } from '../state/store.ts';

export function SettingsDialog() {
  const t = useT();
  const open = useStore((s) => s.settingsOpen);
  const lang = useStore((s) => s.lang);
  const basemap = useStore((s) => s.basemap);
  const key = useStore((s) => s.tiandituKey);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog ref={ref} className="settings" onClose={() => store.setState({ settingsOpen: false })} aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings')}</h2>
      <label>
        {t('language')}
        <select value={lang} onChange={(e) => store.setState({ lang: e.target.value === 'en' ? 'en' : 'zh' })}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </label>
      <fieldset>
        <legend>{t('basemap')}</legend>
        {(['none', 'osm', 'tianditu'] as Basemap[]).map((b) => (
          <label key={b} className="radio">
            <input type="radio" name="basemap" checked={basemap === b} onChange={() => store.setState({ basemap: b })} />
            {t(`basemap.${b}`)}
          </label>
        ))}
        {basemap === 'tianditu' && (
          <label>
            {t('tiandituKey')}
            <input type="text" value={key} onChange={(e) => store.setState({ tiandituKey: e.target.value.trim() })} />
          </label>
        )}
        {basemap !== 'none' && <p className="warn">{t('onlineWarning')}</p>}
      </fieldset>
      <form method="dialog">
        <button type="submit">{t('close')}</button>
      </form>
    </dialog>
  );
}
