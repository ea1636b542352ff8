// The PACELC map's data and the quiz grader: Abadi's own classifications are kept, every entry is complete.
import { describe, expect, it } from 'vitest';
import { gradeAnswer, QUIZ_SYSTEM_IDS, systemById, SYSTEMS } from './pacelcData.ts';

describe('PACELC map', () => {
  it('keeps Abadi 2012’s classifications', () => {
    // "Dynamo, Cassandra, and Riak are PA/EL … VoltDB/H-Store and Megastore are PC/EC … MongoDB is PA/EC … PNUTS is PC/EL."
    expect(systemById('dynamo')?.quadrant).toBe('PA/EL');
    expect(systemById('cassandra-one')?.quadrant).toBe('PA/EL');
    expect(systemById('riak')?.quadrant).toBe('PA/EL');
    expect(systemById('mongodb-default')?.quadrant).toBe('PA/EC');
    expect(systemById('pnuts')?.quadrant).toBe('PC/EL');
    expect(systemById('voltdb')?.quadrant).toBe('PC/EC');
  });

  it('gives every system a reason, a source and what moves it', () => {
    for (const system of SYSTEMS) {
      expect(system.reason.length, system.id).toBeGreaterThan(20);
      expect(system.source.length, system.id).toBeGreaterThan(5);
      expect(system.moves.length, system.id).toBeGreaterThan(5);
    }
    for (const id of QUIZ_SYSTEM_IDS) expect(systemById(id), id).toBeDefined();
  });

  it('grades with an explanation, accepting defensible alternatives where it depends', () => {
    expect(gradeAnswer('etcd-linearizable', 'PC/EC')).toMatchObject({ correct: true });
    const wrong = gradeAnswer('etcd-linearizable', 'PA/EL');
    expect(wrong.correct).toBe(false);
    expect(wrong.explanation).toMatch(/PC\/EC/);
    expect(gradeAnswer('zookeeper', 'PC/EC').explanation).toMatch(/Accepted/);
    expect(gradeAnswer('spanner', null).correct).toBe(false);
  });
});
