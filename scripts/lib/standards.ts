import { readTextInput } from './input.ts';
import { fingerprint, parseStandards, type Standards } from '../../workers/analysis/standards.ts';

export const DEFAULT_STANDARDS_FILE = 'data/standards/gb50180-2018.json';

/** The default table, or a user's edited copy given with --standards; every field within its bounds. */
export function loadStandards(file = DEFAULT_STANDARDS_FILE): Standards {
  const text = readTextInput(file, 'standards table', 5 * 1024 * 1024);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`cannot read standards table ${file}: ${(e as Error).message}`);
  }
  try {
    return parseStandards(raw);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

/** True when a table differs in content from the shipped default (a copy saved unchanged is not "edited"). */
export function isEdited(table: Standards): boolean {
  return fingerprint(table) !== fingerprint(loadStandards(DEFAULT_STANDARDS_FILE));
}
