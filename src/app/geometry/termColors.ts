// One colour per Raft term (as RaftScope colours servers by term), from d3's categorical palette, so a
// new term is visible from the back of the room; the term number is always written too.
import { schemeTableau10 } from 'd3';

export function termColor(term: number): string {
  if (term <= 0) return 'transparent';
  return schemeTableau10[(term - 1) % schemeTableau10.length]!;
}
