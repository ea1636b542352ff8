// The "when not to" twin: the same account as a replicated state machine on the Raft kernel
// (RaftNode, composed and unmodified). Every deposit and withdrawal goes through the log; the
// state machine checks `balance >= amount` when it applies a committed entry, in log order, so a
// second withdrawal is refused — and a replica that cannot reach a majority cannot answer at all.

import type { Prng } from '../../prng.ts';
import { RaftNode, type RaftNodeSnapshot } from '../raft/node.ts';
import type { RaftEffect, RaftMessage, TimerKind } from '../raft/types.ts';
import { assertNever, replicaIndexOf, type ReplicaId } from './types.ts';

export type BankOperationKind = 'inc' | 'dec' | 'withdraw';

export type BankMessage =
  | { readonly type: 'raft'; readonly message: RaftMessage }
  /** A replica that does not lead passes its operation to the leader it knows. */
  | { readonly type: 'bank-forward'; readonly opId: number; readonly kind: BankOperationKind; readonly amount: number }
  | { readonly type: 'bank-result'; readonly opId: number; readonly status: 'ok' | 'refused' | 'unavailable'; readonly balance: number; readonly detail: string };

export type BankEvent =
  | { readonly type: 'raft-timer'; readonly replica: ReplicaId; readonly timer: TimerKind; readonly generation: number }
  | { readonly type: 'bank-timeout'; readonly opId: number };

/**
 * Outcomes: `ok` committed and applied; `refused` committed, and the state machine said no (the
 * balance was too low); `unavailable` definitely not done (the replica is down or knows no
 * leader); `timeout` no answer in time — like a Jepsen `info`, it may still commit later.
 */
export type BankStatus = 'pending' | 'ok' | 'refused' | 'unavailable' | 'timeout';

export interface BankOperation {
  readonly id: number;
  readonly replica: ReplicaId;
  readonly kind: BankOperationKind;
  readonly amount: number;
  readonly invokeMs: number;
  readonly status: BankStatus;
  readonly completeMs: number | null;
  /** The balance the state machine reached by applying it (ok or refused). */
  readonly balanceAfter: number | null;
  readonly detail: string;
}

export interface BankHost {
  nowMs(): number;
  readonly prng: Prng;
  send(from: ReplicaId, to: ReplicaId, message: BankMessage): void;
  schedule(timeMs: number, event: BankEvent): void;
  isAlive(id: ReplicaId): boolean;
}

export interface BankTiming {
  readonly raftTimeoutMs: number;
  readonly electionTimeoutMsMin: number;
  readonly electionTimeoutMsMax: number;
  readonly heartbeatIntervalMs: number;
}

interface LoggedBankOperation {
  readonly opId: number;
  readonly kind: BankOperationKind;
  readonly amount: number;
  /** The replica the operation entered at (it answers), and the leader that appended it (it reports). */
  readonly entry: ReplicaId;
  readonly proposer: ReplicaId;
}

interface AccountState {
  balance: number;
  applied: number;
  appliedOps: Set<number>;
}

interface Timers {
  election: number;
  heartbeat: number;
}

export interface BankSnapshot {
  readonly nodes: readonly RaftNodeSnapshot[];
  readonly accounts: readonly { readonly balance: number; readonly applied: number; readonly appliedOps: readonly number[] }[];
  readonly timers: readonly Timers[];
  readonly operations: readonly BankOperation[];
}

export class BankOnRaft {
  readonly nodes: readonly RaftNode[];
  private accounts: AccountState[];
  private timers: Timers[];
  private operationList: BankOperation[] = [];

  constructor(
    readonly replicaIds: readonly ReplicaId[],
    private readonly host: BankHost,
    private readonly timing: BankTiming,
  ) {
    // etcd's extensions on: PreVote keeps a rejoining minority from disrupting the leader,
    // CheckQuorum makes a leader cut off from the majority step down, the no-op commits old entries.
    this.nodes = replicaIds.map((id) => new RaftNode(id, replicaIds.filter((other) => other !== id), new Set(), { preVote: true, checkQuorum: true, leaderNoop: true }));
    this.accounts = replicaIds.map(() => ({ balance: 0, applied: 0, appliedOps: new Set() }));
    this.timers = replicaIds.map(() => ({ election: 0, heartbeat: 0 }));
    for (const node of this.nodes) {
      node.start();
      this.settle(node);
    }
  }

