// The election experiment's Web Worker (Raft §9.3, Figure 16): runs thousands of trials off the main thread through comlink.
import { expose, type Endpoint } from 'comlink';
import { createExperimentEngine } from './experimentEngine.ts';

const api = createExperimentEngine(() => performance.now());

/** The typed API the measure page wraps (`wrap<ExperimentWorkerApi>(worker)`). */
export type ExperimentWorkerApi = typeof api;

// The explicit endpoint cast: comlink's default endpoint hangs under @vitest/web-worker (TOOLING.md).
expose(api, self as unknown as Endpoint);
