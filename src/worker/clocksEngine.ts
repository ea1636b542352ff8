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
      readonly executions: readonly ImportedExecution[];
      /** The first execution's clocks, so it can be drawn at once; others are analysed when picked. */
      readonly firstAnalysed: ClocksAnalysed;
      readonly warnings: readonly ShivizWarning[];
    }
  | { readonly ok: false; readonly issues: readonly ShivizIssue[]; readonly warnings: readonly ShivizWarning[] };

/** Progress reports are posted at most this often: enough for a moving bar and a heartbeat, few enough to cost nothing. */
export const PROGRESS_INTERVAL_MS = 50;

export function createClocksEngine(wallClock: () => number) {
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
      return { ok: true, executions, firstAnalysed, warnings: imported.warnings };
    },
    /** The clocks of a diagram (another execution of a multi-execution log). */
    analyse,
    /** A diagram as a ShiViz upload-form log (seconds for a 50,000-event log, hence here), or why it cannot be one. */
    exportLog(document: ClocksDocument): { readonly ok: true; readonly upload: string } | { readonly ok: false; readonly reason: string } {
      try {
        return { ok: true, upload: exportShivizLog(toExecution(document)).upload };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    /** A diagram kept in IndexedDB, checked and analysed; null when it is not a whole, valid diagram. */
    restore(value: unknown): { readonly document: ClocksDocument; readonly analysed: ClocksAnalysed } | null {
      const document = parseStoredValue(value);
      return document ? { document, analysed: analyse(document) } : null;
    },
  };
}

function analyse(document: ClocksDocument): ClocksAnalysed {
  return tryComputeClocks(toExecution(document));
}

export type ClocksEngine = ReturnType<typeof createClocksEngine>;