  get operations(): readonly BankOperation[] {
    return this.operationList;
  }

  operation(id: number): BankOperation | undefined {
    return this.operationList[id];
  }

  /** The balance a replica's state machine holds (what a read served there would return). */
  balanceAt(replica: ReplicaId): number {
    return this.accounts[replicaIndexOf(replica)]!.balance;
  }

  /** The alive leader of the highest term, if any. */
  leader(): RaftNode | undefined {
    let best: RaftNode | undefined;
    for (const node of this.nodes) if (node.role === 'leader' && this.host.isAlive(node.id) && (!best || node.currentTerm > best.currentTerm)) best = node;
    return best;
  }

  /** The operation enters at `replica`: appended there if it leads, forwarded to the leader it knows, else refused at once. */
  submit(replica: ReplicaId, kind: BankOperationKind, amount: number): number {
    const id = this.operationList.length;
    const now = this.host.nowMs();
    this.operationList.push({ id, replica, kind, amount, invokeMs: now, status: 'pending', completeMs: null, balanceAfter: null, detail: '' });
    if (!this.host.isAlive(replica)) {
      this.complete(id, 'unavailable', null, `${replica} is down`);
      return id;
    }
    const node = this.node(replica);
    if (node.role === 'leader') {
      this.append(node, { opId: id, kind, amount, entry: replica, proposer: replica });
    } else if (node.leaderId !== null) {
      this.host.send(replica, node.leaderId, { type: 'bank-forward', opId: id, kind, amount });
    } else {
      this.complete(id, 'unavailable', null, `${replica} knows no leader (no majority has elected one it can hear)`);
      return id;
    }
    this.host.schedule(now + this.timing.raftTimeoutMs, { type: 'bank-timeout', opId: id });
    return id;
  }

  receive(to: ReplicaId, from: ReplicaId, message: BankMessage): void {
    const node = this.node(to);
    switch (message.type) {
      case 'raft': {
        node.receive(from, message.message);
        return this.settle(node);
      }
      case 'bank-forward':
        if (node.role !== 'leader') {
          this.host.send(to, from, { type: 'bank-result', opId: message.opId, status: 'unavailable', balance: this.balanceAt(to), detail: `${to} no longer leads` });
          return;
        }
        return this.append(node, { opId: message.opId, kind: message.kind, amount: message.amount, entry: from, proposer: to });
      case 'bank-result':
        return this.complete(message.opId, message.status, message.status === 'unavailable' ? null : message.balance, message.detail);
      default:
        return assertNever(message);
    }
  }

  fire(event: BankEvent): void {
    if (event.type === 'bank-timeout') {
      const operation = this.operationList[event.opId];
      if (operation?.status === 'pending') {
        this.complete(event.opId, 'timeout', null, `no answer within ${this.timing.raftTimeoutMs} ms: ${operation.replica} cannot get a majority to commit it (it may still commit later)`);
      }
      return;
    }
    const node = this.node(event.replica);
    const timers = this.timers[replicaIndexOf(event.replica)]!;
    if (!this.host.isAlive(event.replica) || timers[event.timer] !== event.generation) return; // stale wake-up
    if (event.timer === 'election') node.electionTimeout();
    else node.heartbeatTimeout();
    this.settle(node);
  }

  crash(replica: ReplicaId): void {
    const timers = this.timers[replicaIndexOf(replica)]!;
    timers.election += 1;
    timers.heartbeat += 1;
  }

  restart(replica: ReplicaId): void {
    // The account is volatile state: rebuilt by re-applying the committed log (commitIndex restarts at 0).
    this.accounts[replicaIndexOf(replica)] = { balance: 0, applied: 0, appliedOps: new Set() };
    const node = this.node(replica);
    node.restart();
    this.settle(node);
  }

