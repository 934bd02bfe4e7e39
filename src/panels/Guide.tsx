// The first-visit guide: what the screen shows and three things to try. It opens by itself once,
// is remembered as seen in this browser, and comes back from the Help button.
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { store, useStore, useT } from '../state/store.ts';
import type { MessageKey } from '../i18n/index.ts';

export const GUIDE_KEY = 'circletwin.guide.v1';

function seen(): boolean {
  try {
    return localStorage.getItem(GUIDE_KEY) === 'seen';
  } catch {
    // Without storage the guide would open on every visit; once this visit is enough.
    return false;
  }
}

export function openGuide() {
  store.setState((s) => ({ ui: { ...s.ui, guide: true } }));
}

export function closeGuide() {
  try {
    localStorage.setItem(GUIDE_KEY, 'seen');
  } catch {
    // Private mode or a full quota: the guide is closed for this visit only.
  }
  store.setState((s) => ({ ui: { ...s.ui, guide: false } }));
}

const STEPS: Array<[MessageKey, MessageKey]> = [
  ['guide.step1', 'guide.step1Body'], ['guide.step2', 'guide.step2Body'], ['guide.step3', 'guide.step3Body'],
];

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export function Guide() {
  const t = useT();
  const open = useStore((s) => s.ui.guide);
  const lang = useStore((s) => s.lang);
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);

  useEffect(() => {
    if (!seen()) openGuide();
  }, []);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement;
      d.showModal();
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && d.open) {
      d.close();
      if (returnTo.current instanceof HTMLElement) returnTo.current.focus();
    }
  }, [open]);

  // A modal dialog already makes the page behind it inert; this keeps Tab cycling inside it rather
  // than leaving for the browser's own toolbar.
  const trap = (e: ReactKeyboardEvent<HTMLDialogElement>) => {
    // Esc closes the guide (the dialog's cancel) and nothing else: the selection and tools stay as they were.
    if (e.key === 'Escape') e.stopPropagation();
    if (e.key !== 'Tab') return;
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('disabled'));
    if (items.length === 0) return;
    const first = items[0], last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog ref={ref} className="guide" aria-labelledby="guide-title" aria-describedby="guide-intro" data-testid="guide"
      onCancel={(e) => { e.preventDefault(); closeGuide(); }} onClose={() => { if (store.getState().ui.guide) closeGuide(); }}
      onKeyDown={trap}>
      <div className="guide-head">
        <h2 id="guide-title">{t('guide.title')}</h2>
        <button type="button" onClick={() => store.setState({ lang: lang === 'zh' ? 'en' : 'zh' })}
          aria-label={lang === 'zh' ? 'Switch to English' : '切换到中文'}>
          {lang === 'zh' ? 'EN' : '中文'}
        </button>
      </div>
      <p id="guide-intro">{t('guide.intro')}</p>
      <ol className="guide-steps">
        {STEPS.map(([title, body]) => (
          <li key={title}>
            <strong>{t(title)}</strong>
            <p>{t(body)}</p>
          </li>
        ))}
      </ol>
      <p className="hint">{t('guide.remember')}</p>
      <div className="guide-actions">
        <button type="button" className="primary" data-autofocus onClick={closeGuide} data-testid="guide-start">{t('guide.start')}</button>
      </div>
    </dialog>
  );
}
