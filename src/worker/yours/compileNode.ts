// The learner's JavaScript, made into a node the kernel can host (a NodeFactory). Three guards:
// (1) only the lab's API is in reach — clocks, Math.random, timers, network and the worker's own
// globals are shadowed, so a run stays deterministic; (2) every loop counts its turns and a callback
// that exceeds its step budget is stopped with the loop's line (an endless loop must not freeze the
// page); (3) whatever the code throws becomes a sentence with its line in the learner's text.
// Each node (and each restart) evaluates the whole text afresh: top-level variables are per node.

import { parser } from '@lezer/javascript';
import type { CodePlace, DescribeError, NodeApi, NodeFactory, NodeProgram } from '../../kernel/protocols/yours/types.ts';

/** Loop turns one callback may take (elections need a handful per peer). */
export const STEP_BUDGET = 100_000;

const FILE_NAME = 'your-node.js';

export class StepBudgetError extends Error {
  override name = 'StepBudgetError';
  constructor(readonly line: number) {
    super(`ran more than ${STEP_BUDGET.toLocaleString('en')} loop turns in one callback: stopped (an endless loop?)`);
  }
}

export type CompileResult =
  | { readonly ok: true; readonly factory: NodeFactory; readonly describeError: DescribeError }
  | { readonly ok: false; readonly message: string; readonly place: CodePlace | null };

/** Names a node cannot reach (each shadowed by a local of the same name). */
const SHADOWED = ['globalThis', 'self', 'window', 'document', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'requestAnimationFrame', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Worker', 'importScripts', 'postMessage', 'performance', 'crypto', 'process', 'require', 'eval', 'Function'] as const;
const API_NAMES = ['id', 'peers', 'send', 'setTimer', 'cancelTimer', 'random', 'report', 'disk', 'log'] as const;

function placeAt(source: string, offset: number): CodePlace {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Insert a budget check at the top of every loop body; lines stay where they were. */
export function instrumentLoops(source: string): { readonly code: string; readonly syntaxError: CodePlace | null } {
  const insertions: { at: number; text: string }[] = [];
  let syntaxError: CodePlace | null = null;
  parser.parse(source).iterate({
    enter(node) {
      if (node.type.isError && syntaxError === null) syntaxError = placeAt(source, node.from);
      if (node.name !== 'ForStatement' && node.name !== 'WhileStatement' && node.name !== 'DoStatement') return;
      const loop = node.node;
      const body = loop.name === 'DoStatement' ? loop.firstChild?.nextSibling : loop.lastChild;
      if (!body) return;
      const line = placeAt(source, loop.from).line;
      if (body.name === 'Block') insertions.push({ at: body.from + 1, text: `__tick(${line});` });
      else {
        insertions.push({ at: body.from, text: `{__tick(${line});` });
        insertions.push({ at: body.to, text: '}' });
      }
    },
  });
  insertions.sort((a, b) => b.at - a.at);
  let code = source;
  for (const { at, text } of insertions) code = code.slice(0, at) + text + code.slice(at);
  return { code, syntaxError };
}

function bodyOf(code: string): string {
  return [
    '"use strict";',
    `const {${API_NAMES.join(', ')}} = __api;`,
    `const console = __console, Math = __Math, Date = __Date;`,
    `const ${SHADOWED.filter((name) => name !== 'eval').map((name) => `${name} = undefined`).join(', ')};`,
    'return (function () {',
    code,
    '\n;return (typeof node === "object" && node !== null) ? node : {',
    '  onStart: typeof onStart === "function" ? onStart : undefined,',
    '  onMessage: typeof onMessage === "function" ? onMessage : undefined,',
    '  onTimer: typeof onTimer === "function" ? onTimer : undefined,',
    '};',
    '})();',
    `//# sourceURL=${FILE_NAME}`,
  ].join('\n');
}

type Compiled = (api: NodeApi, tick: (line: number) => void, console: unknown, math: Math, date: unknown) => NodeProgram;

function build(code: string): Compiled {
  // The one place code from text is run: the learner's node, inside the lab's worker.
  return new Function('__api', '__tick', '__console', '__Math', '__Date', bodyOf(code)) as Compiled;
}

/** Which line of the generated function the learner's line 1 lands on (engines differ in the header). */
let lineOffset: number | null = null;
function firstSourceLine(): number {
  if (lineOffset !== null) return lineOffset;
  try {
    build('throw new Error("probe");')(probeApi, () => {}, {}, Math, {});
  } catch (error) {
    const match = matchPlace(error);
    lineOffset = match ? match.line : 0;
  }
  return lineOffset ?? 0;
}

const probeApi = { disk: {} } as unknown as NodeApi;

function matchPlace(error: unknown): CodePlace | null {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const match = new RegExp(`${FILE_NAME.replace('.', '\\.')}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

const deterministicMath: Math = Object.create(Math, {
  random: {
    value: () => {
      throw new Error('Math.random() is not allowed here (it would make runs unrepeatable): use random(), which is seeded');
    },
  },
});

function forbiddenDate(): never {
  throw new Error('Date is not available: a node has no clock here; time comes only from setTimer');
}
forbiddenDate.now = forbiddenDate;

export function compileNode(source: string): CompileResult {
  if (source.length > 200_000) return { ok: false, message: 'The node is longer than 200,000 characters.', place: null };
  const { code, syntaxError } = instrumentLoops(source);
  let compiled: Compiled;
  try {
    compiled = build(code);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Syntax error${syntaxError ? ` at line ${(syntaxError as CodePlace).line}, column ${(syntaxError as CodePlace).column}` : ''}: ${message}`, place: syntaxError };
  }
  const offset = firstSourceLine();
  const describeError: DescribeError = (error) => {
    if (error instanceof StepBudgetError) return { message: `${error.message} — the loop at line ${error.line}`, place: { line: error.line, column: 1 } };
    const raw = matchPlace(error);
    const place = raw && raw.line >= offset ? { line: raw.line - offset + 1, column: raw.column } : null;
    const text = error instanceof Error ? `${error.name === 'Error' || error.name === 'ApiError' ? '' : `${error.name}: `}${error.message}` : `threw ${describeValue(error)}`;
    return { message: place ? `${text} (line ${place.line})` : text, place };
  };
  const factory: NodeFactory = (api) => {
    let turns = 0;
    const tick = (line: number) => {
      turns += 1;
      if (turns > STEP_BUDGET) throw new StepBudgetError(line);
    };
    const logTo = { log: api.log, info: api.log, warn: api.log, error: api.log, debug: api.log };
    const program = compiled(api, tick, logTo, deterministicMath, forbiddenDate);
    if (typeof program !== 'object' || program === null) throw new Error('the node must define onStart, onMessage and onTimer (or an object named node)');
    // A fresh budget for every callback.
    const wrap = <Args extends unknown[]>(callback: ((...args: Args) => void) | undefined) =>
      typeof callback === 'function'
        ? (...args: Args) => {
            turns = 0;
            callback.apply(program, args);
          }
        : undefined;
    return { onStart: wrap(program.onStart), onMessage: wrap(program.onMessage), onTimer: wrap(program.onTimer) };
  };
  return { ok: true, factory, describeError };
}

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
