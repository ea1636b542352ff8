// Clocks scenario language: the issue's example, every event's clocks, expectations, errors with line and column, the presets.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { runClocksScenario } from './clocks-runner.ts';
import type { ClocksScenario } from './clocks.ts';
import { checkClockCondition, checkVectorsMatchReachability } from '../kernel/protocols/clocks/index.ts';

const PRESETS = join(import.meta.dirname, 'presets');

function parsed(source: string): ClocksScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'clocks') throw new Error(`expected a clocks scenario, got ${result.scenario.lab}`);
  return result.scenario;
}

const ISSUE_EXAMPLE = `clocks processes=p1,p2,p3 seed=3
local p1 a
send p1 p2 m1                 # send event on p1 carrying message m1
local p2 b
recv p2 m1
send p2 p3 m2
recv p3 m2
expect p1:a -> p3:recv(m2)    # happens-before; also ||
`;

describe('parsing', () => {
  it('reads the example of the issue', () => {
    const scenario = parsed(ISSUE_EXAMPLE);
    expect(scenario.processes).toEqual(['p1', 'p2', 'p3']);
    expect(scenario.seed).toBe(3);
    expect(scenario.steps.map((step) => step.kind)).toEqual(['local', 'send', 'local', 'recv', 'send', 'recv', 'expect']);
    expect(scenario.steps[1]).toMatchObject({ kind: 'send', from: 'p1', to: 'p2', message: 'm1', eventId: 'p1:send(m1)', line: 3, text: 'send p1 p2 m1' });
    expect(scenario.steps[6]).toMatchObject({ kind: 'expect', operator: '->', firstId: 'p1:a', secondId: 'p3:recv(m2)' });
    expect(scenario.execution.events.map((event) => event.id)).toEqual(['p1:a', 'p1:send(m1)', 'p2:b', 'p2:recv(m1)', 'p2:send(m2)', 'p3:recv(m2)']);
  });

  it('reads || as concurrent, also as ∥, and p1:2 as the second event on p1', () => {
    const scenario = parsed('clocks processes=p1,p2\nlocal p1 a\nlocal p1 b\nlocal p2 c\nexpect p1:a || p2:c\nexpect p1:2 ∥ p2:1\nexpect p1:1 → p1:b\n');
    expect(scenario.steps.slice(3).map((step) => step.kind === 'expect' && [step.operator, step.firstId, step.secondId])).toEqual([
      ['||', 'p1:a', 'p2:c'],
      ['||', 'p1:b', 'p2:c'],
      ['->', 'p1:a', 'p1:b'],
    ]);
  });

  it('lets an expectation name an event written further down', () => {
    const scenario = parsed('clocks processes=p1,p2\nexpect p1:a -> p2:recv(m)\nlocal p1 a\nsend p1 p2 m\nrecv p2 m\n');
    expect(runClocksScenario(scenario).allHeld).toBe(true);
  });

  const bad: readonly [string, string, number, number, RegExp][] = [
    ['wrong lab', 'clock processes=p1\n', 1, 1, /first line must name the lab \(.*clocks.*\), got "clock"/],
    ['unknown option', 'clocks processes=p1,p2 nodes=3\n', 1, 24, /unknown option "nodes"/],
    ['too many processes', 'clocks processes=a,b,c,d,e,f,g,h,i\n', 1, 18, /1 to 8 names, got 9/],
    ['process named twice', 'clocks processes=p1,p2,p1\n', 1, 24, /p1 is named twice/],
    ['empty process name', 'clocks processes=p1,,p2\n', 1, 21, /empty/],
    ['bad seed', 'clocks seed=-1\n', 1, 13, /seed must be a whole number/],
    ['unknown command', 'clocks\n  tick p1\n', 2, 3, /unknown command "tick"/],
    ['unknown process', 'clocks processes=p1,p2\nlocal p3 a\n', 2, 7, /unknown process "p3" \(this scenario has p1, p2\)/],
    ['missing argument', 'clocks\nlocal p1\n', 2, 10, /missing argument: local <process> <name>/],
    ['extra argument', 'clocks\nlocal p1 a b\n', 2, 12, /unexpected "b"/],
    ['send to itself', 'clocks\nsend p1 p1 m\n', 2, 9, /cannot send to itself/],
    ['receive before send', 'clocks\nrecv p2 m1\nsend p1 p2 m1\n', 2, 9, /p2 cannot receive m1: m1 has not been sent yet/],
    ['receive by the wrong process', 'clocks\nsend p1 p2 m1\nrecv p3 m1\n', 3, 9, /addressed to p2/],
    ['message sent twice', 'clocks\nsend p1 p2 m1\nsend p1 p3 m1\n', 3, 12, /already been sent/],
    ['message received twice', 'clocks\nsend p1 p2 m1\nrecv p2 m1\nrecv p2 m1\n', 4, 9, /already been received/],
    ['local name used twice', 'clocks\nlocal p1 a\nlocal p1 a\n', 3, 10, /already an event p1:a/],
    ['name with brackets', 'clocks\nlocal p1 a(b)\n', 2, 10, /may only use letters/],
    ['bad relation', 'clocks\nlocal p1 a\nlocal p2 b\nexpect p1:a < p2:b\n', 4, 13, /expected -> \(happens before\) or \|\| \(concurrent\), got "<"/],
    ['a single bar', 'clocks\nlocal p1 a\nlocal p2 b\nexpect p1:a | p2:b\n', 4, 13, /got "\|"/],
    ['spaced bars', 'clocks\nlocal p1 a\nlocal p2 b\nexpect p1:a | | p2:b\n', 4, 13, /got "\|"/],
    ['missing second event', 'clocks\nlocal p1 a\nexpect p1:a ->\n', 3, 16, /missing the second event/],
    ['event without process', 'clocks\nlocal p1 a\nexpect a -> p1:a\n', 3, 8, /expected an event like p1:a/],
    ['unknown event', 'clocks\nlocal p1 a\nlocal p2 b\nexpect p1:a -> p2:c\n', 4, 16, /no event "p2:c" in this scenario \(events on p2: p2:b\)/],
    ['position past the end', 'clocks\nlocal p1 a\nexpect p1:1 -> p1:5\n', 3, 16, /p1 has 1 event, so there is no event p1:5/],
  ];
  for (const [name, source, line, column, message] of bad) {
    it(`reports ${name} with its line and column`, () => {
      const result = parseScenario(source);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors[0]).toMatchObject({ line, column });
      expect(result.errors[0]!.message).toMatch(message);
    });
  }

  it('reports every bad line, in line order', () => {
    const result = parseScenario('clocks processes=p1,p2\nexpect p1:zz -> p2:1\nlocal p9 a\nrecv p2 nothing\nlocal p2 ok\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
  });

  it('survives hostile input without throwing', () => {
    for (const source of ['clocks\n' + 'x'.repeat(100_000), 'clocks\nlocal p1 <script>alert(1)</script>', 'clocks seed=99999999999999999999', 'clocks processes=' + 'p,'.repeat(1000), 'clocks\nexpect', 'clocks\nexpect p1:a -> -> p1:a']) {
      expect(() => parseScenario(source)).not.toThrow();
      expect(parseScenario(source).ok).toBe(false);
    }
  });
});

