// ShiViz logs in and out: parse with the user's regex, validate as ShiViz does (with line numbers), infer messages, export.

import type { EventId, Execution, ExecutionEvent, Message, ProcessId } from './execution.ts';
import { indexExecution, topologicalOrder } from './execution.ts';
import { lamportTotalOrder } from './causality.ts';
import { computeClocks, vectorRecord, type ClockAnalysis, type StampedEvent } from './logical.ts';

/** ShiViz's default parser: event text on one line, `host {clock}` on the next. */
export const shivizDefaultParser = String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;

/** The format `exportShivizLog` writes: `host {clock}` first, so an empty event text survives ShiViz's trim. */
export const shivizExportParser = String.raw`(?<host>\S+) (?<clock>\{.*\})\n(?<event>.*)`;

/** The delimiter `exportShivizLog` writes between executions, as in ShiViz's multiple-comparison example. */
export const shivizExportDelimiter = String.raw`^=== (?<trace>.*) ===$`;

export interface ShivizLogEvent {
  /** 1-based line (in the whole text) where the event's match starts. */
  readonly lineNumber: number;
  /** 1-based line of the `clock` group: where clock problems are reported. */
  readonly clockLineNumber: number;
  readonly text: string;
  readonly host: string;
  /** The vector clock as logged, with zero entries dropped as ShiViz does. */
  readonly clock: Readonly<Record<string, number>>;
  readonly fields: Readonly<Record<string, string>>;
}

export type ShivizIssueCode =
  | 'invalid-regex'
  | 'missing-group'
  | 'no-events'
  | 'duplicate-execution-label'
  | 'clock-not-json'
  | 'clock-not-object'
  | 'clock-bad-value'
  | 'missing-own-host'
  | 'clock-start'
  | 'clock-duplicate'
  | 'clock-increment'
  | 'unknown-host'
  | 'clock-out-of-range'
  | 'cycle'
  | 'impermissible-clock';

export interface ShivizIssue {
  readonly code: ShivizIssueCode;
  /** 1-based line in the text given to the importer; null when the problem is not on a line (a bad parser given apart). */
  readonly lineNumber: number | null;
  /** Plain text for the learner; never HTML. */
  readonly message: string;
  readonly executionLabel?: string;
}

export interface ShivizWarning {
  readonly lineNumber: number;
  readonly message: string;
}

export interface ShivizExecution {
  /** The `trace` group of the delimiter before this execution, or "" without one. */
  readonly label: string;
  /** Hosts in order of first appearance in the log. */
  readonly hosts: readonly ProcessId[];
  /** Events in log order. */
  readonly logEvents: readonly ShivizLogEvent[];
  /** Events ordered per host by their own clock entry; messages inferred from the clocks. Event ids are `host:ownTime`. */
  readonly execution: Execution;
  readonly analysis: ClockAnalysis;
  readonly lineOfEvent: Readonly<Record<EventId, number>>;
}

export type ShivizImportResult =
  | { readonly ok: true; readonly executions: readonly ShivizExecution[]; readonly warnings: readonly ShivizWarning[] }
  | { readonly ok: false; readonly issues: readonly ShivizIssue[]; readonly warnings: readonly ShivizWarning[] };

export interface ShivizImportOptions {
  /** The parser regex, with named groups `event`, `host`, `clock` and any extra fields. */
  readonly parser: string;
  /** Splits the text into executions; an optional `trace` group names each. */
  readonly delimiter?: string | null;
  /** Told how far matching has got; a caller off the main thread uses it as a heartbeat (a silent parser is stuck backtracking). */
  readonly onProgress?: ShivizProgressListener;
}

/** `matching`: the user's regexes run, `done` of `total` characters read; `analysing`: clocks and messages are inferred. */
export type ShivizImportPhase = 'matching' | 'analysing';
export type ShivizProgressListener = (phase: ShivizImportPhase, done: number, total: number) => void;
/** Matches between two progress reports: often enough for a heartbeat, rarely enough to cost nothing. */
const MATCHES_PER_PROGRESS = 256;

/**
 * Accepts Python-style named groups too (`(?P<name>…)`, `(?P=name)`), which people paste from
 * log tooling; ShiViz and JavaScript both spell them `(?<name>…)` and `\k<name>`.
 */
export function toJavaScriptRegexSource(source: string): string {
  return source.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, String.raw`\k<$1>`);
}

