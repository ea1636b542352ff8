// The time order of call and return entries that both the search and its explanations walk.
import type { Operation } from './history.ts';

/**
 * Call and return entries sorted by time. At equal times calls come first, so operations that touch
 * at an instant count as concurrent (see `precedesInRealTime`); then by operation, for determinism.
 */
export function entryOrder<Input, Output>(operations: readonly Operation<Input, Output>[]): number[] {
  const nodes: number[] = [];
  for (let index = 0; index < operations.length; index++) nodes.push(2 * index + 1, 2 * index + 2);
  const timeOf = (node: number): number => {
    const operation = operations[(node - 1) >> 1]!;
    return (node & 1) === 1 ? operation.invocationTime : operation.completionTime;
  };
  return nodes.sort((a, b) => {
    const timeA = timeOf(a);
    const timeB = timeOf(b);
    if (timeA !== timeB) return timeA < timeB ? -1 : 1;
    const callA = a & 1;
    const callB = b & 1;
    if (callA !== callB) return callB - callA;
    return a - b;
  });
}
