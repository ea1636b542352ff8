// Runs an experiment in the worker slice by slice: each slice's report re-renders the page, so it never freezes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExperimentPlan, ExperimentReport } from '../../../../worker/experimentEngine.ts';
import { connectExperimentWorker, type ExperimentConnection } from './experimentConnection.ts';

/** Real time per worker call: short enough that Cancel answers at once, long enough to amortise the round trip. */
const SLICE_WALL_MS = 60;

export interface ExperimentRun {
  readonly report: ExperimentReport | null;
  readonly problems: readonly string[];
  start(plan: ExperimentPlan): void;
  cancel(): void;
}

export function useExperiment(connect: () => ExperimentConnection = connectExperimentWorker): ExperimentRun {
  const [report, setReport] = useState<ExperimentReport | null>(null);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const connectionRef = useRef<ExperimentConnection | null>(null);
  // Each start or cancel bumps the id; a loop whose id is stale stops at its next slice.
  const runIdRef = useRef(0);

  useEffect(() => {
    const connection = connect();
    connectionRef.current = connection;
    return () => {
      // A loop still awaiting this worker never hears back; the next connection starts afresh.
      connection.dispose();
      connectionRef.current = null;
    };
  }, [connect]);

  const start = useCallback((plan: ExperimentPlan) => {
    const connection = connectionRef.current;
    if (!connection) return;
    const runId = ++runIdRef.current;
    void (async () => {
      const started = await connection.start(plan);
      if (runIdRef.current !== runId) return;
      if (!started.ok) {
        setProblems(started.problems);
        return;
      }
      setProblems([]);
      setReport(started.report);
      for (;;) {
        const next = await connection.runFor(SLICE_WALL_MS);
        if (runIdRef.current !== runId) return;
        setReport(next);
        if (next.status !== 'running') return;
      }
    })().catch((error: unknown) => {
      if (runIdRef.current === runId) setProblems([`The experiment stopped: ${error instanceof Error ? error.message : String(error)}`]);
    });
  }, []);

  const cancel = useCallback(() => {
    const connection = connectionRef.current;
    if (!connection) return;
    runIdRef.current++;
    void connection.cancel().then(setReport);
  }, []);

  return { report, problems, start, cancel };
}
