// ShiViz logs: the real example files, round trips through export, and broken variants with their line numbers.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateExecution } from './random.ts';
import { computeClocks, vectorRecord, type ClockAnalysis } from './logical.ts';
import type { Execution } from './execution.ts';
import {
  exportShivizLog,
  importShivizLog,
  importShivizUpload,
  toJavaScriptRegexSource,
  type ShivizExecution,
  type ShivizImportResult,
} from './shiviz.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const readExternal = (...parts: string[]) => readFileSync(path.resolve(repoRoot, 'test', 'fixtures', 'shiviz', ...parts), 'utf8');

// The regexes ShiViz's own index.html gives its built-in examples (see test/fixtures/README.md §5).
const broadcastParser = String.raw`\[\w+\] \[(?<date>([^ ]+ [^ ]+))\] [^ ]+ \[akka://Broadcast/user/(?<host>\w+)\] (?<clock>.*\}) (?<event>.*)`;
const datacenterParser = String.raw`(?<ip>(\d{1,3}\.){3}\d{1,3}) (?<date>(\d{1,2}/){2}\d{4} (\d{2}:){2}\d{2} (AM|PM)) (?<action>(INFO|GET|POST)) (?<event>.*)\n(?<host>\w*) (?<clock>.*)`;
const comparisonDelimiter = '^=== (?<trace>.*) ===$';

