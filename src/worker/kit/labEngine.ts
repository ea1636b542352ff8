// The kit's engine: everything a simulated lab's worker does besides its protocol — one mutable run,
// play in wall-clock slices, seek, fork, scenarios step by step, chaos faults, the journal a reload
// rebuilds from, and the trace streamed to the page. A lab supplies a `LabDefinition`; see src/README.md.

import type { TimedEvent, TraceStore, RecordedCommand } from '../../kernel/history.ts';
import { parseScenario, type Scenario } from '../../scenario/parse.ts';
import type { ScenarioError } from '../../scenario/lexer.ts';

/** What the engine needs of a run's history (the kernel's `History` has it all). */
export interface LabHistory<Command, TraceEvent extends TimedEvent> {
  readonly trace: TraceStore<TraceEvent>;
  readonly commands: readonly RecordedCommand<Command>[];
  readonly viewMs: number;
  readonly headMs: number;
  readonly atHead: boolean;
  apply(command: Command): void;
  seek(timeMs: number): void;
  advanceTo(timeMs: number, eventBudget?: number): boolean;
  stepToNextEvent(): boolean;
  traceEndIndexAt(timeMs: number): number;
}

/** A run: a simulation under a history, made from a config. */
export interface LabRun<Config, Command, TraceEvent extends TimedEvent = TimedEvent> {
  readonly config: Config;
  readonly history: LabHistory<Command, TraceEvent>;
}

/** A scenario line as the engine keeps it: where it was, what it said, what it does. */
export interface LabScenarioStep {
  readonly line: number;
  readonly text: string;
  readonly kind: string;
  /** The comment lines just above it (absent in grammars without narration). */
  readonly narration?: string;
  /** `run` steps: how much virtual time to play. */
  readonly durationMs?: number;
}

/** A scenario's steps as the page lists them. */
export interface ScenarioStepView<Kind extends string = string> {
  readonly line: number;
  readonly text: string;
  readonly kind: Kind;
  /** For `run` steps: how much virtual time to play (the page plays it at its speed). */
  readonly durationMs: number | null;
  /** The comment lines just above the step: what the lesson says at this point ('' when none). */
  readonly narration: string;
}

export interface ScheduledCommand<Command> {
  readonly atMs: number;
  readonly command: Command;
}

export interface ChaosSettings {
  readonly enabled: boolean;
  /** The chance, per window of virtual time, that a fault comes (the lab's nemesis says how). */
  readonly intensityPercent: number;
}

export interface ChaosState extends ChaosSettings {
  /** Faults chaos mode recorded in this branch of the run (each is a user action in the trace). */
  readonly faultCount: number;
}

/**
 * What a lab is to the engine. `Extra` is what each update carries besides the frame (checker
 * results, statistics); `LabState` is the lab's own bookkeeping per run (made fresh for each run).
 */
export interface LabDefinition<
  Config,
  Command,
  Run extends LabRun<Config, Command, TraceEvent>,
  Frame,
  Step extends LabScenarioStep,
  Outcome,
  TraceEvent extends TimedEvent = TimedEvent,
  LabState = undefined,
  Extra extends object = Record<never, never>,
> {
  /** The word a scenario's first line starts with ('raft', 'quorum', …). */
  readonly lab: string;
  validateConfig(config: Config): readonly string[];
  createRun(config: Config): Run;
  /** Apply a user command (default: `history.apply`). A lab with a checker may rebuild it on a fork here. */
  applyCommand?(run: Run, command: Command): void;
  frame(run: Run): Frame;
  /**
   * The lab's scenario, or null when `scenario` belongs to another lab, or `{ errors }` (line and
   * column) for steps this run cannot carry out (e.g. a `request` for an election-only node).
   */
  scenarioOf(scenario: Scenario): { readonly config: Config; readonly steps: readonly Step[] } | { readonly errors: readonly ScenarioError[] } | null;
  /** Carry out one step now; a `run` step advances virtual time at once. */
  applyStep(run: Run, step: Step): Outcome;
  /** Chaos mode's fault source: the first fault in [fromMs, toMs), drawn from the seed (absent: no chaos mode). */
  nemesis?(config: Config, intensityPercent: number, fromMs: number, toMs: number): ScheduledCommand<Command> | undefined;
  readonly defaultChaosIntensityPercent?: number;
  /** Stream the recorded trace to the page (for timelines); updates then carry `traceFrom`/`events`/`traceEpoch`. */
  readonly streamTrace?: boolean;
  /** The lab's own bookkeeping for a new run. */
  createState?(run: Run): LabState;
  /**
   * After every command, scenario step or chaos fault. `forkedAtMs`: when it was applied in the
   * past, the moment the run forked (the recorded future after it was discarded); else null.
   */
  afterApply?(run: Run, state: LabState, forkedAtMs: number | null): void;
  /** What every update carries besides the kit's fields. */
  extra?(run: Run, state: LabState): Extra;
  /**
   * Writes the user's actions back in the lab's grammar ("Copy as scenario", a shareable link):
   * the header for a config, and the lines for one command, given the run just after it was
   * applied (a drag is written as the partition it made). Absent: the lab cannot export.
   */
  readonly scenarioWriter?: {
    header(config: Config): string;
    command(command: Command, runAfter: Run): readonly string[];
  };
}

