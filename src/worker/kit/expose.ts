// The kit's worker entry: expose a lab's engine to the page through comlink.
import { expose, type Endpoint } from 'comlink';

export function exposeEngine(engine: object): void {
  // The explicit endpoint cast: comlink's default endpoint hangs under @vitest/web-worker (TOOLING.md).
  expose(engine, self as unknown as Endpoint);
}