/** Group names of a regex, found by matching an alternative that always matches the empty string. */
function groupNames(regex: RegExp): string[] {
  const probe = new RegExp(`(?:${regex.source})|`, regex.flags.replace('g', ''));
  return Object.keys(probe.exec('')?.groups ?? {});
}

function compile(source: string, role: 'parser' | 'delimiter'): { regex: RegExp } | { error: string } {
  try {
    // ShiViz compiles with g + m; d gives group positions, for line numbers of the clock.
    return { regex: new RegExp(toJavaScriptRegexSource(source), 'gmd') };
  } catch (error) {
    return { error: `The ${role} regular expression is not valid: ${(error as Error).message}` };
  }
}

class LineLocator {
  private readonly lineStarts: number[] = [0];
  constructor(text: string) {
    for (let position = text.indexOf('\n'); position !== -1; position = text.indexOf('\n', position + 1)) {
      this.lineStarts.push(position + 1);
    }
  }
  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

/**
 * The uploaded-file convention: line 1 is the parser (empty → ShiViz's default), line 2 the
 * delimiter (may be empty), the rest the log; ShiViz anchors both regexes with ^…$.
 */
export function splitShivizUpload(text: string): { parser: string; delimiter: string | null; logOffset: number } {
  const firstBreak = text.indexOf('\n');
  const firstLine = firstBreak === -1 ? text : text.slice(0, firstBreak);
  const secondBreak = firstBreak === -1 ? -1 : text.indexOf('\n', firstBreak + 1);
  const secondLine = firstBreak === -1 ? '' : text.slice(firstBreak + 1, secondBreak === -1 ? text.length : secondBreak);
  const parserSource = firstLine.trim() === '' ? shivizDefaultParser : firstLine.trim();
  const delimiterSource = secondLine.trim();
  return {
    parser: `^${parserSource}$`,
    delimiter: delimiterSource === '' ? null : `^${delimiterSource}$`,
    logOffset: secondBreak === -1 ? text.length : secondBreak + 1,
  };
}

/** Imports a file in the uploaded-file convention (regexes on its first two lines). */
export function importShivizUpload(text: string, onProgress?: ShivizProgressListener): ShivizImportResult {
  const { parser, delimiter, logOffset } = splitShivizUpload(text);
  return importShivizText(text, logOffset, { parser, delimiter, ...(onProgress ? { onProgress } : {}) });
}

/** Imports a log with the given parser (and delimiter), as ShiViz's input page does. */
export function importShivizLog(text: string, options: ShivizImportOptions): ShivizImportResult {
  return importShivizText(text, 0, options);
}

function importShivizText(fullText: string, logOffset: number, options: ShivizImportOptions): ShivizImportResult {
  const issues: ShivizIssue[] = [];
  const warnings: ShivizWarning[] = [];
  const locator = new LineLocator(fullText);
  const isUpload = logOffset > 0;
  const parserLine = isUpload ? 1 : null;
  const delimiterLine = isUpload ? 2 : null;

  const parser = compile(options.parser, 'parser');
  if ('error' in parser) return { ok: false, issues: [{ code: 'invalid-regex', lineNumber: parserLine, message: parser.error }], warnings };
  const names = groupNames(parser.regex);
  const missing = ['event', 'host', 'clock'].filter((name) => !names.includes(name));
  if (missing.length > 0) {
    return {
      ok: false,
      issues: [{
        code: 'missing-group',
        lineNumber: parserLine,
        message: `The parser needs the named groups event, host and clock, written (?<name>…); it lacks ${missing.join(', ')}.`,
      }],
      warnings,
    };
  }
  let delimiter: RegExp | null = null;
  if (options.delimiter && options.delimiter.trim() !== '') {
    const compiled = compile(options.delimiter, 'delimiter');
    if ('error' in compiled) return { ok: false, issues: [{ code: 'invalid-regex', lineNumber: delimiterLine, message: compiled.error }], warnings };
    delimiter = compiled.regex;
  }

  const report: ShivizProgressListener = options.onProgress ?? (() => undefined);
  // Before the first user regex runs, so a caller's watchdog covers the delimiter too.
  report('matching', 0, fullText.length);
  // ShiViz trims the log; offsets below stay relative to the full text so line numbers are the file's.
  const body = fullText.slice(logOffset);
  const trimmedStart = logOffset + (body.length - body.trimStart().length);
  const trimmedEnd = logOffset + body.trimEnd().length;
  const segments = splitExecutions(fullText, trimmedStart, trimmedEnd, delimiter);

  const seenLabels = new Map<string, number>();
  const executions: ShivizExecution[] = [];
  for (const segment of segments) {
    const segmentText = fullText.slice(segment.start, segment.end);
    if (segmentText.trim() === '') continue;
    const previousLine = seenLabels.get(segment.label);
    if (previousLine !== undefined) {
      issues.push({
        code: 'duplicate-execution-label',
        lineNumber: segment.delimiterLine,
        message: `Two executions are named "${segment.label}" (lines ${previousLine} and ${segment.delimiterLine}); each execution needs its own name in the delimiter's trace group.`,
      });
      continue;
    }
    seenLabels.set(segment.label, segment.delimiterLine ?? locator.lineOf(segment.start));
    const parsed = parseSegment(segmentText, segment.start, parser.regex, names, locator, segment.label, (done) => report('matching', segment.start + done, fullText.length));
    warnings.push(...parsed.warnings);
    if (parsed.issues.length > 0) {
      issues.push(...parsed.issues);
      continue;
    }
    if (parsed.events.length === 0) {
      issues.push({
        code: 'no-events',
        lineNumber: locator.lineOf(segment.start),
        message: `The parser matched no events${segment.label ? ` in execution "${segment.label}"` : ''}. Check it against one event of the log, including the line break between text and clock if they are on two lines.`,
        executionLabel: segment.label,
      });
      continue;
    }
    report('analysing', segment.end, fullText.length);
    const built = buildExecution(parsed.events, segment.label);
    if ('issues' in built) issues.push(...built.issues);
    else executions.push(built.execution);
  }
  if (issues.length > 0) return { ok: false, issues, warnings };
  return { ok: true, executions, warnings };
}

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly delimiterLine: number | null;
}