describe('running', () => {
  it('stamps the issue example with the Lamport and vector clock rules', () => {
    const result = runClocksScenario(parsed(ISSUE_EXAMPLE));
    expect(result.events).toEqual([
      { id: 'p1:a', process: 'p1', lamport: 1, vector: { p1: 1, p2: 0, p3: 0 } },
      { id: 'p1:send(m1)', process: 'p1', lamport: 2, vector: { p1: 2, p2: 0, p3: 0 } },
      { id: 'p2:b', process: 'p2', lamport: 1, vector: { p1: 0, p2: 1, p3: 0 } },
      // max(local 1, received 2) + 1 = 3; vector max([0,1,0],[2,0,0]) then tick p2.
      { id: 'p2:recv(m1)', process: 'p2', lamport: 3, vector: { p1: 2, p2: 2, p3: 0 } },
      { id: 'p2:send(m2)', process: 'p2', lamport: 4, vector: { p1: 2, p2: 3, p3: 0 } },
      { id: 'p3:recv(m2)', process: 'p3', lamport: 5, vector: { p1: 2, p2: 3, p3: 1 } },
    ]);
    expect(result.allHeld).toBe(true);
    const receive = result.outcomes[3]!.outcome;
    expect(receive.kind === 'event' && receive.lamportExplanation).toBe('receive m1: max(local 1, received 2) + 1 = 3');
  });

  it('a wrong expectation fails with the vector comparison that refutes it', () => {
    const result = runClocksScenario(parsed(ISSUE_EXAMPLE.replace('expect p1:a -> p3:recv(m2)', 'expect p1:a || p3:recv(m2)\nexpect p2:b -> p1:a')));
    expect(result.allHeld).toBe(false);
    const expectations = result.outcomes.filter(({ outcome }) => outcome.kind === 'expect').map(({ outcome }) => outcome);
    expect(expectations[0]).toMatchObject({ ok: false, statement: 'p1:a → p3:recv(m2)' });
    expect(expectations[0]!.kind === 'expect' && expectations[0]!.detail).toMatch(/^expected p1:a ∥ p3:recv\(m2\), but p1:a → p3:recv\(m2\)\. V\(p1:a\) = \[1, 0, 0\]/);
    expect(expectations[1]).toMatchObject({ ok: false, statement: 'p2:b ∥ p1:a' });
  });

  it('a message still in flight at the end is allowed: its send has clocks, nobody has heard of it', () => {
    const result = runClocksScenario(parsed('clocks processes=p1,p2\nsend p1 p2 lost\nlocal p2 b\nexpect p1:send(lost) || p2:b\n'));
    expect(result.allHeld).toBe(true);
    expect(result.events.map((event) => event.vector)).toEqual([{ p1: 1, p2: 0 }, { p1: 0, p2: 1 }]);
  });
});

