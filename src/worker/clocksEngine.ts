// The clocks lab's off-thread work: reads a ShiViz log with the user's regexes (reporting progress as it goes) and computes a diagram's clocks, so a 5 MB log never freezes the page.
import { fromExecution, parseStoredValue, toExecution, type ClocksDocument } from '../kernel/protocols/clocks/document.ts';
import {
  exportShivizLog,
  importShivizLog,
  importShivizUpload,
  tryComputeClocks,
  type ClockAnalysis,
  type ExecutionIssue,
  type ShivizImportPhase,
  type ShivizIssue,
  type ShivizWarning,
} from '../kernel/protocols/clocks/index.ts';

export interface ClocksImportRequest {
  /** The log, or the whole upload-form file (parser and delimiter on its first two lines). */
  readonly text: string;
  readonly form: 'parser' | 'upload';
  readonly parser: string;
  readonly delimiter: string | null;
  /** Names the diagram's origin: the file's name, or "pasted log". */
  readonly name: string;
}

export interface ClocksProgress {
  readonly phase: ShivizImportPhase | 'clocks';
  /** 0 to 1 through the log's text (matching) or 1 once the text is read. */
  readonly fraction: number;
}

/** What a diagram's clocks came to: the analysis, or why the diagram is not a possible execution. */
export type ClocksAnalysed = { readonly ok: true; readonly analysis: ClockAnalysis } | { readonly ok: false; readonly issues: readonly ExecutionIssue[] };

export interface ImportedExecution {
  readonly label: string;
  readonly hostCount: number;
  readonly eventCount: number;
  readonly messageCount: number;
  readonly document: ClocksDocument;
}

export type ClocksImportReply =
  | {
      readonly ok: true;
      /** Names this import to `keepImported`. */
      readonly importId: number;
      readonly executions: readonly ImportedExecution[];
      /** The first execution's clocks, so it can be drawn at once; others are analysed when picked. */
      readonly firstAnalysed: ClocksAnalysed;
      readonly warnings: readonly ShivizWarning[];
    }
  | { readonly ok: false; readonly issues: readonly ShivizIssue[]; readonly warnings: readonly ShivizWarning[] };

/** Progress reports are posted at most this often: enough for a moving bar and a heartbeat, few enough to cost nothing. */
export const PROGRESS_INTERVAL_MS = 50;

/** Where a big diagram is kept across reloads: IndexedDB (idb-keyval) in the worker, a map in tests. */
export interface KeptStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/**
 * `storage`: the worker keeps big diagrams itself, so the page never copies 50,000 events into
 * IndexedDB (a structured clone of seconds on the main thread).
 */
export function createClocksEngine(wallClock: () => number, storage: KeptStorage | null = null) {
  /** The last import's diagrams, so the page can ask the worker to keep one without sending it back. */
  let lastImport: { readonly id: number; readonly documents: readonly ClocksDocument[] } | null = null;
  let importCount = 0;
  const needStorage = (): KeptStorage => {
    if (!storage) throw new Error('this browser gives the worker no IndexedDB');
    return storage;
  };
  return {
    /** Reads the log; `onProgress` hears every phase change and, while matching, a report at least every few thousand characters. */
    importLog(request: ClocksImportRequest, onProgress: (progress: ClocksProgress) => void): ClocksImportReply {
      let lastPhase: ClocksProgress['phase'] | null = null;
      let lastPostedMs = -Infinity;
      const report = (phase: ClocksProgress['phase'], fraction: number) => {
        const now = wallClock();
        // A phase change always goes out: the page's watchdog arms and disarms on it.
        if (phase === lastPhase && now - lastPostedMs < PROGRESS_INTERVAL_MS) return;
        lastPhase = phase;
        lastPostedMs = now;
        onProgress({ phase, fraction });
      };
      const listener = (phase: ShivizImportPhase, done: number, total: number) => report(phase, total === 0 ? 1 : done / total);
      const imported =
        request.form === 'upload'
          ? importShivizUpload(request.text, listener)
          : importShivizLog(request.text, { parser: request.parser, delimiter: request.delimiter, onProgress: listener });
      if (!imported.ok) return imported;
      const executions = imported.executions.map((execution): ImportedExecution => {
        const name = execution.label ? `${request.name} — ${execution.label}` : request.name;
        return {
          label: execution.label,
          hostCount: execution.hosts.length,
          eventCount: execution.execution.events.length,
          messageCount: execution.execution.messages.length,
          document: fromExecution(execution.execution, { kind: 'shiviz', name }, execution.analysis.topologicalOrder),
        };
      });
      report('clocks', 1);
      const first = executions[0];
      const firstAnalysed: ClocksAnalysed = first ? analyse(first.document) : { ok: false, issues: [] };
      importCount += 1;
      lastImport = { id: importCount, documents: executions.map((execution) => execution.document) };
      return { ok: true, importId: importCount, executions, firstAnalysed, warnings: imported.warnings };
    },
    /** Keep execution `index` of import `importId` under `key`; false when this worker no longer holds that import (it was restarted). */
    async keepImported(importId: number, index: number, key: string): Promise<boolean> {
      const document = lastImport?.id === importId ? lastImport.documents[index] : undefined;
      if (!document) return false;
      await needStorage().set(key, document);
      return true;
    },
    /** Keep a diagram the page changed (the page pays for sending it here; edits of huge logs are rare). */
    async keep(key: string, document: ClocksDocument): Promise<void> {
      await needStorage().set(key, document);
    },
    /** The diagram kept under `key`, checked and analysed here: the page receives it once, already computed. */
    async restoreKept(key: string): Promise<{ readonly document: ClocksDocument; readonly analysed: ClocksAnalysed } | null> {
      const document = parseStoredValue(await needStorage().get(key));
      return document ? { document, analysed: analyse(document) } : null;
    },
    async forget(key: string): Promise<void> {
      await storage?.del(key);
    },
    /** The clocks of a diagram (another execution of a multi-execution log). */
    analyse,
    /** `exportLog` of execution `index` of import `importId`, not sent back by the page; null when this worker no longer holds it. */
    exportImported(importId: number, index: number): { readonly ok: true; readonly upload: string } | { readonly ok: false; readonly reason: string } | null {
      const document = lastImport?.id === importId ? lastImport.documents[index] : undefined;
      return document ? exportLog(document) : null;
    },
    /** A diagram as a ShiViz upload-form log (seconds for a 50,000-event log, hence here), or why it cannot be one. */
    exportLog,
    /** A diagram kept in IndexedDB, checked and analysed; null when it is not a whole, valid diagram. */
    restore(value: unknown): { readonly document: ClocksDocument; readonly analysed: ClocksAnalysed } | null {
      const document = parseStoredValue(value);
      return document ? { document, analysed: analyse(document) } : null;
    },
  };
}

function exportLog(document: ClocksDocument): { readonly ok: true; readonly upload: string } | { readonly ok: false; readonly reason: string } {
  try {
    return { ok: true, upload: exportShivizLog(toExecution(document)).upload };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function analyse(document: ClocksDocument): ClocksAnalysed {
  return tryComputeClocks(toExecution(document));
}

export type ClocksEngine = ReturnType<typeof createClocksEngine>;
