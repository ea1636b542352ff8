// The network words every scenario grammar shares, read the same way in every lab:
//   crash <node>   restart <node>   isolate <node>   heal
//   partition a,b | c,d            cut <from> <to> [both]   restore <from> <to> [both]
// A grammar passes its own id readers (which ids exist, whether `leader` is allowed) and gets the
// same step shapes and the same error messages; `networkCommandOf` turns a step into the kernel's
// shared `NetworkCommand` (src/kernel/net/commands.ts).

import type { NetworkCommand } from '../kernel/net/commands.ts';
import { parsePartitionGroups, ScenarioSyntaxError, type ScenarioLine, type Token } from './lexer.ts';

export const NETWORK_WORDS = ['crash', 'restart', 'isolate', 'partition', 'heal', 'cut', 'restore'] as const;
export type NetworkWord = (typeof NETWORK_WORDS)[number];

/** `Crashable`: what `crash`/`restart` name; `Movable`: what `isolate` names; `Endpoint`: ids in partitions and cuts. */
export type NetworkStepBody<Crashable, Movable, Endpoint extends string> =
  | { readonly kind: 'crash' | 'restart'; readonly node: Crashable }
  | { readonly kind: 'isolate'; readonly node: Movable }
  | { readonly kind: 'partition'; readonly groups: readonly (readonly Endpoint[])[] }
  | { readonly kind: 'heal' }
  /** One way, `from` → `to`; `both` (a click on a link in the app) cuts or restores the two directions at once. */
  | { readonly kind: 'cut' | 'restore'; readonly from: Endpoint; readonly to: Endpoint; readonly bothWays?: boolean };

export interface NetworkWordReaders<Crashable, Movable, Endpoint extends string> {
  /** Reads a `crash`/`restart` argument (reports unknown ids itself). */
  readonly crashable: (token: Token) => Crashable;
  readonly movable: (token: Token) => Movable;
  readonly endpoint: (token: Token) => Endpoint;
  /** Shown in errors: what a lab calls the things it crashes ("node", "replica"). */
  readonly crashableName: string;
  readonly movableName: string;
  /** A partition example with this lab's ids, e.g. "partition n1,n2 | n3,n4,n5". */
  readonly partitionUsage: string;
}

export function isNetworkWord(word: string): word is NetworkWord {
  return (NETWORK_WORDS as readonly string[]).includes(word);
}

/** Parse one of the shared network words; `verb` must satisfy `isNetworkWord`. */
export function parseNetworkWords<Crashable, Movable, Endpoint extends string>(
  line: ScenarioLine,
  verb: Token & { readonly text: NetworkWord },
  args: readonly Token[],
  readers: NetworkWordReaders<Crashable, Movable, Endpoint>,
): NetworkStepBody<Crashable, Movable, Endpoint> {
  const expectArgs = (count: number, usage: string) => {
    if (args.length < count) throw new ScenarioSyntaxError(line.line, verb.column + verb.text.length + 1, `missing argument: ${usage}`);
    if (args.length > count) throw new ScenarioSyntaxError(line.line, args[count]!.column, `unexpected "${args[count]!.text}": ${usage}`);
  };
  switch (verb.text) {
    case 'crash':
    case 'restart':
      expectArgs(1, `${verb.text} <${readers.crashableName}>`);
      return { kind: verb.text, node: readers.crashable(args[0]!) };
    case 'isolate':
      expectArgs(1, `isolate <${readers.movableName}>`);
      return { kind: 'isolate', node: readers.movable(args[0]!) };
    case 'heal':
      expectArgs(0, 'heal takes no arguments');
      return { kind: 'heal' };
    case 'cut':
    case 'restore': {
      const usage = `${verb.text} <from> <to> [both]`;
      if (args.length === 3 && args[2]!.text !== 'both') throw new ScenarioSyntaxError(line.line, args[2]!.column, `unexpected "${args[2]!.text}": ${usage}`);
      expectArgs(args.length === 3 ? 3 : 2, usage);
      const link = { kind: verb.text, from: readers.endpoint(args[0]!), to: readers.endpoint(args[1]!) } as const;
      return args.length === 3 ? { ...link, bothWays: true } : link;
    }
    case 'partition':
      return { kind: 'partition', groups: parsePartitionGroups(line, args, readers.endpoint, readers.partitionUsage) };
  }
}

/**
 * The kernel command a network step stands for. `resolve` turns a crashable/movable reference into
 * an id now (Raft's `leader` needs the run), or explains why it cannot.
 */
export function networkCommandOf<Crashable, Movable, Node extends string, Endpoint extends string>(
  step: NetworkStepBody<Crashable, Movable, Endpoint>,
  resolve: { readonly crashable: (reference: Crashable) => Node | { error: string }; readonly movable: (reference: Movable) => Endpoint | { error: string } },
): NetworkCommand<Node, Endpoint> | { error: string } {
  switch (step.kind) {
    case 'crash':
    case 'restart': {
      const node = resolve.crashable(step.node);
      return typeof node === 'string' ? { type: step.kind, node } : node;
    }
    case 'isolate': {
      const node = resolve.movable(step.node);
      return typeof node === 'string' ? { type: 'isolate', node } : node;
    }
    case 'partition':
      return { type: 'partition', groups: step.groups };
    case 'heal':
      return { type: 'heal' };
    case 'cut':
      return { type: 'cut', from: step.from, to: step.to, bothWays: step.bothWays ?? false };
    case 'restore':
      return { type: 'restore-link', from: step.from, to: step.to, bothWays: step.bothWays ?? false };
  }
}

/**
 * A network command as the lines the grammar reads back into it (the user's actions exported as a
 * scenario). `groupsAfter` is the network's groups once the command is applied: a drag onto another
 * island has no word of its own, so it is written as the partition it made.
 */
export function formatNetworkCommand(command: NetworkCommand<string, string>, groupsAfter: readonly (readonly string[])[]): string[] {
  switch (command.type) {
    case 'crash':
    case 'restart':
    case 'isolate':
      return [`${command.type} ${command.node}`];
    case 'heal':
      return ['heal'];
    case 'partition':
    case 'move':
      return [`partition ${groupsAfter.map((group) => group.join(',')).join(' | ')}`];
    case 'cut':
    case 'restore-link': {
      const word = command.type === 'cut' ? 'cut' : 'restore';
      return [`${word} ${command.from} ${command.to}${command.bothWays ? ' both' : ''}`];
    }
  }
}