/** ShiViz splits the text on the delimiter; the text before the first delimiter is labelled "". */
function splitExecutions(text: string, start: number, end: number, delimiter: RegExp | null): Segment[] {
  if (!delimiter) return [{ start, end, label: '', delimiterLine: null }];
  const region = text.slice(start, end);
  const locator = new LineLocator(text);
  const segments: Segment[] = [];
  let segmentStart = start;
  let label = '';
  let delimiterLine: number | null = null;
  delimiter.lastIndex = 0;
  for (let match = delimiter.exec(region); match; match = delimiter.exec(region)) {
    if (match[0].length === 0) {
      delimiter.lastIndex += 1;
      continue;
    }
    segments.push({ start: segmentStart, end: start + match.index, label, delimiterLine });
    segmentStart = start + match.index + match[0].length;
    label = match.groups?.['trace'] ?? '';
    delimiterLine = locator.lineOf(start + match.index);
  }
  segments.push({ start: segmentStart, end, label, delimiterLine });
  return segments;
}

function parseSegment(
  text: string,
  offset: number,
  parser: RegExp,
  names: readonly string[],
  locator: LineLocator,
  label: string,
  reportDone: (doneCharacters: number) => void,
): { events: ShivizLogEvent[]; issues: ShivizIssue[]; warnings: ShivizWarning[] } {
  const events: ShivizLogEvent[] = [];
  const issues: ShivizIssue[] = [];
  const warnings: ShivizWarning[] = [];
  const labelled = label ? { executionLabel: label } : {};
  let coveredUntil = 0;
  const warnUncovered = (from: number, to: number) => {
    const gap = text.slice(from, to);
    if (gap.trim() === '') return;
    let position = from;
    for (const line of gap.split('\n')) {
      if (line.trim() !== '') {
        const lineNumber = locator.lineOf(offset + position);
        warnings.push({ lineNumber, message: `This line is not part of any event the parser matched, so it is skipped (ShiViz would skip it silently).` });
      }
      position += line.length + 1;
    }
  };
  parser.lastIndex = 0;
  let matches = 0;
  for (let match = parser.exec(text); match; match = parser.exec(text)) {
    matches += 1;
    if (matches % MATCHES_PER_PROGRESS === 0) reportDone(match.index);
    if (match[0].length === 0) {
      parser.lastIndex += 1;
      continue;
    }
    warnUncovered(coveredUntil, match.index);
    coveredUntil = match.index + match[0].length;
    const groups = match.groups ?? {};
    const lineNumber = locator.lineOf(offset + match.index);
    const clockStart = match.indices?.groups?.['clock']?.[0] ?? match.index;
    const clockLineNumber = locator.lineOf(offset + clockStart);
    const host = groups['host'] ?? '';
    const clockText = groups['clock'] ?? '';
    const fields: Record<string, string> = {};
    for (const name of names) {
      if (name !== 'event' && name !== 'host' && name !== 'clock') fields[name] = groups[name] ?? '';
    }
    const clock = parseClock(clockText, host, clockLineNumber);
    if ('issue' in clock) {
      issues.push({ ...clock.issue, ...labelled });
      continue;
    }
    events.push({ lineNumber, clockLineNumber, text: groups['event'] ?? '', host, clock: clock.clock, fields });
  }
  warnUncovered(coveredUntil, text.length);
  return { events, issues, warnings };
}

