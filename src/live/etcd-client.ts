// Talks to one etcd member through its v3 JSON gateway over HTTP (keys and values base64), with timeouts and error kinds.

import { request } from 'node:http';
import { ClientError } from './history.ts';

const toBase64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const fromBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

/** What `/v3/maintenance/status` says about one member (uint64 fields arrive as decimal strings). */
export interface EtcdStatus {
  readonly memberId: string;
  readonly leaderId: string;
  readonly raftTerm: number;
  readonly raftIndex: number;
  readonly raftAppliedIndex: number;
  readonly revision: number;
  readonly version: string;
  readonly dbSizeBytes: number;
  readonly errors: readonly string[];
}

/**
 * One POST to the gateway. Errors say whether the request certainly did not take effect:
 * connection refused (nothing was sent) is definite; a timeout or a reset is not. etcd's own error
 * answers are indeterminate too, except those etcd gives before proposing anything.
 */
export function postJson(port: number, path: string, body: unknown, timeoutMs: number): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    // agent: false gives a fresh connection each time: a pooled socket to a killed or paused member would blur the error.
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          finish(() => {
            let parsed: Record<string, unknown>;
            try {
              parsed = JSON.parse(text) as Record<string, unknown>;
            } catch {
              reject(new ClientError(`etcd answered HTTP ${response.statusCode} with a body that is not JSON`, false));
              return;
            }
            if (response.statusCode !== 200) {
              const message = String(parsed.message ?? parsed.error ?? `HTTP ${response.statusCode}`);
              reject(new ClientError(message, DEFINITE_ETCD_ERRORS.some((known) => message.includes(known))));
              return;
            }
            resolve(parsed);
          }),
        );
        response.on('error', (error) => finish(() => reject(new ClientError(`connection broke: ${error.message}`, false))));
      },
    );
    const timer = setTimeout(() => {
      finish(() => reject(new ClientError(`no answer within ${timeoutMs} ms`, false)));
      outgoing.destroy();
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => reject(new ClientError(error.code === 'ECONNREFUSED' ? 'connection refused (the member is not running)' : `connection error: ${error.message}`, error.code === 'ECONNREFUSED'))),
    );
    outgoing.end(payload);
  });
}

/** etcd answers these before a request enters the raft log, so it cannot have taken effect. */
const DEFINITE_ETCD_ERRORS = ['etcdserver: not capable', 'etcdserver: too many requests', 'etcdserver: request is too large', 'etcdserver: key is not provided'];

export async function etcdPut(port: number, key: string, value: string, timeoutMs: number): Promise<{ revision: number }> {
  const answer = await postJson(port, '/v3/kv/put', { key: toBase64(key), value: toBase64(value) }, timeoutMs);
  const header = (answer.header ?? {}) as Record<string, unknown>;
  return { revision: Number(header.revision ?? 0) };
}

/** A linearizable read goes through the leader's read index; a serializable one answers from the member's own copy. */
export async function etcdGet(port: number, key: string, serializable: boolean, timeoutMs: number): Promise<{ value: string | null; revision: number }> {
  const answer = await postJson(port, '/v3/kv/range', { key: toBase64(key), serializable }, timeoutMs);
  const kvs = (answer.kvs ?? []) as { value?: string }[];
  const header = (answer.header ?? {}) as Record<string, unknown>;
  const first = kvs[0];
  return { value: first ? fromBase64(first.value ?? '') : null, revision: Number(header.revision ?? 0) };
}

export async function etcdStatus(port: number, timeoutMs: number): Promise<EtcdStatus> {
  const answer = await postJson(port, '/v3/maintenance/status', {}, timeoutMs);
  const header = (answer.header ?? {}) as Record<string, unknown>;
  return {
    memberId: String(header.member_id ?? ''),
    leaderId: String(answer.leader ?? '0'),
    raftTerm: Number(answer.raftTerm ?? 0),
    raftIndex: Number(answer.raftIndex ?? 0),
    raftAppliedIndex: Number(answer.raftAppliedIndex ?? 0),
    revision: Number(header.revision ?? 0),
    version: String(answer.version ?? ''),
    dbSizeBytes: Number(answer.dbSize ?? 0),
    errors: ((answer.errors ?? []) as unknown[]).map(String),
  };
}
