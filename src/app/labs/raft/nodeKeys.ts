// Keyboard shortcuts on a focused node: the same actions the inspector's buttons offer.
import type { RaftCommand } from '../../../kernel/protocols/raft/commands.ts';
import type { RaftNodeView } from '../../../kernel/protocols/raft/run.ts';

export type NodeKeyAction = 'select' | 'request' | RaftCommand;

export function nodeActionForKey(key: string, node: RaftNodeView): NodeKeyAction | null {
  switch (key.toLowerCase()) {
    case 'enter':
    case ' ':
      return 'select';
    case 'c':
      return node.role === 'crashed' ? { type: 'restart', node: node.id } : { type: 'crash', node: node.id };
    case 't':
      return node.role === 'crashed' || node.role === 'leader' ? null : { type: 'timeout', node: node.id };
    case 'q':
      return 'request';
    case 'i':
      return { type: 'isolate', node: node.id };
    default:
      return null;
  }
}
