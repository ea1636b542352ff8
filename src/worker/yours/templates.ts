// The node texts the page offers: a working starter, and broken variants the grader must catch.

import type { WorkloadName } from '../../kernel/protocols/yours/workload.ts';

export const STARTER_NODE = `// Raft leader election (§5.2), written against the lab's API. Every node runs this file on its own.
//   id            this node's name ("n1"); peers: the other nodes' names
//   send(to, body)          body is an object with a string "type"
//   setTimer(name, ms)      onTimer(name) fires after ms of virtual time (setting it again replaces it)
//   cancelTimer(name)       random(): seeded, in [0, 1)
//   report({ role, term })  what the picture and the checkers see
//   disk.read(key), disk.write(key, value)   survives a crash
//   log(...)                a line in the node's log

let term = disk.read('term') ?? 0;           // persistent (Figure 2): kept across a crash
let votedFor = disk.read('votedFor') ?? null; // persistent
let role = 'follower';
let votes = new Set();

const HEARTBEAT_MS = 50;
// Randomised, so that two nodes rarely time out together and split the vote.
function electionTimeout() {
  return 150 + Math.floor(random() * 150);
}

function save() {
  disk.write('term', term);
  disk.write('votedFor', votedFor);
}

function become(newRole) {
  role = newRole;
  report({ role, term });
}

function stepDown(newTerm) {
  term = newTerm;
  votedFor = null;
  save();
  cancelTimer('heartbeat');
  become('follower');
  setTimer('election', electionTimeout());
}

function onStart() {
  become('follower');
  setTimer('election', electionTimeout());
}

function onTimer(name) {
  if (name === 'election') {
    // No leader heard from: stand for election in a new term, voting for ourselves.
    term += 1;
    votedFor = id;
    save();
    votes = new Set([id]);
    become('candidate');
    for (const peer of peers) send(peer, { type: 'RequestVote', term });
    setTimer('election', electionTimeout());
    winIfMajority();
  } else if (name === 'heartbeat' && role === 'leader') {
    for (const peer of peers) send(peer, { type: 'AppendEntries', term });
    setTimer('heartbeat', HEARTBEAT_MS);
  }
}

function onMessage(from, body) {
  if (body.term > term) stepDown(body.term);
  if (body.type === 'RequestVote') {
    // One vote per term: only if we have not voted yet (or voted for this same candidate).
    const grant = body.term === term && (votedFor === null || votedFor === from);
    if (grant) {
      votedFor = from;
      save();
      setTimer('election', electionTimeout());
    }
    send(from, { type: 'RequestVoteReply', term, granted: grant });
  } else if (body.type === 'RequestVoteReply') {
    if (role === 'candidate' && body.term === term && body.granted) {
      votes.add(from);
      winIfMajority();
    }
  } else if (body.type === 'AppendEntries' && body.term === term) {
    if (role !== 'follower') become('follower');
    setTimer('election', electionTimeout());
  }
}

function winIfMajority() {
  if (role === 'candidate' && votes.size * 2 > peers.length + 1) {
    become('leader');
    cancelTimer('election');
    for (const peer of peers) send(peer, { type: 'AppendEntries', term });
    setTimer('heartbeat', HEARTBEAT_MS);
  }
}
`;

/** The line the vote-twice bug changes (the e2e spec fixes it back). */
export const CORRECT_GRANT_LINE = 'const grant = body.term === term && (votedFor === null || votedFor === from);';
export const VOTE_TWICE_GRANT_LINE = 'const grant = body.term === term; // BUG: forgets whom it already voted for';

export const VOTE_TWICE_NODE = STARTER_NODE.replace(CORRECT_GRANT_LINE, VOTE_TWICE_GRANT_LINE);

export const FIXED_TIMEOUT_NODE = STARTER_NODE.replace('return 150 + Math.floor(random() * 150);', 'return 200; // BUG: every node waits exactly as long');

/** Maelstrom's echo workload: the first program of Gossip Glomers. */
export const ECHO_NODE = `// Maelstrom's echo workload. Clients c1, c2, … send { type: "echo", echo, msg_id } to a node;
// the node answers with the same text: { type: "echo_ok", echo, in_reply_to: msg_id }.
function onMessage(from, body) {
  if (body.type === 'echo') {
    send(from, { type: 'echo_ok', echo: body.echo, in_reply_to: body.msg_id });
  }
}
`;

export const CORRECT_ECHO_LINE = "send(from, { type: 'echo_ok', echo: body.echo, in_reply_to: body.msg_id });";
export const WRONG_ECHO_NODE = ECHO_NODE.replace(CORRECT_ECHO_LINE, "send(from, { type: 'echo_ok', echo: body.echo.toUpperCase(), in_reply_to: body.msg_id }); // BUG: not the same text");