/** Every update: the frame at the viewed moment, where the view is, and the lab's extra fields. */
export type LabUpdate<Frame, TraceEvent, Extra> = {
  readonly frame: Frame;
  /** False while the view is behind the recorded head (acting then forks the run). */
  readonly atHead: boolean;
  /** For advance calls: whether the requested time was reached within the wall budget. */
  readonly reached: boolean;
  /** True when the run came from a scenario (its steps wait in the engine). */
  readonly scenarioLoaded: boolean;
  /**
   * Index of `events[0]` in the whole trace: the receiver truncates its copy there and appends
   * `events`; when it is beyond the end of its copy, the receiver starts a new copy there.
   * (Empty unless the lab streams its trace.)
   */
  readonly traceFrom: number;
  readonly events: readonly TraceEvent[];
  /** Grows by one each time a fork (or a new run) discarded trace events the receiver already had. */
  readonly traceEpoch: number;
  readonly chaos: ChaosState;
} & Extra;

export type LabInitResult<Update> = { readonly ok: true; readonly update: Update } | { readonly ok: false; readonly problems: readonly string[] };

export type LabScenarioLoadResult<Config, Update, Kind extends string = string> =
  | { readonly ok: true; readonly config: Config; readonly steps: readonly ScenarioStepView<Kind>[]; readonly update: Update }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export interface LabScenarioStepResult<Outcome, Update> {
  readonly outcome: Outcome;
  readonly update: Update;
}

/** The user's actions in the current branch: enough to rebuild the run after a reload. */
export interface LabJournal<Config, Command> {
  readonly config: Config;
  readonly commands: readonly { readonly timeMs: number; readonly command: Command }[];
  readonly headMs: number;
}

export interface LabEngine<Config, Command, Update, Outcome, Kind extends string = string> {
  init(config: Config): LabInitResult<Update>;
  /** Apply a user command at the viewed moment (forks the run when the view is in the past). */
  command(command: Command): Update;
  /** Run (or replay) forward to `timeMs`, stopping early when `wallBudgetMs` of real time is spent. */
  advanceTo(timeMs: number, wallBudgetMs: number): Update;
  /** "As fast as the machine allows": run for `wallBudgetMs` of real time. */
  advanceFor(wallBudgetMs: number): Update;
  stepToNextEvent(): Update;
  seek(timeMs: number): Update;
  update(): Update;
  /**
   * Parse a scenario and start a fresh run with its header's config; its steps wait to be played.
   * `overrides` replace fields of the header's config (the lab's switches applied to a preset).
   */
  loadScenario(source: string, overrides?: Partial<Config>): LabScenarioLoadResult<Config, Update, Kind>;
  /** Carry out step `index` of the loaded scenario now (a `run` step advances at once). */
  scenarioStep(index: number): LabScenarioStepResult<Outcome, Update>;
  /**
   * Chaos mode (a Jepsen-style nemesis): while enabled, every advance beyond the recorded head
   * applies the faults the lab's nemesis draws for that stretch of time, each at its own moment
   * and recorded like a user action, so scrubbing back replays them exactly.
   */
  setChaos(settings: ChaosSettings): Update;
  journal(): LabJournal<Config, Command>;
  /** Rebuild a run from a journal (a reload): same config, same commands at the same times. */
  restore(journal: LabJournal<Config, Command>): LabInitResult<Update>;
  /**
   * The actions of the current branch as a scenario of the lab's grammar that replays into the same
   * run: header, then `run` to each action's moment and the action, then `run` to the recorded head.
   * Null when the lab has no scenario writer.
   */
  actionsAsScenario(): string | null;
}

