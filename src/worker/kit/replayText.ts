// For tests of a lab's "Replay what you did": load exported scenario text in a fresh engine and play
// every step, to compare the result with the run the text was written from.

interface ScenarioEngine<Config, Update> {
  loadScenario(text: string): { readonly ok: true; readonly config: Config; readonly steps: readonly unknown[]; readonly update: Update } | { readonly ok: false; readonly errors: readonly unknown[] };
  scenarioStep(index: number): { readonly update: Update };
}

/** The config the text's header gives and the update after its last step; a text that does not parse throws with its errors. */
export function replayText<Config, Update>(engine: ScenarioEngine<Config, Update>, text: string): { readonly config: Config; readonly update: Update } {
  const loaded = engine.loadScenario(text);
  if (!loaded.ok) throw new Error(`${JSON.stringify(loaded.errors)}\n${text}`);
  let update = loaded.update;
  loaded.steps.forEach((_, index) => {
    update = engine.scenarioStep(index).update;
  });
  return { config: loaded.config, update };
}
