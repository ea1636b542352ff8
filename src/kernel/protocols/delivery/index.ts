// Public entry of the delivery lab's kernel: what the worker, the scenario runner, the CLI and the UI import.
export * from './config.ts';
export * from './checkers.ts';
export * from './simulation.ts';
export * from './run.ts';
