// The kit's bridge from a lab's store to its engine: in a Web Worker through comlink (the app), or
// in-process (store tests). Either way the store sees the engine's calls, each returning a promise.
import { proxy, releaseProxy, wrap } from 'comlink';

/** An engine's calls made asynchronous (what crossing to a worker does to them). */
export type Promisified<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

/** What a store holds: the engine's calls and a way to let the engine go. */
export type LabConnection<Engine> = Promisified<Omit<Engine, 'current'>> & { dispose(): void };

/**
 * Wraps a started worker (the caller writes `new Worker(new URL('…', import.meta.url))` so the
 * bundler sees the worker's file). Every property but `dispose` is the engine's call of that name.
 */
export function connectWorker<Engine>(worker: Worker): LabConnection<Engine> {
  const remote = wrap<Record<string, (...args: unknown[]) => unknown>>(worker);
  const dispose = () => {
    remote[releaseProxy]();
    worker.terminate();
  };
  return forwardCalls((name) => (name === 'dispose' ? dispose : (...args: unknown[]) => remote[name]!(...args))) as LabConnection<Engine>;
}

/** The engine on the main thread, answering asynchronously like a worker would (tests only). */
export function connectInProcess<Engine extends object>(engine: Engine): LabConnection<Engine> {
  const calls = engine as unknown as Record<string, (...args: unknown[]) => unknown>;
  return forwardCalls((name) => (name === 'dispose' ? () => undefined : async (...args: unknown[]) => calls[name]!(...args))) as LabConnection<Engine>;
}

/**
 * A function handed to an engine call that the engine calls back (progress reports): comlink sends
 * a worker a handle to it instead of trying to copy it. In-process it is the function itself.
 */
export function callbackForEngine<Callback extends (...args: never[]) => void>(callback: Callback): Callback {
  return proxy(callback);
}

/** An object whose every property is made on demand: the engine's methods need not be listed twice. */
function forwardCalls(make: (name: string) => unknown): object {
  const made = new Map<string, unknown>();
  return new Proxy(
    {},
    {
      get(_target, property) {
        // Not a thenable: awaiting a connection must not call the engine.
        if (typeof property !== 'string' || property === 'then') return undefined;
        let call = made.get(property);
        if (call === undefined) {
          call = make(property);
          made.set(property, call);
        }
        return call;
      },
    },
  );
}
