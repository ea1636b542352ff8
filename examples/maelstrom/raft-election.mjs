#!/usr/bin/env node
// Raft leader election (§5.2) as a Maelstrom node in plain Node.js: newline-delimited JSON on
// stdin/stdout ({src, dest, body}), the init/init_ok handshake, logs on stderr. It reports its
// role and term to the lab with a message to "lab". currentTerm and votedFor are kept in
// $LAB_DATA_DIR (when the lab gives one), so a restarted process remembers them, as Raft requires.
// Planted bugs the lab's checkers must catch: `--vote-twice` grants every vote in its term;
// `--forget-on-restart` keeps nothing on disk, so a restarted node starts again at term 0.
import { createInterface } from 'node:readline';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const voteTwice = process.argv.includes('--vote-twice');
const forget = process.argv.includes('--forget-on-restart');
const stateFile = process.env.LAB_DATA_DIR && !forget ? join(process.env.LAB_DATA_DIR, 'raft.json') : null;
let nodeId = null;
let peers = [];
let nextMessageId = 1;
let term = 0;
let votedFor = null;
let role = 'follower';
let votes = new Set();
let electionTimer = null;
let heartbeatTimer = null;

function send(dest, body) {
  process.stdout.write(`${JSON.stringify({ src: nodeId, dest, body: { msg_id: nextMessageId++, ...body } })}\n`);
}

function save() {
  if (stateFile) writeFileSync(stateFile, JSON.stringify({ term, votedFor }));
}

function become(newRole) {
  if (newRole !== role) console.error(`${nodeId}: ${role} -> ${newRole} in term ${term}`);
  role = newRole;
  send('lab', { type: 'state', role, term });
}

function resetElectionTimer() {
  clearTimeout(electionTimer);
  electionTimer = setTimeout(startElection, 300 + Math.floor(Math.random() * 300));
}

function startElection() {
  term += 1;
  votedFor = nodeId;
  save();
  votes = new Set([nodeId]);
  become('candidate');
  for (const peer of peers) send(peer, { type: 'request_vote', term });
  resetElectionTimer();
  winIfMajority();
}

function winIfMajority() {
  if (role !== 'candidate' || votes.size * 2 <= peers.length + 1) return;
  become('leader');
  clearTimeout(electionTimer);
  heartbeat();
}

function heartbeat() {
  if (role !== 'leader') return;
  for (const peer of peers) send(peer, { type: 'append_entries', term });
  heartbeatTimer = setTimeout(heartbeat, 100);
}

function stepDown(newTerm) {
  term = newTerm;
  votedFor = null;
  save();
  clearTimeout(heartbeatTimer);
  become('follower');
  resetElectionTimer();
}

function handle({ src, body }) {
  if (body.type === 'init') {
    nodeId = body.node_id;
    peers = body.node_ids.filter((id) => id !== nodeId);
    if (stateFile && existsSync(stateFile)) ({ term, votedFor } = JSON.parse(readFileSync(stateFile, 'utf8')));
    send(src, { type: 'init_ok', in_reply_to: body.msg_id });
    become('follower');
    resetElectionTimer();
    return;
  }
  if (typeof body.term === 'number' && body.term > term) stepDown(body.term);
  if (body.type === 'request_vote') {
    const grant = body.term === term && (voteTwice || votedFor === null || votedFor === src);
    if (grant) {
      votedFor = src;
      save();
      resetElectionTimer();
    }
    send(src, { type: 'request_vote_ok', in_reply_to: body.msg_id, term, granted: grant });
  } else if (body.type === 'request_vote_ok') {
    if (role === 'candidate' && body.term === term && body.granted) {
      votes.add(src);
      winIfMajority();
    }
  } else if (body.type === 'append_entries' && body.term === term) {
    if (role !== 'follower') become('follower');
    resetElectionTimer();
  }
}

createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
  if (line.trim()) handle(JSON.parse(line));
});