function parseClock(clockText: string, host: string, lineNumber: number): { clock: Record<string, number> } | { issue: ShivizIssue } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(clockText);
  } catch (error) {
    try {
      // TLA+ traces escape the quotes inside the clock; ShiViz retries without the escapes.
      parsed = JSON.parse(clockText.replace(/\\"/g, '"'));
    } catch {
      return {
        issue: {
          code: 'clock-not-json',
          lineNumber,
          message: `The vector clock ${clockText} is not valid JSON (${(error as Error).message}). It should look like {"host1": 3, "host2": 1}.`,
        },
      };
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { issue: { code: 'clock-not-object', lineNumber, message: `The vector clock ${clockText} should be an object mapping host names to counts, like {"${host}": 1}.` } };
  }
  const clock: Record<string, number> = {};
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      return { issue: { code: 'clock-bad-value', lineNumber, message: `The clock entry for "${name}" is ${JSON.stringify(value)}; entries must be whole numbers ≥ 0.` } };
    }
    // ShiViz drops zero entries: a host never heard of and a host at 0 mean the same.
    if (value !== 0 || name === host) clock[name] = value;
  }
  if (!Object.prototype.hasOwnProperty.call(clock, host)) {
    return {
      issue: {
        code: 'missing-own-host',
        lineNumber,
        message: `The event is on host "${host}", but its vector clock ${clockText} has no entry for "${host}". Every event counts itself: its own host must appear in its clock.`,
      },
    };
  }
  return { clock };
}