function expectOk(result: ShivizImportResult): readonly ShivizExecution[] {
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.lineNumber}: ${issue.message}`).join('\n'));
  return result.executions;
}

function countsByHost(imported: ShivizExecution): Record<string, number> {
  return Object.fromEntries(imported.hosts.map((host) => [host, imported.execution.events.filter((event) => event.process === host).length]));
}

function edges(imported: ShivizExecution): string[] {
  const { execution } = imported;
  return execution.messages.map((message) => {
    const send = execution.events.find((event) => event.sends.includes(message.id))?.id;
    const receive = execution.events.find((event) => event.receives.includes(message.id))?.id;
    return `${send}→${receive}`;
  });
}

/** Per-host labels and clocks, the part of an execution a ShiViz log carries. */
function shape(analysis: ClockAnalysis): Record<string, { label: string; clock: Record<string, number> }[]> {
  const result: Record<string, { label: string; clock: Record<string, number> }[]> = {};
  for (const stamp of analysis.events) {
    const clock = Object.fromEntries(Object.entries(vectorRecord(analysis.processes, stamp.vector)).filter(([, value]) => value !== 0));
    (result[stamp.event.process] ??= []).push({ label: stamp.event.label, clock });
  }
  return result;
}

describe('the real ShiViz example logs parse with the regex their README gives', () => {
  it('simple-reliable-broadcast.log: 3 hosts, 15/12/12 events, 16 messages, date field', () => {
    const [imported] = expectOk(importShivizLog(readExternal('log', 'simple-reliable-broadcast.log'), { parser: broadcastParser }));
    expect(countsByHost(imported as ShivizExecution)).toEqual({ node0: 15, node1: 12, node2: 12 });
    expect(imported?.execution.messages).toHaveLength(16);
    expect(imported?.logEvents[0]?.fields).toEqual({ date: '10/13/2014 14:37:20.543' });
    expect(imported?.logEvents[0]?.text).toBe('Initiating RBBroadcast(DataMessage(1,Message1))');
    expect(imported?.lineOfEvent['node1:1']).toBe(3);
  });

  it('facebook.log: 4 hosts, 11/10/16/10 events, 23 messages, with ip/date/action fields', () => {
    const result = importShivizLog(readExternal('log', 'facebook.log'), { parser: datacenterParser });
    const [imported] = expectOk(result);
    expect(countsByHost(imported as ShivizExecution)).toEqual({ alice: 11, loadBalancer: 10, eastDC: 16, westDC: 10 });
    expect(imported?.execution.events).toHaveLength(47);
    expect(imported?.execution.messages).toHaveLength(23);
    expect(imported?.logEvents[0]?.fields).toEqual({ ip: '24.22.130.14', date: '5/27/2013 10:53:39 AM', action: 'GET' });
    expect(result.warnings).toEqual([]);
  });

  it('multiple-comparison.log: five named executions of 2 hosts × 4 events and 4 messages each', () => {
    const executions = expectOk(importShivizLog(readExternal('log', 'multiple-comparison.log'), { parser: datacenterParser, delimiter: comparisonDelimiter }));
    expect(executions.map((imported) => imported.label)).toEqual([
      'Base execution',
      'Same as base',
      'Different host from base',
      'All events are different from base',
      'Some events are different from base',
    ]);
    for (const imported of executions) {
      expect(Object.values(countsByHost(imported))).toEqual([4, 4]);
      expect(imported.execution.messages).toHaveLength(4);
    }
    expect(executions[2]?.hosts).toEqual(['seattle', 'paloAlto']);
    expect(shape((executions[0] as ShivizExecution).analysis)).toEqual(shape((executions[1] as ShivizExecution).analysis));
  });

  it('RpcClientServer.log (upload form, regex on line 1): 2 hosts × 5 events and the 4 documented messages', () => {
    const [imported] = expectOk(importShivizUpload(readExternal('graph_viz', 'RpcClientServer.log')));
    expect(countsByHost(imported as ShivizExecution)).toEqual({ client: 5, server: 5 });
    expect(edges(imported as ShivizExecution).sort()).toEqual(['client:2→server:2', 'client:4→server:4', 'server:3→client:3', 'server:5→client:5']);
    expect(imported?.lineOfEvent['client:1']).toBe(4);
    expect(imported?.execution.events.find((event) => event.id === 'server:2')?.label).toBe('Received RPC request');
  });
});

describe('export and re-import', () => {
  it('reproduces the events and clocks of thousands of random executions', () => {
    for (let seed = 0; seed < 1000; seed++) {
      const execution = generateExecution({ seed, processCount: 2 + (seed % 7), eventCount: 1 + (seed % 30) });
      const original = computeClocks(execution);
      const [imported] = expectOk(importShivizUpload(exportShivizLog(execution).upload));
      expect(shape((imported as ShivizExecution).analysis), `seed ${seed}`).toEqual(shape(original));
      // Every inferred message is one of the originals (a message that changes no clock may vanish).
      const originalEdges = new Set(execution.messages.map((message) => {
        const send = execution.events.find((event) => event.sends.includes(message.id))?.id;
        const receive = execution.events.find((event) => event.receives.includes(message.id))?.id;
        return `${send}→${receive}`;
      }));
      for (const edge of edges(imported as ShivizExecution)) expect(originalEdges.has(edge), `seed ${seed}: ${edge}`).toBe(true);
    }
  });

  it('round-trips the real logs, several labelled executions included, and the plain form with its parser', () => {
    const [facebook] = expectOk(importShivizLog(readExternal('log', 'facebook.log'), { parser: datacenterParser }));
    const exported = exportShivizLog((facebook as ShivizExecution).execution);
    const [again] = expectOk(importShivizLog(exported.log, { parser: exported.parser }));
    expect(shape((again as ShivizExecution).analysis)).toEqual(shape((facebook as ShivizExecution).analysis));
    expect(edges(again as ShivizExecution).sort()).toEqual(edges(facebook as ShivizExecution).sort());

    const comparison = expectOk(importShivizLog(readExternal('log', 'multiple-comparison.log'), { parser: datacenterParser, delimiter: comparisonDelimiter }));
    const bundle = exportShivizLog(comparison.map((imported) => ({ label: imported.label, execution: imported.execution })));
    const reimported = expectOk(importShivizUpload(bundle.upload));
    expect(reimported.map((imported) => imported.label)).toEqual(comparison.map((imported) => imported.label));
    reimported.forEach((imported, position) => expect(shape(imported.analysis)).toEqual(shape((comparison[position] as ShivizExecution).analysis)));
  });

  it('keeps an empty event label, which the default text-first format would lose to ShiViz trimming', () => {
    const execution: Execution = {
      processes: ['p1', 'p2'],
      events: [
        { id: 'a', process: 'p1', label: '', sends: ['m1'], receives: [] },
        { id: 'b', process: 'p2', label: 'got it', sends: [], receives: ['m1'] },
      ],
      messages: [{ id: 'm1', from: 'p1', to: 'p2' }],
    };
    const [imported] = expectOk(importShivizUpload(exportShivizLog(execution).upload));
    expect(shape((imported as ShivizExecution).analysis)).toEqual(shape(computeClocks(execution)));
  });
});

const rpcParser = String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`;
const goodLog = [
  'client {"client":1}', //               line 1
  'start', //                             line 2
  'client {"client":2}', //               line 3
  'call', //                              line 4
  'server {"server":1, "client":2}', //   line 5
  'receive call', //                      line 6
  'server {"server":2, "client":2}', //   line 7
  'reply', //                             line 8
  'client {"client":3, "server":2}', //   line 9
  'receive reply', //                     line 10
].join('\n');

function issuesOf(text: string, parser = rpcParser) {
  const result = importShivizLog(text, { parser });
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues;
}

