// Records every client operation on a real system with wall-clock invocation and completion times, for the linearizability checker.
//
// Times are milliseconds since the lab started (performance.now, monotonic). The checker wants
// integers: an invocation is rounded down and a completion up, which only widens intervals, so
// rounding can never invent a violation. An error is `fail` only when the operation definitely
// did not take effect (the connection was refused, or it was a read); anything else (a timeout, a
// reset mid-request, "request timed out") is `indeterminate`: it may have taken effect.

import {
  checkLinearizability,
  createHistory,
  registerModel,
  type History,
  type LinearizabilityResult,
  type OperationDraft,
  type RegisterInput,
  type RegisterOutput,
} from '../kernel/checkers/linearizability/index.ts';

export type RecordedStatus = 'ok' | 'fail' | 'indeterminate';

export interface RecordedOperation {
  readonly id: number;
  readonly client: string;
  readonly op: 'read' | 'write';
  readonly key: string;
  /** write: the value written; read: the value returned (null = absent), undefined when it failed. */
  readonly value: string | null | undefined;
  /** The member or node the request was sent to. */
  readonly node: string;
  /** etcd reads: `linearizable` (through the leader's quorum) or `serializable` (the member's local copy). */
  readonly consistency?: 'linearizable' | 'serializable';
  readonly status: RecordedStatus;
  readonly invokeMs: number;
  /** null while pending, and for indeterminate operations. */
  readonly completeMs: number | null;
  /** The system's own words when it failed. */
  readonly error?: string;
  /** Extra facts a lab records (PostgreSQL: the timeline the write was acknowledged on, its write id). */
  readonly detail?: Readonly<Record<string, string | number>>;
}

export interface OperationOutcome {
  readonly status: RecordedStatus;
  readonly value?: string | null;
  readonly error?: string;
  readonly detail?: Readonly<Record<string, string | number>>;
}

/** Thrown by a client call to say how it failed; anything else thrown counts as indeterminate. */
export class ClientError extends Error {
  constructor(
    message: string,
    /** true: the operation certainly did not take effect. */
    readonly definite: boolean,
  ) {
    super(message);
  }
}

export class HistoryRecorder {
  private readonly operations: RecordedOperation[] = [];
  private startedAt = performance.now();

  /** Milliseconds since the lab started (fractional). */
  nowMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Time 0 is now (the system just became ready); only before the first operation. */
  restartClock(): void {
    if (this.operations.length === 0) this.startedAt = performance.now();
  }

  /** Runs one client call and records it; never throws for the call's own failure. */
  async record(
    request: { client: string; op: 'read' | 'write'; key: string; value?: string; node: string; consistency?: 'linearizable' | 'serializable' },
    call: () => Promise<OperationOutcome>,
  ): Promise<RecordedOperation> {
    const id = this.operations.length;
    const invokeMs = Math.floor(this.nowMs());
    const pending: RecordedOperation = {
      id,
      client: request.client,
      op: request.op,
      key: request.key,
      value: request.op === 'write' ? (request.value ?? '') : undefined,
      node: request.node,
      ...(request.consistency ? { consistency: request.consistency } : {}),
      status: 'indeterminate',
      invokeMs,
      completeMs: null,
    };
    this.operations.push(pending);
    let outcome: OperationOutcome;
    try {
      outcome = await call();
    } catch (error) {
      const definite = error instanceof ClientError ? error.definite : false;
      // A read that failed changed nothing, whatever the reason.
      outcome = { status: definite || request.op === 'read' ? 'fail' : 'indeterminate', error: (error as Error).message };
    }
    const completeMs = Math.ceil(this.nowMs());
    const done: RecordedOperation = {
      ...pending,
      status: outcome.status,
      value: request.op === 'write' ? pending.value : outcome.status === 'ok' ? (outcome.value ?? null) : undefined,
      completeMs: outcome.status === 'indeterminate' ? null : completeMs,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}),
    };
    this.operations[id] = done;
    return done;
  }

  list(): readonly RecordedOperation[] {
    return this.operations;
  }

  /** The register-model history the checker reads (reads and writes per key; absent = null). */
  toCheckerHistory(): History<RegisterInput, RegisterOutput> {
    const drafts: OperationDraft<RegisterInput, RegisterOutput>[] = this.operations.map((operation) => {
      const base = {
        clientId: operation.client,
        status: operation.status,
        invocationTime: operation.invokeMs,
        completionTime: operation.completeMs ?? operation.invokeMs,
      };
      if (operation.op === 'write') {
        return { ...base, input: { kind: 'write', key: operation.key, value: operation.value ?? '' }, output: { kind: 'write' } };
      }
      return {
        ...base,
        input: { kind: 'read', key: operation.key },
        output: operation.status === 'ok' ? { kind: 'read', value: operation.value ?? null } : undefined,
      };
    });
    return createHistory(drafts, 'ms');
  }

  check(stepBudget = 2_000_000): LinearizabilityResult<RegisterInput, RegisterOutput> {
    return checkLinearizability(this.toCheckerHistory(), registerModel, { stepBudget });
  }

  /** The checker's JSON-lines format (`npm run check -- file` reads it), wall-clock milliseconds. */
  toJsonLines(): string {
    const header = JSON.stringify({ format: 'quorum-lab-history', version: 1, model: 'register', clock: 'wall' });
    const lines = this.operations.map((operation) =>
      JSON.stringify({
        client: operation.client,
        op: operation.op,
        key: operation.key,
        value: operation.status === 'ok' || operation.op === 'write' ? (operation.value ?? null) : null,
        status: operation.status === 'indeterminate' ? 'timeout' : operation.status,
        invoke_ms: operation.invokeMs,
        complete_ms: operation.status === 'indeterminate' ? null : operation.completeMs,
        node: operation.node,
        ...(operation.error ? { error: operation.error } : {}),
      }),
    );
    return [header, ...lines].join('\n') + '\n';
  }
}