function buildExecution(logEvents: readonly ShivizLogEvent[], label: string): { execution: ShivizExecution } | { issues: ShivizIssue[] } {
  const issues: ShivizIssue[] = [];
  const labelled = label ? { executionLabel: label } : {};
  const inExecution = label ? ` in execution "${label}"` : '';
  const hosts: ProcessId[] = [];
  const eventsByHost = new Map<ProcessId, ShivizLogEvent[]>();
  for (const event of logEvents) {
    let list = eventsByHost.get(event.host);
    if (!list) {
      list = [];
      eventsByHost.set(event.host, list);
      hosts.push(event.host);
    }
    list.push(event);
  }
  const ownTime = (event: ShivizLogEvent) => event.clock[event.host] as number;
  for (const host of hosts) {
    const list = eventsByHost.get(host) as ShivizLogEvent[];
    list.sort((first, second) => ownTime(first) - ownTime(second));
    list.forEach((event, position) => {
      if (position === 0) {
        if (ownTime(event) !== 1) {
          issues.push({
            code: 'clock-start',
            lineNumber: event.clockLineNumber,
            message: `The first event of host "${host}" has ${host} = ${ownTime(event)}; each host's own count must start at 1${ownTime(event) > 1 ? `, so events with ${host} = 1…${ownTime(event) - 1} are missing` : ''}.`,
            ...labelled,
          });
        }
        return;
      }
      const previous = list[position - 1] as ShivizLogEvent;
      if (ownTime(event) === ownTime(previous)) {
        issues.push({
          code: 'clock-duplicate',
          lineNumber: event.clockLineNumber,
          message: `Host "${host}" has two events with ${host} = ${ownTime(event)} (lines ${previous.clockLineNumber} and ${event.clockLineNumber}); each event must add exactly 1 to its host's own count.`,
          ...labelled,
        });
      } else if (ownTime(event) !== ownTime(previous) + 1) {
        const skipped = ownTime(previous) + 1 === ownTime(event) - 1 ? `${ownTime(previous) + 1}` : `${ownTime(previous) + 1}…${ownTime(event) - 1}`;
        issues.push({
          code: 'clock-increment',
          lineNumber: event.clockLineNumber,
          message: `Host "${host}"'s own count jumps from ${ownTime(previous)} (line ${previous.clockLineNumber}) to ${ownTime(event)}; it must grow by exactly 1 per event, so the event with ${host} = ${skipped} is missing.`,
          ...labelled,
        });
      }
    });
  }
  for (const event of logEvents) {
    for (const [otherHost, value] of Object.entries(event.clock)) {
      if (otherHost === event.host) continue;
      const otherEvents = eventsByHost.get(otherHost);
      if (!otherEvents) {
        issues.push({
          code: 'unknown-host',
          lineNumber: event.clockLineNumber,
          message: `The vector clock names host "${otherHost}", which has no events${inExecution}. Check the spelling, or the host group of the parser.`,
          ...labelled,
        });
      } else if (value > otherEvents.length) {
        issues.push({
          code: 'clock-out-of-range',
          lineNumber: event.clockLineNumber,
          message: `The vector clock says ${otherHost} = ${value}, but host "${otherHost}" has only ${otherEvents.length} event${otherEvents.length === 1 ? '' : 's'}${inExecution}; this event cannot know of an event that is not in the log.`,
          ...labelled,
        });
      }
    }
  }
  if (issues.length > 0) return { issues };

  const eventId = (event: ShivizLogEvent) => `${event.host}:${ownTime(event)}`;
  const messages = inferMessages(hosts, eventsByHost);
  const sendsOf = new Map<EventId, string[]>();
  const receivesOf = new Map<EventId, string[]>();
  for (const message of messages) {
    sendsOf.set(message.sendEventId, [...(sendsOf.get(message.sendEventId) ?? []), message.message.id]);
    receivesOf.set(message.receiveEventId, [...(receivesOf.get(message.receiveEventId) ?? []), message.message.id]);
  }
  const events: ExecutionEvent[] = [];
  const lineOfEvent: Record<EventId, number> = {};
  for (const host of hosts) {
    for (const event of eventsByHost.get(host) as ShivizLogEvent[]) {
      const id = eventId(event);
      lineOfEvent[id] = event.lineNumber;
      events.push({
        id,
        process: host,
        label: event.text,
        sends: sendsOf.get(id) ?? [],
        receives: receivesOf.get(id) ?? [],
        ...(Object.keys(event.fields).length > 0 ? { fields: event.fields } : {}),
      });
    }
  }
  const execution: Execution = { processes: hosts, events, messages: messages.map((entry) => entry.message) };
  const logEventById = new Map(logEvents.map((event) => [eventId(event), event]));

  const index = indexExecution(execution);
  const { cycle } = topologicalOrder(execution, index);
  if (cycle) {
    const loop = [...cycle, cycle[0] as number].map((eventIndex) => {
      const event = logEventById.get((execution.events[eventIndex] as ExecutionEvent).id) as ShivizLogEvent;
      return `line ${event.lineNumber} (${event.host} ${JSON.stringify(event.clock)})`;
    });
    const first = logEventById.get((execution.events[cycle[0] as number] as ExecutionEvent).id) as ShivizLogEvent;
    return {
      issues: [{
        code: 'cycle',
        lineNumber: first.lineNumber,
        message: `The clocks imply a loop in time${inExecution} — each of these events happens before the next, and the last before the first: ${loop.join(' → ')}. ShiViz calls such a log intransitive; some clock claims to know of an event that in turn knows of it.`,
        ...labelled,
      }],
    };
  }

  const analysis = computeClocks(execution);
  for (const stamp of analysis.events) {
    const logged = logEventById.get(stamp.event.id) as ShivizLogEvent;
    const expected = clockRecord(hosts, stamp);
    if (!sameClock(expected, logged.clock)) {
      issues.push({
        code: 'impermissible-clock',
        lineNumber: logged.clockLineNumber,
        message: `The vector clock ${JSON.stringify(logged.clock)} does not follow from the messages the clocks imply; the vector-clock rules give ${JSON.stringify(expected)}. A clock may only grow by its own tick and by what received messages carry.`,
        ...labelled,
      });
    }
  }
  if (issues.length > 0) return { issues };
  return { execution: { label, hosts, logEvents, execution, analysis, lineOfEvent } };
}

interface InferredMessage {
  readonly message: Message;
  readonly sendEventId: EventId;
  readonly receiveEventId: EventId;
}

/**
 * ShiViz's rule (modelGraph.js): walking a host's events in order, an event whose clock entry
 * for another host g rises above everything the host has seen so far has a candidate parent, the
 * g-event with that count. A candidate is dropped when another candidate already knew of it: its
 * knowledge came through that other message, not directly.
 */
