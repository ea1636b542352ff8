// The search over one partition: Wing & Gong's backtracking with Lowe's memoisation, on typed arrays and interned states.
import type { Operation } from './history.ts';
import type { Model } from './models.ts';
import { entryOrder } from './entry-order.ts';

export type SearchOutcome = 'running' | 'linearizable' | 'not-linearizable';

const none = -1;
/** In the transition table: the operation's output is impossible in that state. */
const illegal = -1;
/** In the transition table: not computed yet. */
const unknown = -2;

/** A 32-bit finaliser (splitmix32's): well-spread words from small integers, without randomness. */
function mix32(value: number): number {
  let z = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** The smallest power of two at least `value`. */
function nextPowerOfTwo(value: number): number {
  let power = 1;
  while (power < value) power *= 2;
  return power;
}

/**
 * Longer state keys are not looked up by their text: hashing a long key (an append log hundreds of
 * characters long) at every new state is where the time went (c50-ok: half of it).
 */
const longStateKeyLength = 64;

/**
 * Each model state the search meets gets a small integer, so the search compares, hashes and stores
 * integers. A state with a short key gets one id however it was reached. A state with a long key
 * gets its id from how it was made (the state before and the operation): two ways of reaching
 * the same long state then count as two states, which only costs cache hits, never soundness (an
 * id always stands for one state). For an append log that is the right trade: equal logs reached
 * through different operations are rare, hashing every new log is not.
 */
class StateTable<State> {
  readonly states: State[] = [];
  private readonly ids = new Map<string, number>();
  /** Ids of long states by `fromId * operationCount + operation`. */
  private readonly derived = new Map<number, number>();

  constructor(
    private readonly stateKey: (state: State) => string,
    private readonly operationCount: number,
  ) {}

  private add(state: State): number {
    this.states.push(state);
    return this.states.length - 1;
  }

  internInitial(state: State): number {
    const id = this.add(state);
    this.ids.set(this.stateKey(state), id);
    return id;
  }

  /** The id of `next`, the state `operation` leaves after the state `fromId`. */
  intern(next: State, fromId: number, operation: number): number {
    // A read hands back the very state it was given.
    if (next === this.states[fromId]) return fromId;
    const key = this.stateKey(next);
    if (key.length <= longStateKeyLength) {
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.add(next);
        this.ids.set(key, id);
      }
      return id;
    }
    const derivedKey = fromId * this.operationCount + operation;
    let id = this.derived.get(derivedKey);
    if (id === undefined) {
      id = this.add(next);
      this.derived.set(derivedKey, id);
    }
    return id;
  }
}

/**
 * Memoised `model.step`: (state id, operation) → next state id or `illegal`. The search asks the
 * same question over and over as it backtracks (etcd_002: 1.4 M steps, 241 distinct questions).
 * Sound because `step` is a function of (state, input, output) and equal state keys mean equal
 * states. Direct-mapped and bounded: when states are many (an append log makes a new state at
 * nearly every step) a full table would cost more memory than recomputing; a collision only
 * means asking the model again.
 */
class TransitionMemo {
  private readonly stateOf: Int32Array;
  private readonly operationOf: Int32Array;
  private readonly result: Int32Array;
  private readonly mask: number;