  snapshot(): BankSnapshot {
    return {
      nodes: this.nodes.map((node) => node.snapshot()),
      accounts: this.accounts.map((account) => ({ balance: account.balance, applied: account.applied, appliedOps: [...account.appliedOps] })),
      timers: this.timers.map((timers) => ({ ...timers })),
      operations: this.operationList.slice(),
    };
  }

  restore(snapshot: BankSnapshot): void {
    this.nodes.forEach((node, index) => node.restore(snapshot.nodes[index]!));
    this.accounts = snapshot.accounts.map((account) => ({ balance: account.balance, applied: account.applied, appliedOps: new Set(account.appliedOps) }));
    this.timers = snapshot.timers.map((timers) => ({ ...timers }));
    this.operationList = snapshot.operations.slice();
  }

  private node(replica: ReplicaId): RaftNode {
    return this.nodes[replicaIndexOf(replica)]!;
  }

  private append(node: RaftNode, entry: LoggedBankOperation): void {
    node.clientRequest(JSON.stringify(entry));
    this.settle(node);
  }

  private complete(opId: number, status: Exclude<BankStatus, 'pending'>, balance: number | null, detail: string): void {
    const operation = this.operationList[opId];
    if (!operation || operation.status !== 'pending') return;
    this.operationList[opId] = { ...operation, status, completeMs: this.host.nowMs(), balanceAfter: balance, detail };
  }

  /** After any Raft input: carry out the node's effects, then apply newly committed entries in log order. */
  private settle(node: RaftNode): void {
    const effects = node.outbox;
    node.outbox = [];
    for (const effect of effects) this.carryOut(node.id, effect);
    const account = this.accounts[replicaIndexOf(node.id)]!;
    while (account.applied < node.commitIndex) {
      account.applied += 1;
      const value = node.log[account.applied - 1]!.value;
      if (value === 'no-op') continue; // a new leader's empty entry (leaderNoop)
      const entry = JSON.parse(value) as LoggedBankOperation;
      if (account.appliedOps.has(entry.opId)) continue; // a duplicated forward was appended twice: apply once
      account.appliedOps.add(entry.opId);
      let status: 'ok' | 'refused' = 'ok';
      let detail = '';
      if (entry.kind === 'inc') account.balance += entry.amount;
      else if (entry.kind === 'dec') account.balance -= entry.amount;
      else if (account.balance >= entry.amount) account.balance -= entry.amount;
      else {
        status = 'refused';
        detail = `refused by the state machine: the balance is ${account.balance} < ${entry.amount} at log index ${account.applied}`;
      }
      if (entry.proposer !== node.id) continue;
      if (entry.entry === node.id) this.complete(entry.opId, status, account.balance, detail);
      else this.host.send(node.id, entry.entry, { type: 'bank-result', opId: entry.opId, status, balance: account.balance, detail });
    }
  }

  private carryOut(replica: ReplicaId, effect: RaftEffect): void {
    const timers = this.timers[replicaIndexOf(replica)]!;
    const now = this.host.nowMs();
    switch (effect.type) {
      case 'send':
        return this.host.send(replica, effect.to, { type: 'raft', message: effect.message });
      case 'resetElectionTimer':
        timers.election += 1;
        return this.host.schedule(now + this.host.prng.intBetween(this.timing.electionTimeoutMsMin, this.timing.electionTimeoutMsMax), {
          type: 'raft-timer',
          replica,
          timer: 'election',
          generation: timers.election,
        });
      case 'stopElectionTimer':
        timers.election += 1;
        return;
      case 'startHeartbeatTimer':
        timers.heartbeat += 1;
        return this.host.schedule(now + this.timing.heartbeatIntervalMs, { type: 'raft-timer', replica, timer: 'heartbeat', generation: timers.heartbeat });
      case 'stopHeartbeatTimer':
        timers.heartbeat += 1;
        return;
      default:
        return assertNever(effect);
    }
  }
}
