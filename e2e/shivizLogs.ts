// Large ShiViz logs made on the spot for the e2e test and the UI bench (no 5 MB file in the repository).

/**
 * A ShiViz log in the default form (event line, then `host {clock}`), about 5 MB for 53,453 events:
 * eight hosts taking turns, every third event the receipt of a message sent just before by another host.
 * Built here so no 5 MB file is kept in the repository.
 */
export function bigShivizLog(eventCount: number): string {
  const hostCount = 8;
  const hosts = Array.from({ length: hostCount }, (_, index) => `node${index}`);
  const vectors = hosts.map(() => new Array<number>(hostCount).fill(0));
  const lines: string[] = [];
  const emit = (host: number, text: string) => {
    const vector = vectors[host]!;
    vector[host]! += 1;
    const clock = hosts.map((name, index) => (vector[index]! > 0 ? `"${name}":${vector[index]}` : null)).filter((entry) => entry !== null);
    lines.push(`${text} at ${hosts[host]} step ${vector[host]}`, `${hosts[host]} {${clock.join(', ')}}`);
  };
  let events = 0;
  for (let turn = 0; events < eventCount; turn++) {
    const host = turn % hostCount;
    if (turn % 3 === 0 && events + 2 <= eventCount) {
      const sender = (host + 1 + (turn % (hostCount - 1))) % hostCount;
      emit(sender, `send request ${turn}`);
      const receiver = vectors[host]!;
      vectors[sender]!.forEach((value, index) => (receiver[index] = Math.max(receiver[index]!, value)));
      emit(host, `receive request ${turn}`);
      events += 2;
    } else {
      emit(host, `local work ${turn}`);
      events += 1;
    }
  }
  return lines.join('\n');
}
