// `npm run scenario -- <file>`: runs a scenario headless and prints one JSON line per command.
// Exit codes: 0 all expectations held, 1 an expectation failed (or a step could not run), 2 bad file.

import { readFileSync } from 'node:fs';
import { formatScenarioError, parseScenario, type Scenario } from '../scenario/parse.ts';
import { runRaftScenarioCli } from './scenario-raft.ts';
import { runHashingScenarioCli } from './scenario-hashing.ts';
import { runClocksScenarioCli } from './scenario-clocks.ts';
import { runQuorumScenarioCli } from './scenario-quorum.ts';
import { runReplicationScenarioCli } from './scenario-replication.ts';
import { runRealScenarioCli } from './scenario-real.ts';
import { runBothTargetsCli } from './scenario-both.ts';
import { runCrdtScenarioCli } from './scenario-crdt.ts';
import { runCommitScenarioCli } from './scenario-commit.ts';
import { runDeliveryScenarioCli } from './scenario-delivery.ts';

/** Each lab's headless runner: prints its JSON lines, returns whether every expectation held. */
function runScenario(scenario: Scenario, print: (value: unknown) => void): boolean {
  switch (scenario.lab) {
    case 'raft':
      return runRaftScenarioCli(scenario, print);
    case 'hashing':
      return runHashingScenarioCli(scenario, print);
    case 'clocks':
      return runClocksScenarioCli(scenario, print);
    case 'quorum':
      return runQuorumScenarioCli(scenario, print);
    case 'crdt':
      return runCrdtScenarioCli(scenario, print);
    case 'replication':
      return runReplicationScenarioCli(scenario, print);
    case 'commit':
      return runCommitScenarioCli(scenario, print);
    case 'delivery':
      return runDeliveryScenarioCli(scenario, print);
  }
}

function main(argv: readonly string[]): number | Promise<number> {
  // `--target real` runs raft scenarios on real etcd and replication scenarios on real PostgreSQL (src/live);
  // `--target both` runs the simulation and the real system and prints them side by side, line by line.
  const targetAt = argv.indexOf('--target');
  const target = targetAt === -1 ? 'sim' : argv[targetAt + 1];
  const rest = targetAt === -1 ? argv : argv.filter((_, index) => index !== targetAt && index !== targetAt + 1);
  const file = rest[0];
  if (!file || rest.length > 1 || (target !== 'sim' && target !== 'real' && target !== 'both')) {
    process.stderr.write('usage: npm run scenario -- <file.scenario> [--target sim|real|both]\n');
    return 2;
  }
  if (target === 'real') return runRealScenarioCli(file);
  if (target === 'both') return runBothTargetsCli(file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(source);
  if (!parsed.ok) {
    for (const error of parsed.errors) process.stderr.write(`${formatScenarioError(file, error)}\n`);
    return 2;
  }
  return runScenario(parsed.scenario, (value) => process.stdout.write(`${JSON.stringify(value)}\n`)) ? 0 : 1;
}

void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
