// A TCP proxy on 127.0.0.1 in front of a real process's port: the network links the lab can cut without root.
//
// etcd members advertise the proxy's port as their peer URL, and a PostgreSQL standby streams from
// its primary through one, so every peer or replication connection crosses a proxy. Cutting a link
// resets its open connections and refuses new ones; the processes see an unreachable peer, which is
// what a partition is to them. (A partition that silently drops packets would make them wait for
// timeouts first; both end in "peer unreachable". Network namespaces could do silent drops, but need root.)
//
// For etcd, the proxy of member B must know which member A opened a connection, to cut A–B but
// not C–B. etcd's peer transport sends `X-PeerURLs` (the sender's advertised peer URLs) and
// `X-Server-From` (its member id) on every raft request, and all requests on one connection come
// from one member's transport, so the proxy reads the first request's head before forwarding.
// Requests without those headers (etcd's prober) leave the sender unknown; the caller's policy
// decides what an unknown sender may do (etcd-cluster.ts: only while nothing is cut).

import { createServer, connect, type Server, type Socket } from 'node:net';

/** Who opened a connection, from the bytes it sent first; `null` when it cannot be told. */
export type SourceIdentifier = (head: string) => string | null;

export interface LinkProxyOptions {
  /** Reads the first request's head to name the connecting peer (etcd); absent: forward at once (PostgreSQL). */
  readonly identifySource?: SourceIdentifier;
  /** Whether a connection from `source` (null: unknown) may pass now. Asked on connect and on `reevaluate`. */
  readonly allows: (source: string | null) => boolean;
}

interface ProxiedConnection {
  readonly source: string | null;
  readonly downstream: Socket;
  readonly upstream: Socket;
}

/** How long the proxy waits for a request head before forwarding anyway (unknown source). */
const HEAD_WAIT_MS = 500;
const HEAD_LIMIT_BYTES = 16 * 1024;

export class LinkProxy {
  private readonly connections = new Set<ProxiedConnection>();
  private readonly pending = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly targetPort: number,
    private readonly options: LinkProxyOptions,
  ) {}

  static async start(targetPort: number, options: LinkProxyOptions, port = 0): Promise<LinkProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    const proxy = new LinkProxy(server, address.port, targetPort, options);
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  /** Open connections by source (for status and tests). */
  connectionSources(): (string | null)[] {
    return [...this.connections].map((connection) => connection.source);
  }

  /** Resets every open connection that the policy no longer allows (call after changing the partition). */
  reevaluate(): void {
    for (const connection of this.connections) {
      if (!this.options.allows(connection.source)) this.drop(connection);
    }
  }

  async close(): Promise<void> {
    for (const connection of this.connections) this.drop(connection);
    for (const socket of this.pending) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private drop(connection: ProxiedConnection): void {
    this.connections.delete(connection);
    connection.downstream.destroy();
    connection.upstream.destroy();
  }

  private accept(downstream: Socket): void {
    downstream.on('error', () => downstream.destroy());
    const identify = this.options.identifySource;
    if (!identify) {
      this.forward(downstream, null, []);
      return;
    }
    this.pending.add(downstream);
    const chunks: Buffer[] = [];
    let length = 0;
    let decided = false;
    const decide = () => {
      if (decided) return;
      decided = true;
      clearTimeout(timer);
      // Paused until forward() pipes it, so no byte arrives with nobody listening.
      downstream.pause();
      downstream.off('data', onData);
      this.pending.delete(downstream);
      const head = Buffer.concat(chunks).toString('latin1');
      this.forward(downstream, identify(head), chunks);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= HEAD_LIMIT_BYTES || Buffer.concat(chunks).includes('\r\n\r\n')) decide();
    };
    const timer = setTimeout(decide, HEAD_WAIT_MS);
    downstream.on('data', onData);
    downstream.once('close', () => {
      clearTimeout(timer);
      this.pending.delete(downstream);
    });
  }

  private forward(downstream: Socket, source: string | null, alreadyRead: Buffer[]): void {
    if (downstream.destroyed) return;
    if (!this.options.allows(source)) {
      downstream.destroy();
      return;
    }
    const upstream = connect(this.targetPort, '127.0.0.1');
    const connection: ProxiedConnection = { source, downstream, upstream };
    this.connections.add(connection);
    upstream.on('error', () => this.drop(connection));
    downstream.on('error', () => this.drop(connection));
    upstream.once('close', () => this.drop(connection));
    downstream.once('close', () => this.drop(connection));
    for (const chunk of alreadyRead) upstream.write(chunk);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    downstream.resume();
  }
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it; callers retry if it is taken meanwhile). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** The peer's member name from etcd's `X-PeerURLs` header, given which proxy port belongs to whom. */
export function etcdPeerIdentifier(nameByAdvertisedPort: ReadonlyMap<number, string>): SourceIdentifier {
  return (head) => {
    const match = /^x-peerurls:\s*(.+)$/im.exec(head);
    if (!match) return null;
    for (const url of match[1]!.split(',')) {
      const port = /:(\d+)\s*$/.exec(url.trim())?.[1];
      const name = port === undefined ? undefined : nameByAdvertisedPort.get(Number(port));
      if (name !== undefined) return name;
    }
    return null;
  };
}
