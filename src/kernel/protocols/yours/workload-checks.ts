// The workloads' checks, apart from the nodes they judge: `echo` (every echo_ok carries the text the
// client sent, as Maelstrom's echo checker asks) and `lin-kv` (the history is linearizable: the
// project's Porcupine-speed checker, src/kernel/checkers/linearizability, with its register model —
// one register per key, initially absent, read/write/cas — which is Knossos's cas-register that
// Maelstrom's lin-kv workload uses). Operations still pending at the end count as :info.

import { checkLinearizability, createHistory, registerModel, type OperationDraft, type RegisterInput, type RegisterOutput, type RegisterValue } from '../../checkers/linearizability/index.ts';
import { describeRequest, type WorkloadName, type WorkloadOperation } from './workload.ts';

export interface WorkloadCounts {
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
  readonly pending: number;
}

export interface WorkloadVerdict {
  readonly workload: Exclude<WorkloadName, 'election'>;
  /** True: passes; false: a counterexample; null: the checker ran out of steps (unknown). */
  readonly ok: boolean | null;
  /** One sentence in words. */
  readonly summary: string;
  /** The longer explanation (the checker's text), when there is one. */
  readonly details: string;
  /** Where to scrub to see the problem (the offending operation's completion or invocation). */
  readonly problemAtMs: number | null;
  /** The offending operation's index, when one is to blame. */
  readonly operationIndex: number | null;
  readonly counts: WorkloadCounts;
}

export function countOperations(operations: readonly WorkloadOperation[]): WorkloadCounts {
  const counts = { ok: 0, fail: 0, info: 0, pending: 0 };
  for (const operation of operations) counts[operation.completion?.type ?? 'pending'] += 1;
  return counts;
}

function countsText(counts: WorkloadCounts): string {
  return `${counts.ok} ok, ${counts.fail} failed (definitely did not happen), ${counts.info} unknown (timed out or indefinite error)${counts.pending > 0 ? `, ${counts.pending} still waiting` : ''}`;
}

/** Maelstrom's echo check: each echo_ok's `echo` equals the request's. */
export function checkEcho(operations: readonly WorkloadOperation[]): WorkloadVerdict {
  const counts = countOperations(operations);
  for (const operation of operations) {
    if (operation.request.f !== 'echo' || operation.completion?.type !== 'ok') continue;
    const got = operation.completion.value;
    if (got !== operation.request.echo) {
      return {
        workload: 'echo',
        ok: false,
        summary: `${operation.node} answered ${operation.client}'s echo “${operation.request.echo}” with ${got === undefined ? 'no "echo" field' : JSON.stringify(got)} at ${operation.completion.timeMs} ms: an echo_ok must carry the same text.`,
        details: `Operation ${operation.index}: ${operation.client} → ${operation.node}, msg_id ${operation.msgId}, invoked at ${operation.invokeMs} ms, answered at ${operation.completion.timeMs} ms.`,
        problemAtMs: operation.completion.timeMs,
        operationIndex: operation.index,
        counts,
      };
    }
  }
  return { workload: 'echo', ok: true, summary: `Every echo_ok carried the text sent (${countsText(counts)}).`, details: '', problemAtMs: null, operationIndex: null, counts };
}

/** A JSON value as a register value: numbers and strings as they are, anything else as its JSON text. */
function registerValue(value: unknown): RegisterValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return `json:${JSON.stringify(value)}`;
}

/** The lin-kv history as the checker's register operations (Maelstrom's :ok / :fail / :info). */
export function linKvHistory(operations: readonly WorkloadOperation[]) {
  const drafts: OperationDraft<RegisterInput, RegisterOutput>[] = [];
  const indices: number[] = [];
  for (const operation of operations) {
    const { request, completion } = operation;
    if (request.f === 'echo') continue;
    // Named "key 1", so the checker's sentences read "key 1 holds 0", not "1 holds 0".
    const key = `key ${String(request.key)}`;
    const input: RegisterInput =
      request.f === 'read' ? { kind: 'read', key } : request.f === 'write' ? { kind: 'write', key, value: request.value } : { kind: 'cas', key, expected: request.from, value: request.to };
    const status = completion === undefined || completion.type === 'info' ? 'indeterminate' : completion.type === 'fail' ? 'fail' : 'ok';
    const output: RegisterOutput | undefined =
      status !== 'ok' ? undefined : request.f === 'read' ? { kind: 'read', value: registerValue(completion!.value) } : request.f === 'write' ? { kind: 'write' } : { kind: 'cas', swapped: true };
    drafts.push({ clientId: operation.client, input, output, status, invocationTime: operation.invokeMs, completionTime: completion?.timeMs ?? operation.invokeMs });
    indices.push(operation.index);
  }
  return { history: createHistory(drafts, 'ms'), indices };
}

/** Is the lin-kv history linearizable? Within `stepBudget` search steps (unknown past it). */
export function checkLinKv(operations: readonly WorkloadOperation[], stepBudget = 2_000_000): WorkloadVerdict {
  const counts = countOperations(operations);
  const { history, indices } = linKvHistory(operations);
  const result = checkLinearizability(history, registerModel, { stepBudget });
  if (result.verdict === 'linearizable') {
    return { workload: 'lin-kv', ok: true, summary: `Linearizable: every read, write and cas fits one order that respects real time (${countsText(counts)}).`, details: '', problemAtMs: null, operationIndex: null, counts };
  }
  if (result.verdict === 'unknown') {
    return { workload: 'lin-kv', ok: null, summary: `Unknown: the checker stopped after ${result.stepsUsed.toLocaleString('en')} steps without a verdict (${countsText(counts)}).`, details: result.message, problemAtMs: null, operationIndex: null, counts };
  }
  const explanation = result.explanation!;
  const blocked = explanation.blockedOperation;
  const index = indices[blocked.id] ?? null;
  const completion = Number.isFinite(blocked.completionTime) ? blocked.completionTime : blocked.invocationTime;
  return {
    workload: 'lin-kv',
    ok: false,
    summary: `Not linearizable (${explanation.partitionKey}): ${explanation.summary}`,
    details: explanation.text,
    problemAtMs: completion,
    operationIndex: index,
    counts,
  };
}

export function checkWorkload(workload: Exclude<WorkloadName, 'election'>, operations: readonly WorkloadOperation[]): WorkloadVerdict {
  return workload === 'echo' ? checkEcho(operations) : checkLinKv(operations);
}

/** One line per operation, like Jepsen's history: "12 c3 n1 invoke read key 0 → ok 2 [120 ms, 135 ms]". */
export function describeOperation(operation: WorkloadOperation): string {
  const { completion } = operation;
  const outcome = !completion
    ? 'waiting'
    : completion.type === 'ok'
      ? `ok${completion.value !== undefined ? ` ${JSON.stringify(completion.value)}` : ''}`
      : `${completion.type}${completion.error ? ` (${completion.error})` : ''}`;
  return `${operation.client} → ${operation.node}: ${describeRequest(operation.request)} → ${outcome}`;
}