  // Slots hold the state id + 1, so a fresh array (all zeros) is empty without a fill: untouched
  // pages of a large table then cost nothing.
  constructor(capacity: number) {
    this.stateOf = new Int32Array(capacity);
    this.operationOf = new Int32Array(capacity);
    this.result = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private slot(stateId: number, operation: number): number {
    return mix32(Math.imul(stateId, 0x9e3779b1) ^ operation) & this.mask;
  }

  get(stateId: number, operation: number): number {
    const slot = this.slot(stateId, operation);
    return this.stateOf[slot] === stateId + 1 && this.operationOf[slot] === operation ? this.result[slot]! : unknown;
  }

  set(stateId: number, operation: number, next: number): void {
    const slot = this.slot(stateId, operation);
    this.stateOf[slot] = stateId + 1;
    this.operationOf[slot] = operation;
    this.result[slot] = next;
  }

  get byteLength(): number {
    return 3 * this.stateOf.byteLength;
  }
}

/** Words in the cache's first arena chunk; each next chunk doubles, up to `arenaChunkWordsMax`. */
const arenaChunkWordsFirst = 1 << 10;
const arenaChunkWordsMax = 1 << 18;
/** Per-entry fields of the configuration cache, in one Int32Array of `entryFields` ints per entry. */
const entryFields = 6;
const fieldArena = 0;
const fieldBase = 1;
const fieldStart = 2;
const fieldLength = 3;
const fieldState = 4;
const fieldHash = 5;

/**
 * Lowe's cache of configurations already explored: (set of linearized operations, state). The
 * future of the search depends on nothing else, so meeting one again means its whole subtree was
 * searched and failed. Entries live in flat arrays (an arena of words in chunks, six ints per
 * entry), found through an open-addressing table of entry numbers: no object per entry. Words are
 * never copied, and the table marks empty slots with 0 so a new one needs no fill: on this kind of
 * machine touching fresh memory costs about 7 ms per MB. Everything starts small, so a history of
 * a thousand keys does not reserve a thousand large buffers.
 *
 * A set is stored trimmed. Its first `fixedWords` words (the operations whose outcome is unknown,
 * which may stay out for good) are kept whole; of the rest (the completed operations, in order of
 * completion) the search has placed nearly everything before its current point and nothing much
 * after, so only the words between the first that is not all ones and the last that is not all
 * zeros are kept, with that first index. On the quorum lab's 2,800-operation keys an entry shrinks
 * from 88 words to a handful.
 */
export class ConfigurationCache {
  private readonly arena: Uint32Array[] = [];
  private arenaUsed = 0;
  private entries = new Int32Array(256 * entryFields);
  /** Entry number + 1, or 0 for an empty slot. */
  private slots: Int32Array;
  private mask: number;
  count = 0;
  /** Words held by entries (the memory that grows with the search). */
  storedWords = 0;

  constructor(
    private readonly wordsPerSet: number,
    /** Leading words kept whole (unknown-outcome operations); the rest is trimmed. */
    private readonly fixedWords: number,
  ) {
    this.slots = new Int32Array(1 << 9);
    this.mask = (1 << 9) - 1;
  }

  /** Adds the configuration unless present; false when it was there already. */
  insertIfAbsent(set: Uint32Array, setHash: number, stateId: number): boolean {
    const hash = setHash ^ mix32(stateId + 0x632be5ab);
    const total = this.wordsPerSet;
    const fixed = this.fixedWords;
    let start = fixed;
    while (start < total && set[start] === 0xffffffff) start++;
    let end = total;
    while (end > start && set[end - 1] === 0) end--;
    const length = end - start;
    const slots = this.slots;
    const mask = this.mask;
    const entries = this.entries;
    let slot = mix32(hash) & mask;
    for (;;) {
      const stored = slots[slot]!;
      if (stored === 0) break;
      const at = (stored - 1) * entryFields;
      if (entries[at + fieldHash] === hash && entries[at + fieldState] === stateId && entries[at + fieldStart] === start && entries[at + fieldLength] === length) {
        const words = this.arena[entries[at + fieldArena]!]!;
        let base = entries[at + fieldBase]!;
        let same = true;
        for (let word = 0; word < fixed; word++) {
          if (words[base + word] !== set[word]) {
            same = false;
            break;
          }
        }
        if (same) {
          base += fixed - start;
          for (let word = start; word < end; word++) {
            if (words[base + word] !== set[word]) {
              same = false;
              break;
            }
          }
        }
        if (same) return false;
      }
      slot = (slot + 1) & mask;
    }
    const size = fixed + length;
    if (this.arena.length === 0 || this.arenaUsed + size > this.arena[this.arena.length - 1]!.length) {
      const chunkWords = Math.min(arenaChunkWordsMax, arenaChunkWordsFirst * 2 ** this.arena.length);
      this.arena.push(new Uint32Array(Math.max(chunkWords, size)));
      this.arenaUsed = 0;
    }
    const arenaIndex = this.arena.length - 1;
    const words = this.arena[arenaIndex]!;
    const base = this.arenaUsed;
    for (let word = 0; word < fixed; word++) words[base + word] = set[word]!;
    for (let word = start; word < end; word++) words[base + fixed + word - start] = set[word]!;
    this.arenaUsed += size;
    this.storedWords += size;
    const entry = this.count++;
    if ((entry + 1) * entryFields > this.entries.length) {
      const grown = new Int32Array(2 * this.entries.length);
      grown.set(this.entries);
      this.entries = grown;
    }
    const at = entry * entryFields;
    const fields = this.entries;
    fields[at + fieldArena] = arenaIndex;
    fields[at + fieldBase] = base;
    fields[at + fieldStart] = start;
    fields[at + fieldLength] = length;
    fields[at + fieldState] = stateId;
    fields[at + fieldHash] = hash;
    slots[slot] = entry + 1;
    if (2 * this.count > slots.length) this.growTable();
    return true;
  }