/** A duration as a scenario writes it: whole milliseconds, or to the microsecond when the moment fell between two. */
export function formatScenarioMs(durationMs: number): string {
  return `${Number.isInteger(durationMs) ? durationMs : Math.round(durationMs * 1000) / 1000}ms`;
}

/** Events processed between two looks at the wall clock. */
const EVENTS_PER_SLICE = 400;
/** At "max" speed one call never runs more than this much virtual time (an idle cluster would leap). */
const MAX_VIRTUAL_MS_PER_CALL = 60_000;
/**
 * And never records more than about this many trace events: the page has to take in and draw
 * what the worker makes, so "max" is as fast as the page can follow, not just the kernel.
 */
const MAX_NEW_EVENTS_PER_MAX_SPEED_CALL = 3_000;
/** Most trace events per update; further behind, `traceFrom` jumps ahead to the newest ones. */
const MAX_EVENTS_PER_UPDATE = 5_000;
/** At max speed the run advances in strides this long, checking the trace and wall budgets between. */
const MAX_SPEED_STRIDE_MS = 1_000;

/**
 * The engine for one lab. `wallClockMs` is the worker's `performance.now` (a parameter, so Node
 * tests drive it too); it only bounds how long a call works, never what the simulation does.
 */
export function createLabEngine<
  Config,
  Command,
  Run extends LabRun<Config, Command, TraceEvent>,
  Frame,
  Step extends LabScenarioStep,
  Outcome,
  TraceEvent extends TimedEvent = TimedEvent,
  LabState = undefined,
  Extra extends object = Record<never, never>,
