// The safety lab's words: each checked property's name, each break-it switch and extension with
// what the paper says, and the preset that shows it. Plain text only (rendered as text, never HTML).
import type { InvariantName } from '../../../kernel/protocols/raft/invariants.ts';
import type { RaftBug, RaftFeatures } from '../../../kernel/protocols/raft/types.ts';

export const INVARIANT_TITLES: Readonly<Record<InvariantName, string>> = {
  'election-safety': 'Election Safety',
  'leader-append-only': 'Leader Append-Only',
  'log-matching': 'Log Matching',
  'leader-completeness': 'Leader Completeness',
  'state-machine-safety': 'State Machine Safety',
  'committed-entry-durable': 'Committed entries stay on a majority',
};

export interface SwitchText {
  readonly title: string;
  /** Which rule of the paper it is about, e.g. "§5.4.2, Figure 8". */
  readonly section: string;
  readonly explanation: string;
  /** The preset that shows it (when it exists among the shipped presets). */
  readonly preset: string;
  /** A preset to compare with, showing the other side. */
  readonly comparePreset?: { readonly name: string; readonly label: string };
}

export const BUG_TEXT: Readonly<Record<RaftBug, SwitchText>> = {
  'commit-old-term': {
    title: 'Commit entries from earlier terms by counting replicas',
    section: '§5.4.2, Figure 8',
    explanation:
      'Removes the rule that a leader counts replicas only for entries of its own term. The paper: “Raft never commits log entries from previous terms by counting replicas.” Figure 8 shows why: an entry of term 2 sits on a majority, yet a server holding a term-3 entry can still be elected and overwrite it. With the switch on, that entry was already counted as committed, so a committed entry is lost.',
    preset: 'bug-commit-old-term',
    comparePreset: { name: 'figure-8', label: 'Figure 8, guided (correct Raft)' },
  },
  'vote-without-log-check': {
    title: 'Grant votes without the up-to-date log check',
    section: '§5.4.1, election restriction',
    explanation:
      'Removes the election restriction: “the voter denies its vote if its own log is more up-to-date than that of the candidate.” Because a candidate needs a majority and every committed entry is on a majority, the check guarantees the winner holds every committed entry. Without it a server with an empty log can win and then erase committed entries (Leader Completeness fails).',
    preset: 'bug-vote-without-log-check',
  },
  'forget-on-restart': {
    title: 'Forget currentTerm and votedFor on restart',
    section: 'Figure 2, persistent state',
    explanation:
      'Figure 2 lists currentTerm, votedFor and the log as persistent state, “updated on stable storage before responding to RPCs”. With the switch on a server forgets whom it voted for when it restarts, can vote a second time in the same term, and two leaders are elected in one term (Election Safety fails).',
    preset: 'bug-forget-on-restart',
  },
  'no-truncate': {
    title: 'Followers keep conflicting entries',
    section: '§5.3, log matching',
    explanation:
      'Removes step 3 of AppendEntries in Figure 2: “If an existing entry conflicts with a new one (same index but different terms), delete the existing entry and all that follow it.” The follower overwrites one entry but keeps the stale ones after it, so two logs hold the same (index, term) entry on different histories (Log Matching fails).',
    preset: 'bug-no-truncate',
  },
  'fixed-election-timeout': {
    title: 'Same election timeout on every node',
    section: '§5.2, randomized timeouts',
    explanation:
      '“Raft uses randomized election timeouts to ensure that split votes are rare and that they are resolved quickly.” With one fixed timeout every follower times out together, votes for itself, and the vote splits again every round: terms climb and no leader is elected. This breaks liveness, not safety, so the panel stays green: watch the terms instead.',
    preset: 'bug-fixed-election-timeout',
  },
};

export const FEATURE_TEXT: Readonly<Record<keyof RaftFeatures, SwitchText>> = {
  preVote: {
    title: 'PreVote',
    section: 'Raft thesis §9.6, etcd',
    explanation:
      'Before raising its term a node asks “would you vote for me?” and campaigns only if a majority says yes. A node cut off from the cluster gets no majority, so its term stays put; when it comes back it follows the leader instead of deposing it with a higher term.',
    preset: 'prevote-rejoin',
    comparePreset: { name: 'disruptive-rejoin', label: 'Without PreVote: disruptive rejoin' },
  },
  checkQuorum: {
    title: 'CheckQuorum',
    section: 'etcd',
    explanation:
      'A leader that has not heard from a majority within an election timeout steps down. Without it a leader cut off in a minority keeps believing it leads and accepts client writes that can never commit.',
    preset: 'check-quorum',
    comparePreset: { name: 'majority-partition', label: 'Without CheckQuorum: the old leader stays' },
  },
  leaderNoop: {
    title: 'Leader no-op entry',
    section: '§5.4.2 and §8',
    explanation:
      'A new leader appends an empty entry of its own term at once. Entries of earlier terms may only commit indirectly, once an entry of the current term commits (§5.4.2); without the no-op they wait for the next client write. §8: each leader commits “a blank no-op entry into the log at the start of its term”.',
    preset: 'leader-noop',
  },
};

export const FEATURE_NAMES: readonly (keyof RaftFeatures)[] = ['preVote', 'checkQuorum', 'leaderNoop'];
