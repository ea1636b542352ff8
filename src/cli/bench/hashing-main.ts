// Runs the hashing benchmark section alone: npx tsx src/cli/bench/hashing-main.ts
import { runHashingBench } from './hashing.ts';

await runHashingBench((line) => console.log(line));
