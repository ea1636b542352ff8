// Runs the linearizability checker benchmark section alone: npx tsx src/cli/bench/checker-main.ts
import { runCheckerBench } from './checker.ts';

await runCheckerBench((line) => console.log(line));
