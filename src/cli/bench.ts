// `npm run bench`: every benchmark section, each printing its workload next to its figures.

import { runRaftBench } from './bench/raft.ts';

type Section = { name: string; load: () => Promise<(log: (line: string) => void) => Promise<void>> };

const sections: Section[] = [
  { name: 'raft', load: async () => runRaftBench },
  { name: 'hashing', load: async () => (await import('./bench/hashing.ts')).runHashingBench },
  { name: 'checker', load: async () => (await import('./bench/checker.ts')).runCheckerBench },
  { name: 'ui', load: async () => (await import('./bench/ui.ts')).runUiBench },
  { name: 'quorum', load: async () => (await import('./bench/quorum.ts')).runQuorumBench },
  { name: 'crdt', load: async () => (await import('./bench/crdt.ts')).runCrdtBench },
  { name: 'replication', load: async () => (await import('./bench/replication.ts')).runReplicationBench },
  { name: 'commit', load: async () => (await import('./bench/commit.ts')).runCommitBench },
];

const only = process.argv.slice(2);
for (const section of sections) {
  if (only.length > 0 && !only.includes(section.name)) continue;
  console.log(`\n## ${section.name}`);
  await (await section.load())((line) => console.log(line));
}
