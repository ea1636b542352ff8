// The delivery lab's checkers, apart from the simulation they judge: they read only the ground
// truth it records (which transfers were produced, each application of the side effect, each
// record processed and each offset committed) and say what the learner is asked to predict —
// effects expected vs applied, duplicates, losses, and which guarantee held end to end.

/** What the tally needs: transfer ids 1..produced, every effect's transfer id, and the ids still on their way. */
export interface TallyInput {
  readonly produced: number;
  readonly effects: readonly { readonly transfer: number }[];
  /** Transfers with no effect yet that can still get one (in a backlog, the log above the committed offset, an outbox…). */
  readonly pending: ReadonlySet<number>;
}

export type Guarantee = 'exactly-once' | 'at-least-once' | 'at-most-once' | 'none';

export interface Tally {
  readonly produced: number;
  /** One per produced transfer: the balance an observer expects. */
  readonly expected: number;
  /** Side effects applied (a transfer paid twice counts twice): the actual balance. */
  readonly effects: number;
  /** Extra applications beyond the first, summed over transfers. */
  readonly duplicates: number;
  /** Transfers with no effect that nothing will ever deliver again. */
  readonly lost: number;
  /** Transfers with no effect yet, still on their way. */
  readonly pending: number;
  readonly duplicatedTransfers: readonly number[];
  readonly lostTransfers: readonly number[];
  /** Effects per transfer, index = transfer id (index 0 unused). */
  readonly counts: readonly number[];
  readonly guarantee: Guarantee;
  /** Every produced transfer has taken effect exactly once (nothing pending). */
  readonly exactlyOnce: boolean;
}

export function tallyEffects(input: TallyInput): Tally {
  const counts = new Array<number>(input.produced + 1).fill(0);
  let effects = 0;
  for (const effect of input.effects) {
    if (!Number.isInteger(effect.transfer) || effect.transfer < 1 || effect.transfer > input.produced) {
      throw new RangeError(`an effect for transfer ${effect.transfer}, which was never produced (1..${input.produced})`);
    }
    counts[effect.transfer]! += 1;
    effects += 1;
  }
  const duplicatedTransfers: number[] = [];
  const lostTransfers: number[] = [];
  let duplicates = 0;
  let pending = 0;
  for (let transfer = 1; transfer <= input.produced; transfer++) {
    const count = counts[transfer]!;
    if (count > 1) {
      duplicates += count - 1;
      duplicatedTransfers.push(transfer);
    } else if (count === 0) {
      if (input.pending.has(transfer)) pending += 1;
      else lostTransfers.push(transfer);
    }
  }
  const lost = lostTransfers.length;
  return {
    produced: input.produced,
    expected: input.produced,
    effects,
    duplicates,
    lost,
    pending,
    duplicatedTransfers,
    lostTransfers,
    counts,
    guarantee: guaranteeOf(duplicates, lost),
    exactlyOnce: duplicates === 0 && lost === 0 && pending === 0 && effects === input.produced,
  };
}

/** The guarantee a run kept: no loss and no duplicate is exactly once; losses only, at most once; duplicates only, at least once. */
export function guaranteeOf(duplicates: number, lost: number): Guarantee {
  if (duplicates === 0 && lost === 0) return 'exactly-once';
  if (lost === 0) return 'at-least-once';
  if (duplicates === 0) return 'at-most-once';
  return 'none';
}

/** `order`: the step's place in the consumer's history (fetches, processings and commits share one count). */
export interface ProcessedRecord {
  readonly partition: number;
  readonly offset: number;
  readonly atMs: number;
  readonly order: number;
}

export interface CommittedOffset {
  readonly partition: number;
  readonly offset: number;
  readonly atMs: number;
  readonly order: number;
}

export interface CommitViolation {
  readonly partition: number;
  /** The record committed past before it was processed. */
  readonly offset: number;
  readonly committedAtMs: number;
}

/**
 * Commit-after's contract: a consumer commits offset n on a partition only once it has processed
 * every record it read below n there. Given the records it read (data records, in read order per
 * partition), what it processed and what it committed, returns each record committed past before
 * it was processed (at that commit). Records skipped on purpose (markers, aborted) are not "read".
 */
export function checkCommitAfterProcessing(read: readonly ProcessedRecord[], processed: readonly ProcessedRecord[], commits: readonly CommittedOffset[]): CommitViolation[] {
  const violations: CommitViolation[] = [];
  const processedAt = new Map<string, number>();
  for (const record of processed) {
    const id = `${record.partition}:${record.offset}`;
    if (!processedAt.has(id)) processedAt.set(id, record.order);
  }
  const reported = new Set<string>();
  for (const commit of commits) {
    for (const record of read) {
      if (record.partition !== commit.partition || record.offset >= commit.offset || record.order > commit.order) continue;
      const id = `${record.partition}:${record.offset}`;
      const at = processedAt.get(id);
      if ((at === undefined || at > commit.order) && !reported.has(id)) {
        reported.add(id);
        violations.push({ partition: commit.partition, offset: record.offset, committedAtMs: commit.atMs });
      }
    }
  }
  return violations;
}

/** Kafka → Kafka (consume-transform-produce): each transfer's output record count in the output topic's committed records. */
export function tallyOutput(produced: number, output: readonly number[], pending: ReadonlySet<number>): Tally {
  return tallyEffects({ produced, effects: output.map((transfer) => ({ transfer })), pending });
}
