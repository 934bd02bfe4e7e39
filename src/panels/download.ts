// Hands a file to the browser's download, offline: a blob URL clicked once and released later.
// Every export is named by dataset, plan and date (集东区_方案A_2026-12-06_gaps.geojson), so files
// from several plans or days sit side by side without being mixed up.
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(name: string, text: string, type: string) {
  downloadBlob(name, new Blob([text], { type }));
}

/**
 * One part of a file name in safe characters: letters and digits of any script, `-` and `.`; every
 * other run of characters (spaces, slashes, brackets, quotes, controls) becomes one `_`. Leading and
 * trailing separators and dots are dropped, so a part is never hidden (".x") or empty-looking.
 */
export function safePart(text: string, maxLength = 60): string {
  const clean = text.normalize('NFC').replace(/[^\p{L}\p{N}\p{M}.-]+/gu, '_').replace(/_+/g, '_');
  return [...clean].slice(0, maxLength).join('').replace(/^[_.-]+|[_.-]+$/g, '');
}

/** The local calendar date as YYYY-MM-DD (the day the planner exported on, not the UTC day). */
export function localDate(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`;
}

export interface ExportName {
  /** The dataset's name in the chosen language. */
  dataset: string;
  /** The plan's name, or the baseline's name in the chosen language. */
  scenario: string;
  /** What the file holds: "gaps", "indicators", "diff" … */
  what: string;
  ext: string;
  at: Date;
}

/** `<dataset>_<plan>_<YYYY-MM-DD>_<what>.<ext>`; a part left empty by cleaning is left out. */
export function exportFileName({ dataset, scenario, what, ext, at }: ExportName): string {
  const parts = [safePart(dataset), safePart(scenario), localDate(at), safePart(what)].filter((p) => p !== '');
  return `${parts.join('_')}.${safePart(ext, 12) || 'txt'}`;
}
