// A figure's definition shown on hover and on keyboard focus: a title attribute alone never shows
// for someone moving through the page with Tab, so the text is a tooltip the term points to.
import { useId, useState, type CSSProperties, type ReactNode } from 'react';
import { useStore } from '../state/store.ts';
import { translate } from '../i18n/index.ts';
import { MARK_SYMBOL, type Mark as MarkId } from '../../workers/analysis/standards.ts';
import './panels.css';

const TIP_WIDTH = 280;

export function Define({ children, text, testId }: { children: ReactNode; text: string; testId?: string }) {
  const id = useId();
  // Placed in the viewport next to the term, so a sidebar that scrolls or clips never cuts it off.
  const [at, setAt] = useState<CSSProperties>({});
  const place = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    const left = Math.max(8, Math.min(r.left, window.innerWidth - TIP_WIDTH - 8));
    setAt(r.bottom + 120 > window.innerHeight ? { left, bottom: window.innerHeight - r.top + 4 } : { left, top: r.bottom + 4 });
  };
  return (
    <span className="define" tabIndex={0} aria-describedby={id} data-testid={testId}
      onPointerEnter={(e) => place(e.currentTarget)} onFocus={(e) => place(e.currentTarget)}>
      {children}
      <span role="tooltip" id={id} className="define-tip" style={at}>{text}</span>
    </span>
  );
}

const BY_SYMBOL = new Map(Object.entries(MARK_SYMBOL).map(([k, v]) => [v, k as MarkId]));

/** A confidence mark (an id such as "secondary", or its symbol ◐) with its meaning; `source` adds where the value comes from. */
export function Mark({ mark, source }: { mark: string; source?: string }) {
  const lang = useStore((s) => s.lang);
  const id: MarkId | undefined = mark in MARK_SYMBOL ? (mark as MarkId) : BY_SYMBOL.get(mark);
  if (!id) return <>{mark}</>;
  const meaning = translate(lang, `mark.${id}`);
  const text = source ? `${MARK_SYMBOL[id]} ${meaning}. ${translate(lang, 'ind.source')}: ${source}` : `${MARK_SYMBOL[id]} ${meaning}`;
  return <Define text={text}><span className="mark" aria-label={meaning}>{MARK_SYMBOL[id]}</span></Define>;
}

/** The three marks and what each means, as a legend line. */
export function MarkLegend() {
  const lang = useStore((s) => s.lang);
  return (
    <div className="hint mark-legend" data-testid="mark-legend">
      {translate(lang, 'mark.legend')}{translate(lang, 'plan.colon')}
      <ul>
        {(Object.keys(MARK_SYMBOL) as MarkId[]).map((m) => <li key={m}><span className="mark">{MARK_SYMBOL[m]}</span> {translate(lang, `mark.${m}`)}</li>)}
      </ul>
    </div>
  );
}
