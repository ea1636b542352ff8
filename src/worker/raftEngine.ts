// The Raft lab's engine: owns the one mutable run and answers every call with a plain-data update.
// It is the worker's whole API (see raft.worker.ts); it takes a wall clock so tests can drive it in Node.

import { applyCommand, createRaftRun, raftFrame, type RaftFrame, type RaftRun } from '../kernel/protocols/raft/run.ts';
import { validateRaftConfig, type RaftConfig } from '../kernel/protocols/raft/simulation.ts';
import type { RaftCommand } from '../kernel/protocols/raft/commands.ts';
import type { Violation } from '../kernel/protocols/raft/invariants.ts';
import type { RaftBug, RaftFeatures } from '../kernel/protocols/raft/types.ts';
import { chaosCommandsBetween, type ScheduledCommand } from '../kernel/protocols/raft/fault-schedule.ts';
import type { RaftTraceEvent } from '../kernel/protocols/raft/trace.ts';
import { parseScenario } from '../scenario/parse.ts';
import { applyScenarioStep, type StepOutcome } from '../scenario/raft-runner.ts';
import type { ScenarioError } from '../scenario/lexer.ts';
import type { RaftScenario } from '../scenario/raft.ts';

/** What every call returns: the frame at the viewed moment plus the trace the receiver lacks. */
export interface RaftUpdate {
  readonly frame: RaftFrame;
  /**
   * Index of `events[0]` in the whole trace. The receiver truncates its copy there and appends
   * `events`; when it is beyond the end of its copy, the receiver starts a new copy there.
   */
  readonly traceFrom: number;
  readonly events: readonly RaftTraceEvent[];
  /** Grows by one each time a fork discarded trace events the receiver already had. */
  readonly traceEpoch: number;
  /** False while the view is behind the recorded head (acting then forks the run). */
  readonly atHead: boolean;
  /** For advance calls: whether the requested time was reached within the wall budget. */
  readonly reached: boolean;
  /**
   * Every safety violation the checker has seen in this branch of the run, up to its head (the
   * run is always checked). Some may lie after the viewed moment, in the recorded future.
   */
  readonly violations: readonly Violation[];
  /** Chaos mode as the engine applies it, and how many faults it has injected into this run. */
  readonly chaos: ChaosState;
}

export interface ChaosSettings {
  readonly enabled: boolean;
  /** The chance, per 100 ms window of virtual time, that a fault comes (see fault-schedule.ts). */
  readonly intensityPercent: number;
}

export interface ChaosState extends ChaosSettings {
  /** Faults chaos mode recorded in this branch of the run (each is a user action in the trace). */
  readonly faultCount: number;
}

export type RaftInitResult = { readonly ok: true; readonly update: RaftUpdate } | { readonly ok: false; readonly problems: readonly string[] };

/** A scenario's steps as the app lists them: its line, what was written, and what kind of step. */
export interface ScenarioStepView {
  readonly line: number;
  readonly text: string;
  readonly kind: RaftScenario['steps'][number]['kind'];
  /** For `run` steps: how much virtual time to play. */
  readonly durationMs: number | null;
  /** The comment lines just above the step: what the lesson says at this point ('' when none). */
  readonly narration: string;
}

export interface ScenarioOverrides {
  readonly bugs?: readonly RaftBug[];
  readonly features?: RaftFeatures;
}

