// Runs a drill's check on the simulated lab: the learner's run replayed in a fresh worker of the lab
// (the app never runs a simulation on the main thread), the checks read from its frames, the worker let go.
import { connectRaftWorker } from '../../store/raftConnection.ts';
import { connectReplicationWorker } from '../replication/replicationConnection.ts';
import { checkQuorumRun, checkSplitBrainRun } from './drillChecks.ts';
import { replayRun } from './drillReplay.ts';
import type { DrillCheck, DrillId } from './examModel.ts';

export type SimulatedCheck = { readonly ok: true; readonly checks: readonly DrillCheck[] } | { readonly ok: false; readonly problem: string };

export async function checkOnSimulatedLab(drill: DrillId, text: string): Promise<SimulatedCheck> {
  if (drill === 'etcd-quorum') {
    const connection = connectRaftWorker();
    try {
      const replay = await replayRun(connection, text);
      return replay.ok ? { ok: true, checks: checkQuorumRun(replay.snapshots) } : { ok: false, problem: replay.problems.join('; ') };
    } finally {
      connection.dispose();
    }
  }
  const connection = connectReplicationWorker();
  try {
    const replay = await replayRun(connection, text);
    return replay.ok ? { ok: true, checks: checkSplitBrainRun(replay.snapshots) } : { ok: false, problem: replay.problems.join('; ') };
  } finally {
    connection.dispose();
  }
}