describe('broken logs are refused with the right problem and line', () => {
  it('the unbroken log is fine', () => {
    const [imported] = expectOk(importShivizLog(goodLog, { parser: rpcParser }));
    expect(edges(imported as ShivizExecution).sort()).toEqual(['client:2→server:1', 'server:2→client:3']);
  });

  it('a missing host: the event\'s own host is absent from its clock', () => {
    const issues = issuesOf(goodLog.replace('server {"server":2, "client":2}', 'server {"client":2}'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'missing-own-host', lineNumber: 7 });
    expect(issues[0]?.message).toContain('has no entry for "server"');
  });

  it('a skipped count: a host\'s own entry jumps by 2', () => {
    const issues = issuesOf(goodLog.replace('client {"client":3, "server":2}', 'client {"client":4, "server":2}'));
    expect(issues).toEqual([expect.objectContaining({ code: 'clock-increment', lineNumber: 9 })]);
    expect(issues[0]?.message).toContain('jumps from 2 (line 3) to 4');
    expect(issues[0]?.message).toContain('client = 3 is missing');
  });

  it('a count that does not start at 1, and a count used twice', () => {
    expect(issuesOf(goodLog.replace('client {"client":1}', 'client {"client":0}'))[0]).toMatchObject({ code: 'clock-start', lineNumber: 1 });
    expect(issuesOf(goodLog.replace('server {"server":2, "client":2}', 'server {"server":1, "client":2}'))[0]).toMatchObject({ code: 'clock-duplicate', lineNumber: 7 });
  });

  it('an unknown host and a clock value beyond the host\'s last event', () => {
    expect(issuesOf(goodLog.replace('server {"server":1, "client":2}', 'server {"server":1, "cleint":2}'))).toEqual([
      expect.objectContaining({ code: 'unknown-host', lineNumber: 5 }),
    ]);
    expect(issuesOf(goodLog.replace('server {"server":1, "client":2}', 'server {"server":1, "client":7}'))).toEqual([
      expect.objectContaining({ code: 'clock-out-of-range', lineNumber: 5 }),
    ]);
  });

  it('a cycle: two events that each claim to know of the other', () => {
    const cyclic = ['a {"a":1, "b":1}', 'x', 'b {"b":1, "a":1}', 'y'].join('\n');
    const issues = issuesOf(cyclic);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('cycle');
    expect([1, 3]).toContain(issues[0]?.lineNumber);
    expect(issues[0]?.message).toContain('line 1');
    expect(issues[0]?.message).toContain('line 3');
  });

  it('a clock that no message explains: impermissible, with the clock the rules give', () => {
    const issues = issuesOf(goodLog.replace('server {"server":2, "client":2}', 'server {"server":2, "client":1}'));
    expect(issues).toEqual([expect.objectContaining({ code: 'impermissible-clock', lineNumber: 7 })]);
    expect(issues[0]?.message).toContain('{"client":2,"server":2}');
  });

  it('bad JSON, a parser without the needed groups, and an invalid regex', () => {
    expect(issuesOf(goodLog.replace('{"client":1}', '{client:1}'))[0]).toMatchObject({ code: 'clock-not-json', lineNumber: 1 });
    expect(issuesOf(goodLog, String.raw`(?<host>\S*) (?<time>{.*})\n(?<event>.*)`)[0]).toMatchObject({ code: 'missing-group', lineNumber: null });
    expect(issuesOf(goodLog, '(?<host>\\S*')[0]).toMatchObject({ code: 'invalid-regex' });
    expect(issuesOf('no events here')[0]).toMatchObject({ code: 'no-events', lineNumber: 1 });
  });

  it('counts lines in the whole file: after the upload header, and in a two-line format where the clock is on the second line', () => {
    const upload = `${rpcParser}\n\n\n${goodLog.replace('client {"client":3, "server":2}', 'client {"client":4, "server":2}')}`;
    const result = importShivizUpload(upload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.lineNumber).toBe(12);
    const textFirst = ['start', 'client {"client":1}', 'call', 'client {"client":3}'].join('\n');
    expect(issuesOf(textFirst, String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`)[0]).toMatchObject({ code: 'clock-increment', lineNumber: 4 });
  });

  it('warns about text the parser skipped, which ShiViz would drop without a word', () => {
    const result = importShivizLog(goodLog.replace('client {"client":2}\ncall', 'oops\nclient {"client":2}\ncall'), { parser: rpcParser });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ lineNumber: 3 })]);
  });
});

describe('regex syntax', () => {
  it('accepts Python-style (?P<name>…) groups by rewriting them for JavaScript', () => {
    expect(toJavaScriptRegexSource('(?P<host>\\S*) (?P<clock>{.*}) (?P=host)')).toBe('(?<host>\\S*) (?<clock>{.*}) \\k<host>');
    const [imported] = expectOk(importShivizLog(goodLog, { parser: String.raw`(?P<host>\S*) (?P<clock>{.*})\n(?P<event>.*)` }));
    expect(imported?.execution.events).toHaveLength(5);
  });
});
