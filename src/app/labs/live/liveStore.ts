// The live page's store: one connection to the local live server (src/live/server.ts), the real
// clusters' status as it streams in, every command's outcome in words, the checker's verdicts and the
// drill's checks. The live lab has no virtual time, so it does not use the kit's simulation store; it
// is a plain zustand store factory (one per page, never a singleton) with the fetch and the event
// stream injected, so tests drive it without a browser or a server.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  operationSentence,
  type Availability,
  type DrillCheck,
  type LiveCommand,
  type LiveStatus,
  type Operation,
  type Verdict,
} from './liveWords.ts';

export type LiveSystem = 'etcd' | 'postgres';

export type Connection =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'online' }
  /** `why` picks the advice the page shows: start the server, take the new link, or start it for this page's origin. */
  | { readonly kind: 'offline'; readonly why: 'not-running' | 'token' | 'origin' | 'other'; readonly detail: string };

export interface LogEntry {
  readonly id: number;
  readonly system: LiveSystem | 'drill';
  readonly tone: 'ok' | 'fail' | 'unknown' | 'info';
  readonly text: string;
}

export interface DrillResult {
  readonly drill: string;
  readonly checks: readonly DrillCheck[];
}

export interface LiveState {
  readonly api: string;
  readonly connection: Connection;
  readonly availability: Availability | null;
  readonly status: LiveStatus;
  readonly system: LiveSystem;
  /** What the server is doing for us right now (commands run one at a time there). */
  readonly busy: string | null;
  readonly log: readonly LogEntry[];
  readonly verdicts: Readonly<Record<LiveSystem, Verdict | null>>;
  readonly drill: DrillResult | null;
  /** The background client workload: on which system, or null when off. */
  readonly workload: LiveSystem | null;
  readonly actions: LiveActions;
}

export interface LiveActions {
  connect(): Promise<void>;
  dispose(): void;
  selectSystem(system: LiveSystem): void;
  /** Sends one command; `label` is what the page says while it runs ("killing n2"). */
  send(command: LiveCommand, label: string): Promise<void>;
  refreshStatus(): Promise<void>;
  checkHistory(system: LiveSystem): Promise<void>;
  /** Starts (or stops, with null) a client workload: a write, then a linearizable read of the same key, about once a second. */
  setWorkload(system: LiveSystem | null): void;
}

export type LiveStore = StoreApi<LiveState>;

/** The slice of EventSource the store uses (a fake one in tests). */
export interface StatusStream {
  close(): void;
}

export interface LiveStoreOptions {
  readonly api: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  /** Opens the server-sent event stream; calls onStatus per event and onError when the stream breaks. */
  readonly openStream?: (url: string, onStatus: (status: LiveStatus) => void, onError: () => void) => StatusStream;
  /** Keep at most this many log lines (newest first). */
  readonly logLimit?: number;
  /** Calls `tick` every `ms` until the returned function is called (fake timers in tests). */
  readonly every?: (ms: number, tick: () => void) => () => void;
}

/** How often the workload sends its next request when the previous one has answered. */
export const WORKLOAD_INTERVAL_MS = 700;

const EMPTY_STATUS: LiveStatus = { etcd: null, postgres: null };

/** Commands whose answer changes a recorded history: the checker is asked again after them. */
const HISTORY_COMMANDS: ReadonlySet<string> = new Set(['etcd.put', 'etcd.get', 'postgres.write', 'postgres.read', 'drill.solve']);

export function browserStream(url: string, onStatus: (status: LiveStatus) => void, onError: () => void): StatusStream {
  const source = new EventSource(url);
  source.addEventListener('status', (event) => onStatus(JSON.parse((event as MessageEvent<string>).data) as LiveStatus));
  source.onerror = onError;
  return source;
}