  private growTable(): void {
    const capacity = 2 * this.slots.length;
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = mix32(this.entries[entry * entryFields + fieldHash]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  get byteLength(): number {
    return this.arena.reduce((sum, chunk) => sum + chunk.byteLength, 0) + this.entries.byteLength + this.slots.byteLength;
  }
}

/**
 * Lowe's version of Wing & Gong's algorithm. Call and return entries of all operations sit in one
 * doubly linked list in time order. Walking it from the head, a call entry whose operation is legal
 * in the current state (and leads to a configuration not explored before) is "lifted" (its call and
 * return leave the list) and pushed on a stack; reaching a return entry means the operation it
 * belongs to should already have taken effect, so the search backtracks: it pops the last lifted
 * operation, puts its entries back and tries the next call after it. The list is empty when every
 * operation has been placed; a return entry with an empty stack means no order exists.
 */
export class PartitionSearch<State, Input, Output> {
  /** Node 0 is the head sentinel; the call of operation i is node 2i+1, its return node 2i+2. */
  private readonly next: Int32Array;
  private readonly previous: Int32Array;
  /** The set of linearized operations and the XOR of its members' hash words, updated in O(1). */
  private readonly placed: Uint32Array;
  private placedHash = 0;
  private readonly memberHash: Int32Array;
  /** Each operation's bit in `placed` (see the constructor for the layout). */
  private readonly bitOf: Int32Array;
  /** 1 for an operation the model's footprint says never changes the state (a read): see `run`. */
  private readonly keepsState: Uint8Array;
  private readonly stackOperation: Int32Array;
  /** The state id before the operation at that depth took effect, restored on backtracking. */
  private readonly stackState: Int32Array;
  private depth = 0;
  private stateId: number;
  private node: number;
  private best: Int32Array = new Int32Array(0);
  private readonly states: StateTable<State>;
  private readonly transitions: TransitionMemo;
  /** `step` results for states below `denseStateCount`, one row of operations per state (64 Ki entries at most). */
  private readonly dense: Int32Array;
  private readonly denseStateCount: number;
  private readonly cache: ConfigurationCache;
  private outcome: SearchOutcome = 'running';
  stepsUsed = 0;

  constructor(
    private readonly operations: readonly Operation<Input, Output>[],
    private readonly model: Model<State, Input, Output>,
  ) {
    const count = operations.length;
    const nodeCount = 2 * count + 1;
    this.next = new Int32Array(nodeCount).fill(none);
    this.previous = new Int32Array(nodeCount).fill(none);
    // Bit layout for the cache's trimming: operations whose outcome is unknown first (whole words),
    // then completed ones in order of completion, the order in which the search tends to place them.
    const order = entryOrder(operations);
    this.bitOf = new Int32Array(count);
    let unknownCount = 0;
    for (let index = 0; index < count; index++) if (operations[index]!.completionTime === Infinity) this.bitOf[index] = unknownCount++;
    const fixedWords = Math.ceil(unknownCount / 32);
    let nextBit = 32 * fixedWords;
    for (const node of order) {
      const index = (node - 1) >> 1;
      if ((node & 1) === 0 && operations[index]!.completionTime !== Infinity) this.bitOf[index] = nextBit++;
    }
    const wordCount = Math.max(1, Math.ceil(nextBit / 32));
    this.placed = new Uint32Array(wordCount);
    this.memberHash = new Int32Array(count);
    for (let index = 0; index < count; index++) this.memberHash[index] = mix32(Math.imul(index + 1, 0x9e3779b9));
    this.keepsState = new Uint8Array(count);
    if (model.footprint !== undefined) {
      for (let index = 0; index < count; index++) {
        const { input, output } = operations[index]!;
        if (model.footprint(input, output).leaves === 'unchanged') this.keepsState[index] = 1;
      }
    }
    this.stackOperation = new Int32Array(count);
    this.stackState = new Int32Array(count);
    this.cache = new ConfigurationCache(wordCount, fixedWords);
    // Room for 64 questions per operation, 64 Ki entries (768 KiB) at most: etcd_002 asks 241 distinct ones in 1.4 M steps; c50-ok asks 636 K distinct ones in 918 K steps, where no size helps.
    this.denseStateCount = Math.max(1, Math.min(64, Math.floor((1 << 16) / Math.max(1, count))));
    this.dense = new Int32Array(this.denseStateCount * Math.max(1, count));
    this.transitions = new TransitionMemo(Math.min(1 << 16, Math.max(1 << 10, nextPowerOfTwo(64 * count))));
    this.states = new StateTable((state) => model.stateKey(state), count);
    this.stateId = this.states.internInitial(model.initialState());
    let previousNode = 0;
    for (const node of order) {
      this.next[previousNode] = node;
      this.previous[node] = previousNode;
      previousNode = node;
    }
    this.node = this.next[0]!;
  }

  /** The next state id after `operation` from `stateId`, or `illegal`; asks the model once per pair. */
  private transition(stateId: number, operation: number): number {
    // The first states (all of them for a register: a handful of values) have a dense row each.
    if (stateId < this.denseStateCount) {
      // Stored as result + 2 (illegal is -1), so 0 means not computed and the row needs no fill.
      const slot = stateId * this.operations.length + operation;
      const known = this.dense[slot]!;
      if (known !== 0) return known - 2;
      const result = this.computeTransition(stateId, operation);
      this.dense[slot] = result + 2;
      return result;
    }
    const known = this.transitions.get(stateId, operation);
    if (known !== unknown) return known;
    const result = this.computeTransition(stateId, operation);
    this.transitions.set(stateId, operation, result);
    return result;
  }

  private computeTransition(stateId: number, operation: number): number {
    const { input, output } = this.operations[operation]!;
    const nextState = this.model.step(this.states.states[stateId]!, input, output);
    return nextState === undefined ? illegal : this.states.intern(nextState, stateId, operation);
  }

  /**
   * Runs at most `stepBudget` steps (one step: one entry visited or one backtrack).
   *
   * Reads go first, without regret. When an operation that never changes the state (a read) is
   * legal at a call entry, every remaining operation completes at or after its invocation (else the
   * walk would have met that return entry first). So if some order completes the current
   * configuration, moving the read to its front does too: the states stay the same and real time
   * still holds. Hence if the configuration after the read fails (searched, or found in the cache),
   * the current one fails as well, and the search backtracks at once instead of trying the other
   * calls. Only the footprint's word is taken for "never changes the state"; agreement tests
   * against the brute force check verdicts and longest prefixes with it.
   */
  run(stepBudget: number): SearchOutcome {
    if (this.outcome !== 'running') return this.outcome;
    const { next, previous, placed, memberHash, stackOperation, stackState, cache, keepsState, bitOf } = this;
    let node = this.node;
    let stateId = this.stateId;
    let depth = this.depth;
    let placedHash = this.placedHash;
    let steps = 0;
    while (true) {
      if (next[0] === none) {
        this.outcome = 'linearizable';
        break;
      }
      if (steps >= stepBudget) break;
      steps++;
      const operation = (node - 1) >> 1;
      if ((node & 1) === 1) {
        // A call entry: try to linearize its operation now.
        const nextStateId = this.transition(stateId, operation);
        if (nextStateId !== illegal) {
          const word = bitOf[operation]! >>> 5;
          const bit = 1 << (bitOf[operation]! & 31);
          placed[word]! |= bit;
          const hash = placedHash ^ memberHash[operation]!;
          if (cache.insertIfAbsent(placed, hash, nextStateId)) {
            placedHash = hash;
            stackOperation[depth] = operation;
            stackState[depth] = stateId;
            depth++;
            stateId = nextStateId;
            // Lift: the call and its return leave the list; their own links stay for the unlift.
            const returnNode = node + 1;
            let before = previous[node]!;
            let after = next[node]!;
            next[before] = after;
            if (after !== none) previous[after] = before;
            before = previous[returnNode]!;
            after = next[returnNode]!;
            next[before] = after;
            if (after !== none) previous[after] = before;
            node = next[0]!;
            continue;
          }
          placed[word]! &= ~bit;
          // A read whose configuration already failed: this one fails too (see above). Its return
          // entry is next in line for the walk to meet, which backtracks.
          if (keepsState[operation] === 1) {
            node = node + 1;
            continue;
          }
        }
        node = next[node]!;
        continue;
      }
      // A return entry: its operation was not linearized before it completed. Undo the last choice.
      // Between reaching a new depth and the next backtrack nothing is pushed, so the stack here is
      // that deepest configuration: copying it now, not at every push, keeps long runs linear.
      if (depth > this.best.length) this.best = stackOperation.slice(0, depth);
      if (depth === 0) {
        this.outcome = 'not-linearizable';
        break;
      }
      depth--;
      const undone = stackOperation[depth]!;
      stateId = stackState[depth]!;
      placed[bitOf[undone]! >>> 5]! &= ~(1 << (bitOf[undone]! & 31));
      placedHash ^= memberHash[undone]!;
      // Unlift, exactly undoing the lift in reverse order (dancing links).
      const callNode = 2 * undone + 1;
      const returnNode = callNode + 1;
      let before = previous[returnNode]!;
      let after = next[returnNode]!;
      next[before] = returnNode;
      if (after !== none) previous[after] = returnNode;
      before = previous[callNode]!;
      after = next[callNode]!;
      next[before] = callNode;
      if (after !== none) previous[after] = callNode;
      // After a read, the configuration it left fails too: go on backtracking from its return entry.
      node = keepsState[undone] === 1 ? returnNode : next[callNode]!;
    }
    this.node = node;
    this.stateId = stateId;
    this.depth = depth;
    this.placedHash = placedHash;
    this.stepsUsed += steps;
    return this.outcome;
  }

  /** When linearizable: the order in which the operations take effect. */
  linearization(): Operation<Input, Output>[] {
    return Array.from(this.stackOperation.subarray(0, this.depth), (index) => this.operations[index]!);
  }

  /** The deepest stack the search ever reached: the longest linearizable prefix it found. */
  longestPrefix(): Operation<Input, Output>[] {
    return Array.from(this.best, (index) => this.operations[index]!);
  }

  /** Bytes held in typed arrays (cache, transitions, lists): what a long search grows. */
  get byteLength(): number {
    return this.cache.byteLength + this.transitions.byteLength + 4 * (this.next.length + this.previous.length + 2 * this.stackOperation.length + this.placed.length);
  }

  get cacheWordCount(): number {
    return this.cache.storedWords;
  }

  get cacheEntryCount(): number {
    return this.cache.count;
  }

  get stateCount(): number {
    return this.states.states.length;
  }
}
