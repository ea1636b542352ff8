// Types for the npm `hashring` package (CommonJS, no bundled types), limited to what the benchmark calls.
declare module 'hashring' {
  type ServerSpec = string | string[] | Record<string, number | { weight?: number; vnodes?: number }>;

  interface HashRingOptions {
    'vnode count'?: number;
    compatibility?: 'ketama' | 'hash_ring';
    replicas?: number;
    'max cache size'?: number;
    'default port'?: number;
  }

  class HashRing {
    constructor(servers: ServerSpec, algorithm?: string | ((key: string) => Uint8Array | string), options?: HashRingOptions);
    /** Points on the continuum: servers × vnodes × replicas. */
    readonly size: number;
    get(key: string): string | undefined;
    range(key: string, size?: number, unique?: boolean): string[];
    add(servers: ServerSpec): this;
    remove(server: string): this;
  }

  export default HashRing;
}
