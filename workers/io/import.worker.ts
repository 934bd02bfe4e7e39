// The import runs here, off the page's thread: progress goes out as messages, and cancelling
// terminates this worker, so even a long parse stops at once and nothing half-made comes back.
import { importFiles, inspectFiles, type ImportOptions } from './import.ts';
import type { SourceFile } from './source.ts';
import { DatasetRefused } from '../model/validate.ts';

export type ImportRequest =
  | { type: 'inspect'; files: SourceFile[] }
  | { type: 'import'; files: SourceFile[]; options: Omit<ImportOptions, 'onProgress' | 'cancelled'> };

export type ImportReply =
  | { type: 'inspected'; sources: ReturnType<typeof inspectFiles> }
  | { type: 'progress'; share: number; stage: string }
  | { type: 'done'; result: ReturnType<typeof importFiles> }
  | { type: 'failed'; message: string; report?: DatasetRefused['report'] };

const post = (m: ImportReply) => (self as unknown as { postMessage: (m: ImportReply) => void }).postMessage(m);

self.onmessage = (ev: MessageEvent<ImportRequest>) => {
  const req = ev.data;
  try {
    if (req.type === 'inspect') post({ type: 'inspected', sources: inspectFiles(req.files) });
    else post({ type: 'done', result: importFiles(req.files, { ...req.options, onProgress: (share, stage) => post({ type: 'progress', share, stage }) }) });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e), report: e instanceof DatasetRefused ? e.report : undefined });
  }
};
