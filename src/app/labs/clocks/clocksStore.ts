// The clocks lab's store factory: the diagram being edited (saved to localStorage), its clocks, the selection, view options and the physical-time settings.
// One store per page instance. Edits of hand-sized diagrams run on the main thread; imported logs are read and analysed in the clocks worker and handed in with their clocks.

import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  causalSets,
  computeClocks,
  generateExecution,
  generateQuiz,
  tryComputeClocks,
  type CausalSets,
  type ClockAnalysis,
  type EventId,
  type ExecutionIssue,
  type PhysicalClock,
  type ProcessId,
  type Quiz,
} from '../../../kernel/protocols/clocks/index.ts';
import type { DiagramOrientation, TimeAxisMode } from '../../geometry/clocksLayout.ts';
import {
  addLocalEvent,
  addMessage,
  addProcess,
  appendLocalEvent,
  appendMessage,
  deleteEvents,
  exampleDocument,
  fromExecution,
  moveEvent,
  parseStoredDocument,
  removeLastProcess,
  toExecution,
  type ClocksDocument,
  type EditResult,
} from './clocksDocument.ts';
import type { ClocksAnalysed } from '../../../worker/clocksEngine.ts';

export const DOCUMENT_STORAGE_KEY = 'quorum-lab:clocks-document';
/**
 * Above this many events the diagram goes to IndexedDB and localStorage keeps only a note saying so:
 * a 53,000-event log is 5 MB of JSON, near localStorage's quota, and reading it back blocked the page for seconds.
 */
export const LOCAL_STORAGE_EVENT_LIMIT = 2000;

/** What localStorage holds when the diagram itself is in IndexedDB. */
export interface BigDocumentNote {
  readonly storedIn: 'indexeddb';
  readonly eventCount: number;
  readonly name: string;
}

/** Where a big diagram is kept (the clocks worker's IndexedDB on the page, a map in tests); the page reads it back through the worker. */
export interface BigStorage {
  set(key: string, document: ClocksDocument): Promise<void>;
  del(key: string): Promise<void>;
}
/** Above this many events the diagram starts in the compact axis without labels, so it stays responsive. */
export const LARGE_DIAGRAM_EVENTS = 150;

export interface RandomSettings {
  readonly seed: number;
  readonly processCount: number;
  readonly eventCount: number;
}

export interface ViewOptions {
  readonly showLamport: boolean;
  readonly showVector: boolean;
  readonly orientation: DiagramOrientation;
  readonly axis: TimeAxisMode;
  /** Runs of local events on one lane drawn as one glyph (compact axis only). */
  readonly collapseLocalRuns: boolean;
  readonly hiddenProcesses: readonly ProcessId[];
  readonly search: string;
}

export interface Notice {
  readonly tone: 'info' | 'refused';
  readonly text: string;
}

export interface Derived {
  readonly analysis: ClockAnalysis | null;
  /** Why the diagram has no clocks (should not happen: edits refuse impossible diagrams; imports are validated). */
  readonly issues: readonly ExecutionIssue[];
}

export interface QuizState {
  readonly quiz: Quiz;
  /** Pair index → the learner's answer (true: concurrent). */
  readonly answers: Readonly<Record<number, boolean>>;
}

export interface ClocksLabState {
  readonly document: ClocksDocument;
  readonly derived: Derived;
  /** At most two events; the first is the one whose causal past and future are shown. */
  readonly selection: readonly EventId[];
  /** The event whose computation is explained (hover or keyboard focus). */
  readonly explained: EventId | null;
  readonly view: ViewOptions;
  readonly notice: Notice | null;
  readonly clocks: Readonly<Record<ProcessId, PhysicalClock>>;
  readonly epsilonMs: number;
  readonly lwwSkewMs: number;
  readonly quiz: QuizState | null;
  readonly actions: ClocksLabActions;
}

export interface ClocksLabActions {
  addLocal(process: ProcessId, timeTicks: number): void;
  appendLocal(process: ProcessId): void;
  addMessage(from: ProcessId, sendTimeTicks: number, to: ProcessId, receiveTimeTicks: number): void;
  appendMessage(from: ProcessId, to: ProcessId): void;
  move(eventId: EventId, timeTicks: number): void;
  deleteSelected(): void;
  deleteEvent(eventId: EventId): void;
  addProcess(): void;
  removeProcess(): void;
  /** Click or Enter on an event: select it, or unselect it if it was selected. */
  toggleSelect(eventId: EventId): void;
  clearSelection(): void;
  explain(eventId: EventId | null): void;
  setView(change: Partial<ViewOptions>): void;
  refuse(reason: string): void;
  dismissNotice(): void;
  /** Replace the diagram (an import, a scenario, a Raft run); selection and quiz start over. `analysed`: its clocks, computed in the worker. */
  load(document: ClocksDocument, notice?: string, analysed?: ClocksAnalysed): void;
  loadRandom(settings: RandomSettings): void;
  reset(): void;
  /** Keep the processes, drop every event: a blank page to draw on. */
  clearEvents(): void;
  setClock(process: ProcessId, clock: PhysicalClock): void;
  setEpsilon(epsilonMs: number): void;
  setLwwSkew(skewMs: number): void;
  startQuiz(seed: number, pairCount?: number): void;
  answerQuiz(pairIndex: number, concurrent: boolean): void;
  closeQuiz(): void;
}

