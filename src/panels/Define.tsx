// A figure's definition shown on hover and on keyboard focus: a title attribute alone never shows
// for someone moving through the page with Tab, so the text is a tooltip the term points to.
import { useId, type ReactNode } from 'react';
import { useStore } from '../state/store.ts';
import { translate } from '../i18n/index.ts';
import { MARK_SYMBOL, type Mark as MarkId } from '../../workers/analysis/standards.ts';
import './panels.css';

export function Define({ children, text, testId }: { children: ReactNode; text: string; testId?: string }) {
  const id = useId();
  return (
    <span className="define" tabIndex={0} aria-describedby={id} data-testid={testId}>
      {children}
      <span role="tooltip" id={id} className="define-tip">{text}</span>
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
    <p className="hint mark-legend" data-testid="mark-legend">
      {translate(lang, 'mark.legend')}{translate(lang, 'plan.colon')}
      {(Object.keys(MARK_SYMBOL) as MarkId[]).map((m, k) => (
        <span key={m}>{k > 0 ? ' · ' : ''}{MARK_SYMBOL[m]} {translate(lang, `mark.${m}`)}</span>
      ))}
    </p>
  );
}
