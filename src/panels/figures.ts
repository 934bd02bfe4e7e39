// Words for what a figure counts, shared by the panels: a cohort ("children 0–3"), a capacity unit
// ("places"), and the first letter of an English sentence that starts with one.
import { translate, type Lang, type MessageKey } from '../i18n/index.ts';
import { MESSAGES } from '../i18n/messages.ts';

export function cohortText(cohort: string, lang: Lang): string {
  const key = `cohort.${cohort}`;
  return Object.hasOwn(MESSAGES, key) ? translate(lang, key as MessageKey) : cohort;
}

export function capacityUnitText(unit: string | null | undefined, lang: Lang): string {
  if (!unit) return '';
  const key = `cap.${unit}`;
  return Object.hasOwn(MESSAGES, key) ? translate(lang, key as MessageKey) : unit;
}

export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
