#!/usr/bin/env node
// Nodes that break the protocol, for the bridge's tests: `garbage` prints a non-JSON line after
// init, `exit` exits after init, `silent` never answers init, `spin` answers init and then spins.
import { createInterface } from 'node:readline';

const mode = process.argv[2];
createInterface({ input: process.stdin }).on('line', (line) => {
  const { src, body } = JSON.parse(line);
  if (body.type !== 'init' || mode === 'silent') return;
  process.stdout.write(`${JSON.stringify({ src: body.node_id, dest: src, body: { type: 'init_ok', in_reply_to: body.msg_id } })}\n`);
  if (mode === 'garbage') process.stdout.write('hello from a node that logs to stdout\n');
  if (mode === 'exit') process.exit(3);
  if (mode === 'spin') for (;;);
});