describe('presets (golden clocks scenarios)', () => {
  const files = readdirSync(PRESETS).filter((file) => file.startsWith('clocks-') && file.endsWith('.scenario'));

  it('there are clocks presets: the issue example, Lamport\'s blind spot, crossing messages', () => {
    expect(files).toEqual(expect.arrayContaining(['clocks-issue-example.scenario', 'clocks-lamport-blind-spot.scenario', 'clocks-crossing-messages.scenario']));
  });

  for (const file of files) {
    it(`${file}: parses, every expectation holds, and the clocks agree with the space-time graph`, () => {
      const result = runClocksScenario(parsed(readFileSync(join(PRESETS, file), 'utf8')));
      const failed = result.outcomes.filter(({ outcome }) => outcome.kind === 'expect' && !outcome.ok);
      expect(failed.map(({ step, outcome }) => `line ${step.line} "${step.text}": ${JSON.stringify(outcome)}`)).toEqual([]);
      expect(result.outcomes.some(({ outcome }) => outcome.kind === 'expect')).toBe(true);
      expect(checkVectorsMatchReachability(result.analysis)).toEqual([]);
      expect(checkClockCondition(result.analysis)).toEqual([]);
    });
  }

  it('the blind-spot preset really has L(a) < L(b) for a concurrent pair', () => {
    const result = runClocksScenario(parsed(readFileSync(join(PRESETS, 'clocks-lamport-blind-spot.scenario'), 'utf8')));
    const lamport = (id: string) => result.events.find((event) => event.id === id)!.lamport;
    expect(lamport('p1:x')).toBeLessThan(lamport('p2:z'));
  });
});
