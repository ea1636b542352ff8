// The node texts the page offers: a working starter, and broken variants the grader must catch.

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

export const NODE_TEMPLATES = {
  starter: { title: 'Starter: leader election', source: STARTER_NODE },
  'vote-twice': { title: 'Broken: votes twice in a term', source: VOTE_TWICE_NODE },
  'fixed-timeout': { title: 'Broken: no randomised timeout', source: FIXED_TIMEOUT_NODE },
} as const;

export type NodeTemplateName = keyof typeof NODE_TEMPLATES;
