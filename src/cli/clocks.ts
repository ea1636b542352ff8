// `npm run clocks -- import <log> --parser <regex> [--delimiter <regex>]`: reads a ShiViz log, prints events and inferred messages as JSON.
// Without --parser the file is read in ShiViz's upload form (parser on line 1, delimiter on line 2).
// `npm run clocks -- generate --seed N [--processes N] [--events N]` prints a random execution as a ShiViz upload file.
// Exit codes: 0 ok, 1 usage or unreadable file, 2 the log is not valid (each problem printed as file:line: message).

import { readFileSync } from 'node:fs';
import {
  exportShivizLog,
  generateExecution,
  importShivizLog,
  importShivizUpload,
  vectorRecord,
  type ShivizExecution,
  type ShivizImportResult,
} from '../kernel/protocols/clocks/index.ts';

const usage = [
  'usage: npm run clocks -- import <log> [--parser <regex>] [--delimiter <regex>]',
  '       npm run clocks -- generate --seed <n> [--processes <2-8>] [--events <n>]',
].join('\n');

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  const parsed = parseOptions(rest);
  if (!parsed) return fail(usage);
  if (command === 'import') return importCommand(parsed.positional, parsed.options);
  if (command === 'generate') return generateCommand(parsed.positional, parsed.options);
  return fail(usage);
}

function parseOptions(argv: readonly string[]): { positional: string[]; options: Map<string, string> } | null {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let position = 0; position < argv.length; position++) {
    const argument = argv[position] as string;
    if (argument.startsWith('--')) {
      const value = argv[position + 1];
      if (value === undefined) return null;
      options.set(argument.slice(2), value);
      position += 1;
    } else {
      positional.push(argument);
    }
  }
  return { positional, options };
}

function importCommand(positional: readonly string[], options: ReadonlyMap<string, string>): number {
  const file = positional[0];
  const unknown = [...options.keys()].filter((name) => name !== 'parser' && name !== 'delimiter');
  if (!file || positional.length > 1 || unknown.length > 0) return fail(usage);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`${file}: cannot read: ${(error as Error).message}`);
  }
  const parser = options.get('parser');
  const result: ShivizImportResult = parser === undefined
    ? importShivizUpload(text)
    : importShivizLog(text, { parser, delimiter: options.get('delimiter') ?? null });
  for (const warning of result.warnings) process.stderr.write(`${file}:${warning.lineNumber}: warning: ${warning.message}\n`);
  if (!result.ok) {
    for (const issue of result.issues) {
      const where = issue.lineNumber === null ? file : `${file}:${issue.lineNumber}`;
      process.stderr.write(`${where}: ${issue.message}\n`);
    }
    return 2;
  }
  process.stdout.write(`${JSON.stringify({ file, executions: result.executions.map(executionAsJson) }, null, 2)}\n`);
  return 0;
}

function executionAsJson(imported: ShivizExecution) {
  const { execution, analysis, lineOfEvent } = imported;
  const sendOf = new Map<string, string>();
  const receiveOf = new Map<string, string>();
  for (const event of execution.events) {
    for (const messageId of event.sends) sendOf.set(messageId, event.id);
    for (const messageId of event.receives) receiveOf.set(messageId, event.id);
  }
  return {
    label: imported.label,
    hosts: imported.hosts,
    events: analysis.events.map((stamp) => ({
      id: stamp.event.id,
      host: stamp.event.process,
      line: lineOfEvent[stamp.event.id],
      text: stamp.event.label,
      clock: vectorRecord(analysis.processes, stamp.vector),
      lamport: stamp.lamport,
      ...(stamp.event.fields ? { fields: stamp.event.fields } : {}),
    })),
    messages: execution.messages.map((message) => ({
      id: message.id,
      from: message.from,
      to: message.to,
      send: sendOf.get(message.id),
      receive: receiveOf.get(message.id),
    })),
  };
}

function generateCommand(positional: readonly string[], options: ReadonlyMap<string, string>): number {
  const unknown = [...options.keys()].filter((name) => !['seed', 'processes', 'events'].includes(name));
  const seed = Number(options.get('seed'));
  const processCount = Number(options.get('processes') ?? 3);
  const eventCount = Number(options.get('events') ?? 12);
  if (positional.length > 0 || unknown.length > 0 || ![seed, processCount, eventCount].every(Number.isInteger) || processCount < 1 || eventCount < 0) {
    return fail(usage);
  }
  process.stdout.write(exportShivizLog(generateExecution({ seed, processCount, eventCount })).upload);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