export type ScenarioLoadResult =
  | { readonly ok: true; readonly config: RaftConfig; readonly steps: readonly ScenarioStepView[]; readonly update: RaftUpdate }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export interface ScenarioStepResult {
  readonly outcome: StepOutcome;
  readonly update: RaftUpdate;
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
/**
 * Most trace events per update. At max speed the run makes far more events than a page can hold
 * or draw; the update then carries only the newest ones (`traceFrom` jumps ahead).
 */
const MAX_EVENTS_PER_UPDATE = 5_000;
/** At max speed the run advances in strides this long, checking the trace and wall budgets between. */
const MAX_SPEED_STRIDE_MS = 1_000;
export const DEFAULT_CHAOS_INTENSITY_PERCENT = 20;

export interface RaftEngine {
  init(config: RaftConfig): RaftInitResult;
  /** Apply a user command at the viewed moment (forks the run when the view is in the past). */
  command(command: RaftCommand): RaftUpdate;
  /** Run (or replay) forward to `timeMs`, stopping early when `wallBudgetMs` of real time is spent. */
  advanceTo(timeMs: number, wallBudgetMs: number): RaftUpdate;
  /** "As fast as the machine allows": run for `wallBudgetMs` of real time. */
  advanceFor(wallBudgetMs: number): RaftUpdate;
  stepToNextEvent(): RaftUpdate;
  seek(timeMs: number): RaftUpdate;
  update(): RaftUpdate;
  /**
   * Parse a scenario and start a fresh run with its header's config; its steps wait to be played.
   * `overrides` replace the header's break-it switches or extensions (the lab's switches applied
   * to a preset: Figure 8 with the commit-old-term bug on, a bug preset with its bug off).
   */
  loadScenario(source: string, overrides?: ScenarioOverrides): ScenarioLoadResult;
  /**
   * Carry out the scenario's step `index` now (commands and expectations). The app plays `run`
   * steps itself at the chosen speed; asked here, a `run` step advances at once.
   */
  scenarioStep(index: number): ScenarioStepResult;
  /**
   * Chaos mode (a Jepsen-style nemesis): while enabled, every advance beyond the recorded head
   * applies the faults `chaosCommandsBetween` draws for that stretch of time, each at its own
   * moment and recorded like a user action, so scrubbing back replays them exactly.
   */
  setChaos(settings: ChaosSettings): RaftUpdate;
}

export function createRaftEngine(wallClockMs: () => number): RaftEngine {
  let run: RaftRun | null = null;
  /** How much of the trace the receiver holds. */
  let sentTraceLength = 0;
  let traceEpoch = 0;
  let scenario: RaftScenario | null = null;
  let chaos: ChaosSettings = { enabled: false, intensityPercent: DEFAULT_CHAOS_INTENSITY_PERCENT };
  /** Chaos has considered every moment before this one (in the current branch). */
  let chaosFromMs = 0;
  /** Chaos faults recorded in the current branch, by the time they were applied. */
  let chaosFaultTimes: number[] = [];

  const requireRun = (): RaftRun => {
    if (!run) throw new Error('The Raft engine has no run yet: call init(config) first.');
    return run;
  };

  const makeUpdate = (reached = true): RaftUpdate => {
    const { history } = requireRun();
    // Far behind (max speed): skip to the newest events; the receiver starts its copy over there.
    const traceFrom = Math.max(sentTraceLength, history.trace.length - MAX_EVENTS_PER_UPDATE);
    const events = history.trace.slice(traceFrom, traceFrom + MAX_EVENTS_PER_UPDATE);
    sentTraceLength = traceFrom + events.length;
    const currentRun = requireRun();
    return {
      frame: raftFrame(currentRun),
      traceFrom,
      events,
      traceEpoch,
      atHead: history.atHead,
      reached,
      // A copy: the checker's own array keeps growing (and in-process callers would see it move).
      violations: currentRun.checker ? currentRun.checker.violations.slice() : [],
      chaos: { ...chaos, faultCount: chaosFaultTimes.length },
    };
  };

  const startRun = (config: RaftConfig) => {
    // Always checked: the safety lab's invariant panel shows what the checker finds.
    run = createRaftRun(config, { checked: true });
    sentTraceLength = 0;
    traceEpoch += 1;
    chaosFromMs = 0;
    chaosFaultTimes = [];
  };

  /** Apply a command, telling the receiver when a fork cut the trace it holds. */
  const applyTracked = (apply: () => void) => {
    const { history } = requireRun();
    const forking = !history.atHead;
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
  };

  /** The next chaos fault due at or before `targetMs`, when chaos is on and the run is at its head. */
  const nextChaosFault = (targetMs: number): ScheduledCommand | undefined => {
    const { config, history } = requireRun();
    const fromMs = Math.max(chaosFromMs, history.viewMs);
    if (fromMs > targetMs) return undefined;
    return chaosCommandsBetween(config.seed, chaos.intensityPercent, config.nodeCount, fromMs, targetMs + 1)[0];
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
      let fault: ScheduledCommand | undefined;
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
        applyCommand(current, fault.command);
        chaosFaultTimes.push(fault.atMs);
        chaosFromMs = fault.atMs + 1;
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
    init(config) {
      const problems = validateRaftConfig(config);
      if (problems.length > 0) return { ok: false, problems };
      scenario = null;
      startRun(config);
      return { ok: true, update: makeUpdate() };
    },

    loadScenario(source, overrides = {}) {
      const parsed = parseScenario(source);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      if (parsed.scenario.lab !== 'raft') {
        return { ok: false, errors: [{ line: 1, column: 1, message: `this is a ${parsed.scenario.lab} scenario: open it in that lab` }] };
      }
      const config: RaftConfig = {
        ...parsed.scenario.config,
        ...(overrides.bugs ? { bugs: [...overrides.bugs] } : {}),
        ...(overrides.features ? { features: overrides.features } : {}),
      };
      scenario = { ...parsed.scenario, config };
      startRun(config);
      const steps = scenario.steps.map((step) => ({
        line: step.line,
        text: step.text,
        kind: step.kind,
        durationMs: step.kind === 'run' ? step.durationMs : null,
        narration: step.narration,
      }));
      return { ok: true, config: scenario.config, steps, update: makeUpdate() };
    },

    scenarioStep(index) {
      const step = scenario?.steps[index];
      if (!step) throw new Error(`The loaded scenario has no step ${index}.`);
      let outcome: StepOutcome = { kind: 'error', detail: 'not run' };
      applyTracked(() => {
        outcome = applyScenarioStep(requireRun(), step);
      });
      return { outcome, update: makeUpdate() };
    },

    command(command) {
      // applyCommand, not history.apply: a fork must rebuild the invariant checker too.
      applyTracked(() => applyCommand(requireRun(), command));
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
      history.seek(Math.min(Math.max(0, timeMs), history.headMs));
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
      chaos = { enabled: settings.enabled, intensityPercent };
      return makeUpdate();
    },
  };
}
