// Seeds for runs opened without one: the page then pins the seed in the URL so the run can be shared.
// (The app shell may use Math.random; the simulation kernel never does.)

export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
