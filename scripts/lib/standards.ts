import { readFileSync } from 'node:fs';
import { parseStandards, type Standards } from '../../workers/analysis/standards.ts';

/** The default table, or a user's edited copy given with --standards. */
export function loadStandards(file = 'data/standards/gb50180-2018.json'): Standards {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read standards table ${file}: ${(e as Error).message}`);
  }
  return parseStandards(raw);
}