export type ClocksLabStore = StoreApi<ClocksLabState>;

export interface ClocksStoreOptions {
  /** localStorage in the app; a stub in tests; null to keep nothing. */
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** IndexedDB in the app, for diagrams above LOCAL_STORAGE_EVENT_LIMIT; without it they are not kept. */
  readonly bigStorage?: BigStorage | null;
  /** A document to start with instead of the stored one (a shared random seed, a Raft run). */
  readonly initial?: ClocksDocument;
}

export function derive(document: ClocksDocument): Derived {
  return derivedOf(tryComputeClocks(toExecution(document)));
}

export function derivedOf(result: ClocksAnalysed): Derived {
  return result.ok ? { analysis: result.analysis, issues: [] } : { analysis: null, issues: result.issues };
}

/** The note left in localStorage when the diagram is in IndexedDB, or null. */
export function readBigDocumentNote(storage: ClocksStoreOptions['storage']): BigDocumentNote | null {
  try {
    const value: unknown = JSON.parse(storage?.getItem(DOCUMENT_STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const note = value as Partial<BigDocumentNote>;
    return note.storedIn === 'indexeddb' && typeof note.eventCount === 'number' && typeof note.name === 'string' ? (note as BigDocumentNote) : null;
  } catch {
    return null;
  }
}

export function randomDocument(settings: RandomSettings): ClocksDocument {
  const execution = generateExecution({ seed: settings.seed, processCount: settings.processCount, eventCount: settings.eventCount });
  const analysis = computeClocks(execution);
  return fromExecution(execution, { kind: 'random', ...settings }, analysis.topologicalOrder);
}

export function defaultView(document: ClocksDocument): ViewOptions {
  const large = document.events.length > LARGE_DIAGRAM_EVENTS;
  return {
    showLamport: !large,
    showVector: !large,
    orientation: 'horizontal',
    axis: large || document.origin.kind === 'raft' ? 'compact' : 'time',
    collapseLocalRuns: false,
    hiddenProcesses: [],
    search: '',
  };
}

export function readStoredDocument(storage: ClocksStoreOptions['storage']): ClocksDocument | null {
  try {
    return parseStoredDocument(storage?.getItem(DOCUMENT_STORAGE_KEY) ?? null);
  } catch {
    return null; // Storage may be disabled; the example still works.
  }
}

export function createClocksStore(options: ClocksStoreOptions): ClocksLabStore {
  const initial = options.initial ?? readStoredDocument(options.storage) ?? exampleDocument();
  const bigStorage = options.bigStorage ?? null;
  const save = (document: ClocksDocument) => {
    try {
      if (document.events.length > LOCAL_STORAGE_EVENT_LIMIT) {
        if (!bigStorage) {
          options.storage?.removeItem(DOCUMENT_STORAGE_KEY);
          return;
        }
        const note: BigDocumentNote = { storedIn: 'indexeddb', eventCount: document.events.length, name: describeName(document) };
        // The note goes first: a reload during the write finds no stale small diagram to show instead.
        options.storage?.setItem(DOCUMENT_STORAGE_KEY, JSON.stringify(note));
        bigStorage.set(DOCUMENT_STORAGE_KEY, document).catch(() => undefined);
        return;
      }
      options.storage?.setItem(DOCUMENT_STORAGE_KEY, JSON.stringify(document));
      bigStorage?.del(DOCUMENT_STORAGE_KEY).catch(() => undefined);
    } catch {
      // Full or disabled storage: the diagram still works, it just will not survive a reload.
    }
  };
  if (options.initial) save(options.initial);

  return createStore<ClocksLabState>()((set, get) => {
    const setDocument = (document: ClocksDocument, extra: Partial<ClocksLabState> = {}, analysed?: ClocksAnalysed) => {
      const derived = analysed ? derivedOf(analysed) : derive(document);
      const ids = new Set(document.events.map((event) => event.id));
      const { selection, explained } = get();
      set({
        document,
        derived,
        selection: selection.filter((id) => ids.has(id)),
        explained: explained !== null && ids.has(explained) ? explained : null,
        ...extra,
      });
      save(document);
    };
    const applyEdit = (result: EditResult, select?: (created: readonly EventId[]) => readonly EventId[]) => {
      if (!result.ok) {
        set({ notice: { tone: 'refused', text: result.reason } });
        return;
      }
      setDocument(result.document, { notice: null, quiz: null, ...(select && result.created ? { selection: select(result.created) } : {}) });
    };
    const actions: ClocksLabActions = {
      addLocal: (process, timeTicks) => applyEdit(addLocalEvent(get().document, process, timeTicks)),
      appendLocal: (process) => applyEdit(appendLocalEvent(get().document, process)),
      addMessage: (from, sendTimeTicks, to, receiveTimeTicks) => applyEdit(addMessage(get().document, from, sendTimeTicks, to, receiveTimeTicks)),
      appendMessage: (from, to) => applyEdit(appendMessage(get().document, from, to)),
      move: (eventId, timeTicks) => applyEdit(moveEvent(get().document, eventId, timeTicks)),
      deleteSelected: () => applyEdit(deleteEvents(get().document, get().selection)),
      deleteEvent: (eventId) => applyEdit(deleteEvents(get().document, [eventId])),
      addProcess: () => applyEdit(addProcess(get().document)),
      removeProcess: () => applyEdit(removeLastProcess(get().document)),
      toggleSelect: (eventId) => {
        const { selection } = get();
        if (selection.includes(eventId)) set({ selection: selection.filter((id) => id !== eventId) });
        // A third pick keeps the latest one: comparing is always "the last two I chose".
        else set({ selection: selection.length >= 2 ? [selection[1] as EventId, eventId] : [...selection, eventId] });
      },
      clearSelection: () => set({ selection: [] }),
      explain: (eventId) => {
        if (get().explained !== eventId) set({ explained: eventId });
      },
      setView: (change) => set({ view: { ...get().view, ...change } }),
      refuse: (reason) => set({ notice: { tone: 'refused', text: reason } }),
      dismissNotice: () => set({ notice: null }),
      load: (document, notice, analysed) => {
        setDocument(
          document,
          {
            selection: [],
            explained: null,
            quiz: null,
            view: { ...defaultView(document), orientation: get().view.orientation },
            notice: notice ? { tone: 'info', text: notice } : null,
          },
          analysed,
        );
      },
      loadRandom: (settings) => actions.load(randomDocument(settings), `A random execution: seed ${settings.seed}, ${settings.processCount} processes, ${settings.eventCount} events.`),
      reset: () => actions.load(exampleDocument(), 'Back to the example diagram.'),
      clearEvents: () => {
        const { document } = get();
        setDocument({ ...document, events: [], messages: [], edited: true }, { selection: [], explained: null, quiz: null, notice: null, view: { ...get().view, axis: 'time', collapseLocalRuns: false } });
      },
      setClock: (process, clock) => set({ clocks: { ...get().clocks, [process]: clock } }),
      setEpsilon: (epsilonMs) => set({ epsilonMs }),
      setLwwSkew: (lwwSkewMs) => set({ lwwSkewMs }),
      startQuiz: (seed, pairCount = 5) => {
        const { analysis } = get().derived;
        if (!analysis) return;
        set({ quiz: { quiz: generateQuiz(analysis, { seed, pairCount }), answers: {} }, selection: [] });
      },
      answerQuiz: (pairIndex, concurrent) => {
        const quiz = get().quiz;
        if (!quiz || pairIndex in quiz.answers) return;
        set({ quiz: { ...quiz, answers: { ...quiz.answers, [pairIndex]: concurrent } } });
      },
      closeQuiz: () => set({ quiz: null }),
    };
    return {
      document: initial,
      derived: derive(initial),
      selection: [],
      explained: null,
      view: defaultView(initial),
      notice: null,
      // p1's clock starts 20 ms fast, so the skew view has something to show at once.
      clocks: { p1: { offsetMs: 20, driftPpm: 0 } },
      epsilonMs: 4,
      lwwSkewMs: 5,
      quiz: null,
      actions,
    };
  });
}

function describeName(document: ClocksDocument): string {
  return document.origin.kind === 'shiviz' ? document.origin.name : document.origin.kind;
}

/** Causal past, future and concurrent sets of the first selected event, or null. Memoised per analysis and event. */
const causalCache = new WeakMap<ClockAnalysis, Map<EventId, CausalSets>>();
export function causalSetsOf(analysis: ClockAnalysis | null, eventId: EventId | undefined): CausalSets | null {
  if (!analysis || eventId === undefined || !analysis.index.eventIndex.has(eventId)) return null;
  let perEvent = causalCache.get(analysis);
  if (!perEvent) {
    perEvent = new Map();
    causalCache.set(analysis, perEvent);
  }
  let sets = perEvent.get(eventId);
  if (!sets) {
    sets = causalSets(analysis, eventId);
    perEvent.set(eventId, sets);
  }
  return sets;
}

// Module-scope selectors: each returns a reference the store already holds, so components re-render only when it changes.
export const selectDocument = (state: ClocksLabState) => state.document;
export const selectAnalysis = (state: ClocksLabState) => state.derived.analysis;
export const selectIssues = (state: ClocksLabState) => state.derived.issues;
export const selectSelection = (state: ClocksLabState) => state.selection;
export const selectExplained = (state: ClocksLabState) => state.explained;
export const selectView = (state: ClocksLabState) => state.view;
export const selectNotice = (state: ClocksLabState) => state.notice;
export const selectClocks = (state: ClocksLabState) => state.clocks;
export const selectEpsilon = (state: ClocksLabState) => state.epsilonMs;
export const selectLwwSkew = (state: ClocksLabState) => state.lwwSkewMs;
export const selectQuiz = (state: ClocksLabState) => state.quiz;
export const selectActions = (state: ClocksLabState) => state.actions;