export function createLiveStore(options: LiveStoreOptions): LiveStore {
  const fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  const openStream = options.openStream ?? browserStream;
  const logLimit = options.logLimit ?? 60;
  const every =
    options.every ??
    ((ms: number, tick: () => void) => {
      const timer = setInterval(tick, ms);
      return () => clearInterval(timer);
    });
  let nextLogId = 0;
  let stream: StatusStream | null = null;
  let disposed = false;
  /** Every command, the learner's and the workload's, one after another (the server runs them so too). */
  let chain: Promise<void> = Promise.resolve();
  let workloadPending = false;
  let workloadCount = 0;
  let stopWorkload: (() => void) | null = null;

  const store = createStore<LiveState>()((set, get) => {
    const log = (system: LogEntry['system'], tone: LogEntry['tone'], text: string) =>
      set((state) => ({ log: [{ id: nextLogId++, system, tone, text }, ...state.log].slice(0, logLimit) }));

    /** One API call; a failure to reach the server or a refusal becomes `offline` with the right advice. */
    async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> } | null> {
      let response: Response;
      try {
        response = await fetcher(`${options.api}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${options.token}` } });
      } catch (error) {
        set({ connection: { kind: 'offline', why: 'not-running', detail: `no answer from ${options.api} (${(error as Error).message})` } });
        return null;
      }
      let body: Record<string, unknown> = {};
      try {
        body = (await response.json()) as Record<string, unknown>;
      } catch {
        // An empty or non-JSON body: the status code still says what happened.
      }
      const error = String(body.error ?? body.problem ?? '');
      if (response.status === 401) {
        set({ connection: { kind: 'offline', why: 'token', detail: error || 'the token was refused' } });
        return null;
      }
      if (response.status === 403) {
        set({ connection: { kind: 'offline', why: 'origin', detail: error || 'this page was refused' } });
        return null;
      }
      if (get().connection.kind !== 'online') set({ connection: { kind: 'online' } });
      return { status: response.status, body };
    }

    function applyResult(command: LiveCommand, result: Record<string, unknown>): void {
      const system: LiveSystem = command.type.startsWith('postgres.') || (command.type.startsWith('drill.') && 'drill' in command && command.drill === 'postgres-split-brain') ? 'postgres' : 'etcd';
      const operation = result.operation as Operation | undefined;
      if (operation) {
        log(system, operation.status === 'ok' ? 'ok' : operation.status === 'fail' ? 'fail' : 'unknown', operationSentence(operation));
        return;
      }
      if (typeof result.startedInMs === 'number') {
        log(system, 'info', `${system === 'etcd' ? 'etcd cluster' : 'PostgreSQL pair'} ready in ${result.startedInMs} ms (wall clock)`);
        return;
      }
      if (Array.isArray(result.checks)) {
        const checks = result.checks as DrillCheck[];
        set({ drill: { drill: String(result.drill), checks } });
        log('drill', checks.every((check) => check.ok) ? 'ok' : 'info', `${checks.filter((check) => check.ok).length} of ${checks.length} checks pass`);
        return;
      }
      if (typeof result.outcome === 'string') log(system, 'info', `${'node' in command ? command.node : ''}: ${result.outcome}`);
      if (typeof result.timeline === 'number') log(system, 'info', `${'node' in command ? command.node : ''} promoted: now primary on timeline ${result.timeline}`);
    }

    async function carryOut(command: LiveCommand, label: string): Promise<void> {
      const answer = await call('/api/live/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) });
      if (!answer) return;
      const system: LiveSystem = command.type.startsWith('postgres.') ? 'postgres' : command.type.startsWith('etcd.') ? 'etcd' : get().system;
      if (answer.status !== 200) {
        log(command.type.startsWith('drill.') ? 'drill' : system, 'fail', `${label}: ${String(answer.body.error ?? answer.body.problem ?? `HTTP ${answer.status}`)}`);
      } else {
        applyResult(command, (answer.body.result ?? {}) as Record<string, unknown>);
      }
      if (command.type === 'etcd.start' || command.type === 'etcd.stop') set((state) => ({ verdicts: { ...state.verdicts, etcd: null } }));
      if (command.type === 'postgres.start' || command.type === 'postgres.stop') set((state) => ({ verdicts: { ...state.verdicts, postgres: null } }));
      if (command.type.endsWith('.start') || command.type === 'drill.setup') set({ drill: null });
      await get().actions.refreshStatus();
      if (HISTORY_COMMANDS.has(command.type)) await get().actions.checkHistory(command.type === 'drill.solve' ? (command.drill === 'etcd-quorum' ? 'etcd' : 'postgres') : system);
    }

    /** The workload's next request: write w=<n> through the leader/primary, then read w back (linearizable on etcd). */
    function workloadTick(system: LiveSystem): void {
      // One request at a time, and never ahead of the learner's own command.
      if (workloadPending || get().busy || disposed) return;
      const { status } = get();
      const target =
        system === 'etcd'
          ? (status.etcd?.members.find((member) => member.role === 'leader') ?? status.etcd?.members.find((member) => member.role === 'follower'))?.id
          : status.postgres?.primaries.at(-1);
      if (!target) return;
      const count = workloadCount++;
      const value = String(Math.floor(count / 2) + 1);
      const command: LiveCommand =
        count % 2 === 0
          ? system === 'etcd' ? { type: 'etcd.put', key: 'w', value, via: target } : { type: 'postgres.write', key: 'w', value, via: target }
          : system === 'etcd' ? { type: 'etcd.get', key: 'w', via: target, serializable: false } : { type: 'postgres.read', key: 'w', via: target };
      workloadPending = true;
      const run = chain.then(() => carryOut(command, `workload: ${command.type} via ${target}`)).finally(() => (workloadPending = false));
      chain = run.catch(() => {});
    }

    return {
      api: options.api,
      connection: { kind: 'connecting' },
      availability: null,
      status: EMPTY_STATUS,
      system: 'etcd',
      busy: null,
      log: [],
      verdicts: { etcd: null, postgres: null },
      drill: null,
      workload: null,
      actions: {
        async connect() {
          set({ connection: { kind: 'connecting' } });
          const answer = await call('/api/live/availability');
          if (!answer || disposed) return;
          if (answer.status !== 200) {
            set({ connection: { kind: 'offline', why: 'other', detail: String(answer.body.error ?? `HTTP ${answer.status}`) } });
            return;
          }
          set({ availability: { etcd: answer.body.etcd, postgres: answer.body.postgres } as Availability });
          await get().actions.refreshStatus();
          if (disposed) return;
          stream?.close();
          stream = openStream(
            `${options.api}/api/live/events?token=${encodeURIComponent(options.token)}`,
            (status) => set({ status, ...(get().connection.kind === 'online' ? {} : { connection: { kind: 'online' } }) }),
            // EventSource retries by itself; until it is back, say that the server does not answer.
            () => set({ connection: { kind: 'offline', why: 'not-running', detail: `the status stream from ${options.api} broke` } }),
          );
        },
        dispose() {
          disposed = true;
          stream?.close();
          stream = null;
          stopWorkload?.();
          stopWorkload = null;
        },
        setWorkload(system) {
          stopWorkload?.();
          stopWorkload = system === null ? null : every(WORKLOAD_INTERVAL_MS, () => workloadTick(system));
          set({ workload: system });
        },
        selectSystem(system) {
          set({ system });
        },
        send(command, label) {
          // A second click while the first runs is a double click, not a second command.
          if (get().busy) return Promise.resolve();
          set({ busy: label });
          const run = chain.then(() => carryOut(command, label)).finally(() => set({ busy: null }));
          chain = run.catch(() => {});
          return run;
        },
        async refreshStatus() {
          const answer = await call('/api/live/status');
          if (answer?.status === 200) set({ status: { etcd: (answer.body.etcd ?? null) as LiveStatus['etcd'], postgres: (answer.body.postgres ?? null) as LiveStatus['postgres'] } });
        },
        async checkHistory(system) {
          const answer = await call(`/api/live/history?system=${system}`);
          if (!answer) return;
          if (answer.status !== 200) {
            set((state) => ({ verdicts: { ...state.verdicts, [system]: null } }));
            return;
          }
          // The first line is the format's header; one line per recorded operation after it.
          const operations = String(answer.body.jsonLines ?? '')
            .split('\n')
            .slice(1)
            .filter((line) => line.trim() !== '');
          const verdict: Verdict = {
            verdict: answer.body.verdict as Verdict['verdict'],
            message: String(answer.body.message ?? ''),
            operations: operations.length,
            reads: operations.filter((line) => line.includes('"op":"read"')).length,
          };
          set((state) => ({ verdicts: { ...state.verdicts, [system]: verdict } }));
        },
      },
    };
  });
  return store;
}

// ----- selectors (module scope: stable references) -------------------------------------------------------

export const selectConnection = (state: LiveState) => state.connection;
export const selectAvailability = (state: LiveState) => state.availability;
export const selectEtcd = (state: LiveState) => state.status.etcd;
export const selectPostgres = (state: LiveState) => state.status.postgres;
export const selectSystem = (state: LiveState) => state.system;
export const selectBusy = (state: LiveState) => state.busy;
export const selectLog = (state: LiveState) => state.log;
export const selectVerdicts = (state: LiveState) => state.verdicts;
export const selectDrill = (state: LiveState) => state.drill;
export const selectApi = (state: LiveState) => state.api;
export const selectWorkload = (state: LiveState) => state.workload;
