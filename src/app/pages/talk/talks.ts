// The shipped talks (scenario presets with beats), the lab each opens in, the interviewer's faults
// per lab, and where rehearsals are kept (localStorage, per talk).
import type { NetworkCommand } from '../../../kernel/net/commands.ts';
import type { FaultOption, Rehearsal } from './talk.ts';

const FILES = import.meta.glob<string>(['../../../scenario/presets/talk-*.scenario', '../../../scenario/presets/*-talk-*.scenario'], { query: '?raw', import: 'default', eager: true });

/** `#/talk?name=…` → the preset file (names the exam page links to: keep them). */
const SHIPPED: Readonly<Record<string, string>> = {
  'raft-in-10': 'talk-raft-in-10',
  'crdts-in-5': 'crdt-talk-crdts-in-5',
  'cap-pacelc-in-5': 'quorum-talk-cap-pacelc-in-5',
};

export const TALK_NAMES: readonly string[] = Object.keys(SHIPPED);

export function shippedTalkSource(name: string): string | null {
  const file = Object.hasOwn(SHIPPED, name) ? SHIPPED[name] : undefined;
  if (!file) return null;
  const entry = Object.entries(FILES).find(([path]) => path.endsWith(`/${file}.scenario`));
  return entry ? entry[1] : null;
}

/** The route of the lab a talk's header names. */
export const LAB_ROUTES: Readonly<Record<string, string>> = {
  raft: '/raft',
  quorum: '/quorums',
  crdt: '/crdts',
  replication: '/replication',
  commit: '/commit',
  delivery: '/delivery',
  hashing: '/hashing',
};

interface LabFault extends FaultOption {
  /** The command to send, given the node the lab shows as leader (if any). */
  readonly command: (leader: string | null) => NetworkCommand;
}

/** What the interviewer may do to each lab's running simulation, and the question that comes with it. */
const FAULTS: Readonly<Record<string, readonly LabFault[]>> = {
  raft: [
    {
      fault: 'crashed the leader',
      question: 'I just crashed your leader. Who notices, how is the next leader chosen, and can a committed write be lost?',
      command: (leader) => ({ type: 'crash', node: leader ?? 'n1' }),
    },
    {
      fault: 'cut n2 off from the others',
      question: 'n2 is now partitioned away. What does it do while alone, and what happens to its term and log when it comes back?',
      command: () => ({ type: 'isolate', node: 'n2' }),
    },
  ],
  quorum: [
    {
      fault: 'cut r1 off from the others',
      question: 'Replica r1 is partitioned away. Which reads and writes still succeed at ONE and at QUORUM — and which may now return stale data?',
      command: () => ({ type: 'isolate', node: 'r1' }),
    },
  ],
  crdt: [
    {
      fault: 'split r1 from r2 and r3',
      question: 'The network just split r1 from r2 and r3. What happens to writes on each side, and how do the replicas agree again afterwards?',
      command: () => ({ type: 'partition', groups: [['r1'], ['r2', 'r3']] }),
    },
  ],
};

export function faultOptions(lab: string): readonly LabFault[] {
  return FAULTS[lab] ?? [];
}

/** The leader the picture shows (Raft's node glyphs carry data-role). */
export function leaderOnScreen(): string | null {
  const node = document.querySelector('[data-role="leader"][data-testid^="node-"]');
  return node?.getAttribute('data-testid')?.slice('node-'.length) ?? null;
}

const STORAGE_PREFIX = 'quorum-lab:talk:v1:';
/** Older rehearsals drop off the end. */
const HISTORY_LIMIT = 50;

export interface TalkRecord {
  readonly rehearsals: readonly Rehearsal[];
  readonly interrupts: boolean;
}

export function readTalkRecord(name: string): TalkRecord {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_PREFIX + name) ?? 'null') as Partial<TalkRecord> | null;
    if (parsed && Array.isArray(parsed.rehearsals)) return { rehearsals: parsed.rehearsals, interrupts: parsed.interrupts === true };
  } catch {
    // A damaged entry starts the history afresh rather than breaking the page.
  }
  return { rehearsals: [], interrupts: false };
}

/** Saves the record; false when storage refused (full, or private mode), so the page can say so. */
export function writeTalkRecord(name: string, record: TalkRecord): boolean {
  try {
    localStorage.setItem(STORAGE_PREFIX + name, JSON.stringify({ ...record, rehearsals: record.rehearsals.slice(-HISTORY_LIMIT) }));
    return true;
  } catch {
    return false;
  }
}
