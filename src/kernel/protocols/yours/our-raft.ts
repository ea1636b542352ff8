// Our own Raft (../raft/node.ts, unmodified) as a node of this lab, speaking only the learner's API:
// the reference the grader must pass, and proof that the checks judge behaviour, not code.

import { RaftNode } from '../raft/node.ts';
import type { RaftMessage } from '../raft/types.ts';
import type { Body, NodeFactory } from './types.ts';

export const OUR_RAFT_TIMING = { electionTimeoutMsMin: 150, electionTimeoutMsMax: 300, heartbeatIntervalMs: 50 } as const;

export const ourRaftFactory: NodeFactory = (api) => {
  const node = new RaftNode(api.id, api.peers);
  // Persistent state (Figure 2) comes back from the disk after a restart.
  const saved = api.disk.read('raft') as { currentTerm: number; votedFor: string | null } | undefined;
  if (saved) {
    node.currentTerm = saved.currentTerm;
    node.votedFor = saved.votedFor;
  }
  const flush = () => {
    for (const effect of node.outbox) {
      if (effect.type === 'send') api.send(effect.to, effect.message as unknown as Body);
      else if (effect.type === 'resetElectionTimer') {
        const { electionTimeoutMsMin: min, electionTimeoutMsMax: max } = OUR_RAFT_TIMING;
        api.setTimer('election', min + Math.floor(api.random() * (max - min + 1)));
      } else if (effect.type === 'stopElectionTimer') api.cancelTimer('election');
      else if (effect.type === 'startHeartbeatTimer') api.setTimer('heartbeat', OUR_RAFT_TIMING.heartbeatIntervalMs);
      else api.cancelTimer('heartbeat');
    }
    node.outbox = [];
    api.disk.write('raft', { currentTerm: node.currentTerm, votedFor: node.votedFor });
    api.report({ role: node.role, term: node.currentTerm });
  };
  return {
    onStart() {
      node.start();
      flush();
    },
    onMessage(from, body) {
      node.receive(from, body as unknown as RaftMessage);
      flush();
    },
    onTimer(name) {
      if (name === 'election') node.electionTimeout();
      else node.heartbeatTimeout();
      flush();
    },
  };
};