>(
  definition: LabDefinition<Config, Command, Run, Frame, Step, Outcome, TraceEvent, LabState, Extra>,
  wallClockMs: () => number,
): LabEngine<Config, Command, LabUpdate<Frame, TraceEvent, Extra>, Outcome, Step['kind']> & {
  /** The run and the lab's state, for a lab's own calls (e.g. the quorum lab's `checkFor`). */
  current(): { readonly run: Run; readonly state: LabState };
} {
  type Update = LabUpdate<Frame, TraceEvent, Extra>;
  let run: Run | null = null;
  let state: LabState = undefined as LabState;
  let scenarioSteps: readonly Step[] | null = null;
  /** How much of the trace the receiver holds. */
  let sentTraceLength = 0;
  let traceEpoch = 0;
  let chaos: ChaosSettings = { enabled: false, intensityPercent: definition.defaultChaosIntensityPercent ?? 20 };
  /** Chaos has considered every moment before this one (in the current branch). */
  let chaosFromMs = 0;
  /** Chaos faults recorded in the current branch, by the time they were applied. */
  let chaosFaultTimes: number[] = [];

  const requireRun = (): Run => {
    if (!run) throw new Error(`The ${definition.lab} engine has no run yet: call init(config) first.`);
    return run;
  };

  const makeUpdate = (reached = true): Update => {
    const current = requireRun();
    const { history } = current;
    let traceFrom = 0;
    let events: readonly TraceEvent[] = [];
    if (definition.streamTrace) {
      // Far behind (max speed): skip to the newest events; the receiver starts its copy over there.
      traceFrom = Math.max(sentTraceLength, history.trace.length - MAX_EVENTS_PER_UPDATE);
      events = history.trace.slice(traceFrom, traceFrom + MAX_EVENTS_PER_UPDATE);
      sentTraceLength = traceFrom + events.length;
    }
    const base = {
      frame: definition.frame(current),
      atHead: history.atHead,
      reached,
      scenarioLoaded: scenarioSteps !== null,
      traceFrom,
      events,
      traceEpoch,
      chaos: { ...chaos, faultCount: chaosFaultTimes.length },
    };
    const extra = definition.extra ? definition.extra(current, state) : ({} as Extra);
    return { ...base, ...extra } as Update;
  };

  const startRun = (config: Config) => {
    run = definition.createRun(config);
    state = definition.createState ? definition.createState(run) : (undefined as LabState);
    sentTraceLength = 0;
    traceEpoch += 1;
    chaosFromMs = 0;
    chaosFaultTimes = [];
  };

  const applyToRun = (current: Run, command: Command) => {
    if (definition.applyCommand) definition.applyCommand(current, command);
    else current.history.apply(command);
  };

  /** Apply something that may fork the run, telling the receiver when a fork cut the trace it holds. */
  const applyTracked = (apply: () => void) => {
    const current = requireRun();
    const { history } = current;
    const forking = !history.atHead;
    const viewMs = history.viewMs;
    // A fork keeps the trace up to the viewed moment and discards the rest.
    const keptLength = forking ? history.traceEndIndexAt(history.viewMs) : sentTraceLength;
    apply();
    if (forking) {
      // The discarded future took its chaos faults with it; chaos resumes from the fork.
      const forkMs = history.headMs;
      chaosFaultTimes = chaosFaultTimes.filter((timeMs) => timeMs <= forkMs);
      chaosFromMs = Math.min(chaosFromMs, forkMs + 1);
    }
    if (forking && keptLength < sentTraceLength) {
      sentTraceLength = keptLength;
      traceEpoch += 1;
    }
    definition.afterApply?.(current, state, forking ? viewMs : null);
  };

  /** The next chaos fault due at or before `targetMs`, when chaos is on and the run is at its head. */
  const nextChaosFault = (targetMs: number): ScheduledCommand<Command> | undefined => {
    const { config, history } = requireRun();
    const fromMs = Math.max(chaosFromMs, history.viewMs);
    if (!definition.nemesis || fromMs > targetMs) return undefined;
    return definition.nemesis(config, chaos.intensityPercent, fromMs, targetMs + 1);
  };

  /**
   * Run (or replay) to `targetMs`, applying chaos faults beyond the recorded head on the way.
   * Returns false when the wall-clock deadline came first.
   */
  const advanceRun = (targetMs: number, deadlineMs: number): boolean => {
    const current = requireRun();
    const { history } = current;
    for (;;) {
      let stopMs = targetMs;
      let fault: ScheduledCommand<Command> | undefined;
      if (chaos.enabled) {
        // Replaying the recorded past re-applies its recorded faults; new ones only beyond the head.
        if (!history.atHead) stopMs = Math.min(targetMs, Math.max(history.headMs, history.viewMs));
        else {
          fault = nextChaosFault(targetMs);
          if (fault) stopMs = fault.atMs;
        }
      }
      // Equal times still go through advanceTo: recorded commands due right now must be re-applied.
      let reached = stopMs < history.viewMs;
      while (!reached) {
        reached = history.advanceTo(stopMs, EVENTS_PER_SLICE);
        if (!reached && wallClockMs() >= deadlineMs) return false;
      }
      if (fault) {
        const scheduled = fault;
        applyToRun(current, scheduled.command);
        definition.afterApply?.(current, state, null);
        chaosFaultTimes.push(scheduled.atMs);
        chaosFromMs = scheduled.atMs + 1;
        continue;
      }
      if (stopMs >= targetMs) {
        if (chaos.enabled && history.atHead) chaosFromMs = Math.max(chaosFromMs, targetMs + 1);
        return true;
      }
      if (wallClockMs() >= deadlineMs) return false;
    }
  };

  return {
    current() {
      return { run: requireRun(), state };
    },

    init(config) {
      const problems = definition.validateConfig(config);
      if (problems.length > 0) return { ok: false, problems };
      scenarioSteps = null;
      startRun(config);
      return { ok: true, update: makeUpdate() };
    },

    loadScenario(source, overrides = {}) {
      const parsed = parseScenario(source);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      const scenario = definition.scenarioOf(parsed.scenario);
      if (!scenario) {
        return { ok: false, errors: [{ line: 1, column: 1, message: `this is a ${parsed.scenario.lab} scenario: open it in that lab` }] };
      }
      if ('errors' in scenario) return { ok: false, errors: scenario.errors };
      const config: Config = { ...scenario.config, ...overrides };
      const problems = definition.validateConfig(config);
      if (problems.length > 0) return { ok: false, errors: [{ line: 1, column: 1, message: problems.join('; ') }] };
      scenarioSteps = scenario.steps;
      startRun(config);
      const steps = scenario.steps.map((step) => ({
        line: step.line,
        text: step.text,
        kind: step.kind as Step['kind'],
        durationMs: step.kind === 'run' ? (step.durationMs ?? null) : null,
        narration: step.narration ?? '',
      }));
      return { ok: true, config, steps, update: makeUpdate() };
    },

    scenarioStep(index) {
      const step = scenarioSteps?.[index];
      if (!step) throw new Error(`The loaded scenario has no step ${index}.`);
      let outcome: Outcome | undefined;
      applyTracked(() => {
        outcome = definition.applyStep(requireRun(), step);
      });
      return { outcome: outcome as Outcome, update: makeUpdate() };
    },

    command(command) {
      applyTracked(() => applyToRun(requireRun(), command));
      return makeUpdate();
    },

    advanceTo(timeMs, wallBudgetMs) {
      const { history } = requireRun();
      const deadline = wallClockMs() + wallBudgetMs;
      const target = Math.floor(timeMs);
      const reached = target <= history.viewMs || advanceRun(target, deadline);
      return makeUpdate(reached);
    },

    advanceFor(wallBudgetMs) {
      const { history } = requireRun();
      const deadline = wallClockMs() + wallBudgetMs;
      const limit = history.viewMs + MAX_VIRTUAL_MS_PER_CALL;
      const traceLimit = history.trace.length + MAX_NEW_EVENTS_PER_MAX_SPEED_CALL;
      while (history.viewMs < limit && history.trace.length < traceLimit) {
        if (!advanceRun(Math.min(limit, history.viewMs + MAX_SPEED_STRIDE_MS), deadline)) break;
        if (wallClockMs() >= deadline) break;
      }
      return makeUpdate(true);
    },

    stepToNextEvent() {
      requireRun().history.stepToNextEvent();
      return makeUpdate();
    },

    seek(timeMs) {
      const { history } = requireRun();
      history.seek(Math.min(Math.max(0, Math.floor(timeMs)), history.headMs));
      return makeUpdate();
    },

    update() {
      return makeUpdate();
    },

    setChaos(settings) {
      const { history } = requireRun();
      const intensityPercent = Math.max(0, Math.min(100, Math.round(settings.intensityPercent)));
      // Turned on now: faults start after the head, never in the recorded past.
      if (settings.enabled && !chaos.enabled) chaosFromMs = Math.max(chaosFromMs, history.headMs + 1);
      chaos = { enabled: settings.enabled && definition.nemesis !== undefined, intensityPercent };
      return makeUpdate();
    },

    journal() {
      const { config, history } = requireRun();
      return { config, commands: history.commands.map(({ timeMs, command }) => ({ timeMs, command })), headMs: history.headMs };
    },

    actionsAsScenario() {
      const writer = definition.scenarioWriter;
      if (!writer) return null;
      const { config, history } = requireRun();
      // Replayed on a fresh run beside the current one, so each command is written with the network it made.
      const replay = definition.createRun(config);
      const lines = [
        `# Your actions in the ${definition.lab} lab, as a scenario: open it in the lab (Scenario, "Or a file"), share`,
        `# its link, or run it with \`npm run scenario\`. It replays into the same run: same seed, same moments.`,
        writer.header(config),
      ];
      let nowMs = 0;
      for (const { timeMs, command } of history.commands) {
        if (timeMs > nowMs) {
          lines.push(`run ${formatScenarioMs(timeMs - nowMs)}`);
          replay.history.advanceTo(timeMs);
          nowMs = timeMs;
        }
        applyToRun(replay, command);
        lines.push(...writer.command(command, replay));
      }
      if (history.headMs > nowMs) lines.push(`run ${formatScenarioMs(history.headMs - nowMs)}`);
      return `${lines.join('\n')}\n`;
    },

    restore(journal) {
      const problems = definition.validateConfig(journal.config);
      if (problems.length > 0) return { ok: false, problems };
      scenarioSteps = null;
      startRun(journal.config);
      const current = requireRun();
      for (const { timeMs, command } of journal.commands) {
        current.history.advanceTo(timeMs);
        applyTracked(() => applyToRun(current, command));
      }
      current.history.advanceTo(journal.headMs);
      return { ok: true, update: makeUpdate() };
    },
  };
}
