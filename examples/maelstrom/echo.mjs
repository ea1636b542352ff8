#!/usr/bin/env node
// Maelstrom's echo workload (Gossip Glomers' first challenge) as a node in plain Node.js: answer
// {type: "echo", echo, msg_id} with {type: "echo_ok", echo, in_reply_to}. `--wrong` plants the bug
// the echo check must catch: it answers with the text in capitals.
import { createInterface } from 'node:readline';

const wrong = process.argv.includes('--wrong');
let nodeId = null;
let nextMessageId = 1;

function reply(request, body) {
  process.stdout.write(`${JSON.stringify({ src: nodeId, dest: request.src, body: { ...body, msg_id: nextMessageId++, in_reply_to: request.body.msg_id } })}\n`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  const { body } = message;
  if (body.type === 'init') {
    nodeId = body.node_id;
    reply(message, { type: 'init_ok' });
  } else if (body.type === 'echo') {
    reply(message, { type: 'echo_ok', echo: wrong ? String(body.echo).toUpperCase() : body.echo });
  }
});
