#!/usr/bin/env node
// Maelstrom's lin-kv workload as a node in plain Node.js: read / write / cas with Maelstrom's bodies
// and errors (20 key-does-not-exist, 22 precondition-failed). One primary (the first node) keeps the
// data, in $LAB_DATA_DIR so a restart keeps it; the others forward to it and relay its answer.
// Linearizable, unavailable while the primary is down or cut off. `--stale` plants the bug the
// linearizability check must catch: a node that is not the primary answers reads from a local copy
// of the writes that passed through it.
import { createInterface } from 'node:readline';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const stale = process.argv.includes('--stale');
let nodeId = null;
let primary = null;
let nextMessageId = 1;
let storeFile = null;
let store = {};
const forwarded = new Map();
const seen = {};

function send(dest, body) {
  process.stdout.write(`${JSON.stringify({ src: nodeId, dest, body: { msg_id: nextMessageId++, ...body } })}\n`);
}

function has(key) {
  return Object.prototype.hasOwnProperty.call(store, key);
}

function save() {
  if (storeFile) writeFileSync(storeFile, JSON.stringify(store));
}

function apply(op, body) {
  const key = String(body.key);
  if (op === 'read') return has(key) ? { type: 'read_ok', value: store[key] } : { type: 'error', code: 20, text: `no key ${key}` };
  if (op === 'write') {
    store[key] = body.value;
    save();
    return { type: 'write_ok' };
  }
  if (op === 'cas') {
    if (!has(key)) return { type: 'error', code: 20, text: `no key ${key}` };
    if (store[key] !== body.from) return { type: 'error', code: 22, text: `expected ${body.from}, found ${store[key]}` };
    store[key] = body.to;
    save();
    return { type: 'cas_ok' };
  }
  return { type: 'error', code: 10, text: `not supported: ${op}` };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const { src, body } = JSON.parse(line);
  if (body.type === 'init') {
    nodeId = body.node_id;
    primary = [...body.node_ids].sort()[0];
    if (process.env.LAB_DATA_DIR) {
      storeFile = join(process.env.LAB_DATA_DIR, 'store.json');
      if (existsSync(storeFile)) store = JSON.parse(readFileSync(storeFile, 'utf8'));
    }
    send(src, { type: 'init_ok', in_reply_to: body.msg_id });
  } else if (body.type === 'read' || body.type === 'write' || body.type === 'cas') {
    if (nodeId === primary) return send(src, { ...apply(body.type, body), in_reply_to: body.msg_id });
    const key = String(body.key);
    if (stale && body.type === 'read' && Object.prototype.hasOwnProperty.call(seen, key)) return send(src, { type: 'read_ok', value: seen[key], in_reply_to: body.msg_id });
    if (stale && body.type === 'write') seen[key] = body.value;
    const id = nextMessageId++;
    forwarded.set(id, { client: src, clientMessageId: body.msg_id });
    process.stdout.write(`${JSON.stringify({ src: nodeId, dest: primary, body: { ...body, type: 'forward', op: body.type, msg_id: id } })}\n`);
  } else if (body.type === 'forward') {
    send(src, { type: 'forward_ok', reply: apply(body.op, body), in_reply_to: body.msg_id });
  } else if (body.type === 'forward_ok') {
    const waiting = forwarded.get(body.in_reply_to);
    if (!waiting) return;
    forwarded.delete(body.in_reply_to);
    send(waiting.client, { ...body.reply, in_reply_to: waiting.clientMessageId });
  }
});
