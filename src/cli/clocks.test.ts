// `npm run clocks -- import` as a user runs it: real ShiViz logs give events and inferred messages as JSON; broken logs give file:line errors and exit 2.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const shiviz = resolve(root, 'test', 'fixtures', 'shiviz');

function clocksCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/clocks.ts'), ...args], { encoding: 'utf8', cwd: root });
}

describe('npm run clocks -- import', () => {
  it('reads an uploaded-form ShiViz log (regex on line 1) and prints events and the four inferred messages', () => {
    const result = clocksCli('import', join(shiviz, 'graph_viz', 'RpcClientServer.log'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.executions).toHaveLength(1);
    const [execution] = output.executions;
    expect(execution.hosts).toEqual(['client', 'server']);
    expect(execution.events).toHaveLength(10);
    expect(execution.messages.map((message: { send: string; receive: string }) => `${message.send}→${message.receive}`).sort()).toEqual(
      ['client:2→server:2', 'client:4→server:4', 'server:3→client:3', 'server:5→client:5'],
    );
  });

  it('reads a log with the --parser regex its README gives (3 hosts, 39 events, 16 messages)', () => {
    const parser = String.raw`\[\w+\] \[(?<date>([^ ]+ [^ ]+))\] [^ ]+ \[akka://Broadcast/user/(?<host>\w+)\] (?<clock>.*\}) (?<event>.*)`;
    const result = clocksCli('import', join(shiviz, 'log', 'simple-reliable-broadcast.log'), '--parser', parser);
    expect(result.status).toBe(0);
    const [execution] = JSON.parse(result.stdout).executions;
    expect(execution.hosts).toEqual(['node0', 'node1', 'node2']);
    expect(execution.events).toHaveLength(39);
    expect(execution.messages).toHaveLength(16);
    expect(execution.events[0].fields.date).toMatch(/^10\/13\/2014/);
  });

  it('exits 2 and names the line of a skipped clock count', () => {
    const log = 'a {"a":1}\nfirst\nb {"b":1}\nsecond\na {"a":3}\nskipped two\n';
    const file = join(mkdtempSync(join(tmpdir(), 'clocks-cli-')), 'broken.log');
    writeFileSync(file, log);
    const result = clocksCli('import', file, '--parser', String.raw`(?<host>\S+) (?<clock>\{.*\})\n(?<event>.*)`);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: `, 'm'));
  });

  it('exits 1 with the usage for a missing file argument', () => {
    const result = clocksCli('import');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^usage: npm run clocks -- import/);
  });
});
