// The shared network words read the same in every grammar: same step shapes, same errors, and the
// same kernel commands whichever lab runs them.
import { describe, expect, it } from 'vitest';
import { Network } from '../kernel/net/network.ts';
import { applyNetworkCommand, isNetworkCommand, type NetworkCommand } from '../kernel/net/commands.ts';
import { parseScenario } from './parse.ts';

const raftHeader = 'raft nodes=5 seed=1';
const quorumHeader = 'quorum replicas=3 clients=2 seed=1';

function firstError(source: string) {
  const parsed = parseScenario(source);
  if (parsed.ok) throw new Error('expected a parse error');
  return parsed.errors[0]!;
}

describe('network words shared by the raft and quorum grammars', () => {
  it('parse to the same step shapes', () => {
    const raft = parseScenario(`${raftHeader}\ncrash n1\nisolate n2\npartition n1,n2 | n3\ncut n1 n2\nrestore n1 n2\nheal`);
    const quorum = parseScenario(`${quorumHeader}\ncrash r1\nisolate c1\npartition r1,c1 | r2\ncut r1 r2\nrestore r1 r2\nheal`);
    if (!raft.ok || !quorum.ok) throw new Error('both scenarios should parse');
    const kinds = (steps: readonly { kind: string }[]) => steps.map((step) => step.kind);
    expect(kinds(raft.scenario.steps)).toEqual(['crash', 'isolate', 'partition', 'cut', 'restore', 'heal']);
    expect(kinds(quorum.scenario.steps)).toEqual(kinds(raft.scenario.steps));
    expect(quorum.scenario.steps[1]).toMatchObject({ kind: 'isolate', node: 'c1' });
    expect(quorum.scenario.steps[2]).toMatchObject({ kind: 'partition', groups: [['r1', 'c1'], ['r2']] });
  });

  it('read `both` after a cut or restore as the two directions at once (a click on a link)', () => {
    const parsed = parseScenario(`${raftHeader}\ncut n1 n2 both\nrestore n1 n2 both\ncut n1 n2`);
    if (!parsed.ok || parsed.scenario.lab !== 'raft') throw new Error('parse failed');
    expect(parsed.scenario.steps.map((step) => ('bothWays' in step ? step.bothWays : undefined))).toEqual([true, true, undefined]);
  });

  it('report the same mistakes at the same place, naming each lab’s ids', () => {
    expect(firstError(`${raftHeader}\nheal now`)).toMatchObject({ line: 2, column: 6, message: 'unexpected "now": heal takes no arguments' });
    expect(firstError(`${quorumHeader}\nheal now`)).toMatchObject({ line: 2, column: 6, message: 'unexpected "now": heal takes no arguments' });
    expect(firstError(`${raftHeader}\ncrash`)).toMatchObject({ line: 2, column: 7, message: 'missing argument: crash <node id or leader>' });
    expect(firstError(`${quorumHeader}\ncrash`)).toMatchObject({ line: 2, column: 7, message: 'missing argument: crash <replica>' });
    expect(firstError(`${quorumHeader}\ncut r1`).message).toBe('missing argument: cut <from> <to> [both]');
    expect(firstError(`${quorumHeader}\ncut r1 r2 twice`)).toMatchObject({ line: 2, column: 11, message: 'unexpected "twice": cut <from> <to> [both]' });
    expect(firstError(`${raftHeader}\npartition n1,n2 | n2`)).toMatchObject({ line: 2, column: 19, message: 'n2 is named twice' });
  });
});

describe('applyNetworkCommand', () => {
  const host = () => {
    const network = new Network(['a', 'b', 'c'], { latencyMsMin: 1, latencyMsMax: 1, loss: { numerator: 0, denominator: 1 }, duplication: { numerator: 0, denominator: 1 } });
    const calls: string[] = [];
    return { calls, host: { network, dropBlocked: () => calls.push('drop-blocked'), crash: (id: string) => calls.push(`crash ${id}`), restart: (id: string) => calls.push(`restart ${id}`) } };
  };

  it('shapes the network and drops what the new shape blocks; crash and restart are the lab’s own', () => {
    const { calls, host: target } = host();
    const commands: NetworkCommand[] = [
      { type: 'crash', node: 'a' },
      { type: 'partition', groups: [['a']] },
      { type: 'move', node: 'b', group: 0 },
      { type: 'cut', from: 'c', to: 'a', bothWays: true },
      { type: 'heal' },
      { type: 'isolate', node: 'c' },
      { type: 'restart', node: 'a' },
    ];
    const seen: unknown[] = [];
    for (const command of commands) {
      applyNetworkCommand(target, command);
      seen.push({ groups: target.network.getGroups().map((group) => group.join(',')), cuts: target.network.getCuts().length });
    }
    expect(calls).toEqual(['crash a', 'drop-blocked', 'drop-blocked', 'drop-blocked', 'drop-blocked', 'restart a']);
    expect(seen).toEqual([
      { groups: ['a,b,c'], cuts: 0 },
      { groups: ['a', 'b,c'], cuts: 0 },
      { groups: ['a,b', 'c'], cuts: 0 },
      { groups: ['a,b', 'c'], cuts: 2 },
      { groups: ['a,b,c'], cuts: 0 },
      { groups: ['a,b', 'c'], cuts: 0 },
      { groups: ['a,b', 'c'], cuts: 0 },
    ]);
  });

  it('tells shared words from a lab’s own commands', () => {
    expect(isNetworkCommand({ type: 'heal' })).toBe(true);
    expect(isNetworkCommand({ type: 'request' })).toBe(false);
  });
});
