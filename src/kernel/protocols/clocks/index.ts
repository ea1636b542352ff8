// Public surface of the clocks model, for the worker, the scenario runner, the CLI and the tests.

export * from './execution.ts';
export * from './logical.ts';
export * from './causality.ts';
export * from './checkers.ts';
export * from './random.ts';
export * from './physical.ts';
export * from './hybrid.ts';
export * from './truetime.ts';
export * from './shiviz.ts';