/**
 * Maelstrom's lin-kv workload, answered by one primary: linearizable (one copy, written to disk
 * before each reply), but unavailable while the primary is down or cut off — replacing it with a
 * replicated log (Raft) is the exercise.
 */
export const LIN_KV_NODE = `// Maelstrom's lin-kv workload: clients send read / write / cas (with msg_id) to any node and expect
//   read  { key }            → { type: "read_ok", value }   or error 20 (key-does-not-exist)
//   write { key, value }     → { type: "write_ok" }
//   cas   { key, from, to }  → { type: "cas_ok" }           or error 20, or 22 (precondition-failed)
// each reply with in_reply_to = the request's msg_id; errors are { type: "error", code, text }.
// This node keeps ONE copy of the data, on the primary (the first node); the others forward to it.
// Linearizable, but unavailable while the primary is down or cut off: make it Raft to do better.

const primary = [id, ...peers].sort()[0];
let store = disk.read('store') ?? {};   // the primary's data survives a crash
let nextMsgId = 1;
const forwarded = new Map();            // our msg_id → the client and its msg_id

function has(key) {
  return Object.prototype.hasOwnProperty.call(store, key);
}

// Carry out one operation on the primary's copy; the reply body, without in_reply_to.
function apply(op, body) {
  const key = String(body.key);
  if (op === 'read') return has(key) ? { type: 'read_ok', value: store[key] } : { type: 'error', code: 20, text: 'no key ' + key };
  if (op === 'write') {
    store[key] = body.value;
    disk.write('store', store);
    return { type: 'write_ok' };
  }
  if (op === 'cas') {
    if (!has(key)) return { type: 'error', code: 20, text: 'no key ' + key };
    if (store[key] !== body.from) return { type: 'error', code: 22, text: 'expected ' + body.from + ', found ' + store[key] };
    store[key] = body.to;
    disk.write('store', store);
    return { type: 'cas_ok' };
  }
  return { type: 'error', code: 10, text: 'not supported: ' + op };
}

function onMessage(from, body) {
  if (body.type === 'read' || body.type === 'write' || body.type === 'cas') {
    if (id === primary) {
      send(from, { ...apply(body.type, body), in_reply_to: body.msg_id });
      return;
    }
    const msgId = nextMsgId++;
    forwarded.set(msgId, { client: from, clientMsgId: body.msg_id });
    send(primary, { ...body, type: 'forward', op: body.type, msg_id: msgId });
  } else if (body.type === 'forward') {
    send(from, { type: 'forward_ok', reply: apply(body.op, body), in_reply_to: body.msg_id });
  } else if (body.type === 'forward_ok') {
    const waiting = forwarded.get(body.in_reply_to);
    if (!waiting) return;
    forwarded.delete(body.in_reply_to);
    send(waiting.client, { ...body.reply, in_reply_to: waiting.clientMsgId });
  }
}
`;

/** The planted bug: a node that is not the primary answers reads from what it last saw pass by. */
export const STALE_READ_NODE = LIN_KV_NODE.replace(
  `    const msgId = nextMsgId++;
    forwarded.set(msgId, { client: from, clientMsgId: body.msg_id });`,
  `    // BUG: answer reads from a local copy of what passed through here (stale once another node writes).
    const key = String(body.key);
    if (body.type === 'read' && Object.prototype.hasOwnProperty.call(seen, key)) {
      send(from, { type: 'read_ok', value: seen[key], in_reply_to: body.msg_id });
      return;
    }
    if (body.type === 'write') seen[key] = body.value;
    const msgId = nextMsgId++;
    forwarded.set(msgId, { client: from, clientMsgId: body.msg_id });`,
).replace('const forwarded = new Map();            // our msg_id → the client and its msg_id', 'const forwarded = new Map();            // our msg_id → the client and its msg_id\nconst seen = {};                        // BUG: a local copy, never refreshed');

export const NODE_TEMPLATES = {
  starter: { title: 'Starter: leader election', source: STARTER_NODE, workload: 'election' },
  'vote-twice': { title: 'Broken: votes twice in a term', source: VOTE_TWICE_NODE, workload: 'election' },
  'fixed-timeout': { title: 'Broken: no randomised timeout', source: FIXED_TIMEOUT_NODE, workload: 'election' },
  echo: { title: 'Echo (Maelstrom echo)', source: ECHO_NODE, workload: 'echo' },
  'echo-wrong': { title: 'Broken echo: answers other text', source: WRONG_ECHO_NODE, workload: 'echo' },
  'lin-kv': { title: 'Key-value store: one primary (lin-kv)', source: LIN_KV_NODE, workload: 'lin-kv' },
  'lin-kv-stale': { title: 'Broken key-value store: stale local reads', source: STALE_READ_NODE, workload: 'lin-kv' },
} as const satisfies Record<string, { readonly title: string; readonly source: string; readonly workload: WorkloadName }>;

export type NodeTemplateName = keyof typeof NODE_TEMPLATES;