function inferMessages(hosts: readonly ProcessId[], eventsByHost: ReadonlyMap<ProcessId, readonly ShivizLogEvent[]>): InferredMessage[] {
  const messages: InferredMessage[] = [];
  for (const host of hosts) {
    const seen = new Map<string, number>();
    for (const event of eventsByHost.get(host) as readonly ShivizLogEvent[]) {
      seen.set(host, event.clock[host] as number);
      const candidates: ShivizLogEvent[] = [];
      for (const [otherHost, value] of Object.entries(event.clock)) {
        if (otherHost === host) continue;
        if ((seen.get(otherHost) ?? 0) < value) {
          seen.set(otherHost, value);
          candidates.push((eventsByHost.get(otherHost) as readonly ShivizLogEvent[])[value - 1] as ShivizLogEvent);
        }
      }
      const implied = new Set<string>();
      for (const candidate of candidates) {
        for (const [otherHost, value] of Object.entries(candidate.clock)) {
          if (otherHost !== candidate.host) implied.add(`${otherHost}:${value}`);
        }
      }
      for (const candidate of candidates) {
        const sendEventId = `${candidate.host}:${candidate.clock[candidate.host]}`;
        if (implied.has(sendEventId)) continue;
        messages.push({
          message: { id: `m${messages.length + 1}`, from: candidate.host, to: host },
          sendEventId,
          receiveEventId: `${host}:${event.clock[host]}`,
        });
      }
    }
  }
  return messages;
}

function clockRecord(hosts: readonly ProcessId[], stamp: StampedEvent): Record<string, number> {
  const record: Record<string, number> = {};
  hosts.forEach((host, position) => {
    const value = stamp.vector[position] as number;
    if (value !== 0) record[host] = value;
  });
  return record;
}

function sameClock(first: Readonly<Record<string, number>>, second: Readonly<Record<string, number>>): boolean {
  const firstKeys = Object.keys(first);
  if (firstKeys.length !== Object.keys(second).length) return false;
  return firstKeys.every((key) => first[key] === second[key]);
}

export class ShivizExportError extends Error {
  override name = 'ShivizExportError';
}

export interface ShivizExport {
  /** The log body alone, for the import page's text box. */
  readonly log: string;
  readonly parser: string;
  readonly delimiter: string | null;
  /** The uploaded-file form: parser on line 1, delimiter on line 2, a blank line, then the log. */
  readonly upload: string;
}

/**
 * Writes one execution (or several, labelled) in ShiViz's format with vector clocks computed by
 * the vector-clock rules, events in Lamport total order so the file reads forwards in time.
 * Re-importing gives the same events (per host, in order, with their labels) and the same clocks.
 * Limits of the format: a process without events has no line to appear on; a line break inside an
 * event label becomes a space; and a message that changes no clock (its sender's news had
 * already arrived another way) cannot be told apart from a local event on re-import.
 */
export function exportShivizLog(input: Execution | readonly { readonly label: string; readonly execution: Execution }[]): ShivizExport {
  const labelled = Array.isArray(input) ? (input as readonly { label: string; execution: Execution }[]) : null;
  const executions = labelled ?? [{ label: '', execution: input as Execution }];
  const blocks = executions.map(({ label, execution }) => {
    for (const process of execution.processes) {
      if (process === '' || /\s/.test(process)) {
        throw new ShivizExportError(`Process "${process}" cannot be written: ShiViz host names are one word without spaces.`);
      }
    }
    const analysis = computeClocks(execution);
    const lines: string[] = [];
    for (const entry of lamportTotalOrder(analysis)) {
      const stamp = analysis.events[analysis.index.eventIndex.get(entry.eventId) as number] as StampedEvent;
      const record = Object.fromEntries(Object.entries(vectorRecord(analysis.processes, stamp.vector)).filter(([, value]) => value !== 0));
      const text = stamp.event.label.replace(/\r?\n|\r/g, ' ');
      if (labelled && /^=== .* ===$/.test(text)) {
        throw new ShivizExportError(`The label "${text}" of ${stamp.event.id} would be read as an execution delimiter.`);
      }
      lines.push(`${stamp.event.process} ${JSON.stringify(record)}`, text);
    }
    return labelled ? `=== ${label} ===\n${lines.join('\n')}` : lines.join('\n');
  });
  const log = `${blocks.join('\n\n')}\n`;
  const delimiter = labelled ? shivizExportDelimiter : null;
  // The upload form is anchored by ShiViz itself, so its lines hold the regexes without ^…$.
  const uploadDelimiter = labelled ? '=== (?<trace>.*) ===' : '';
  return { log, parser: shivizExportParser, delimiter, upload: `${shivizExportParser}\n${uploadDelimiter}\n\n${log}` };
}
