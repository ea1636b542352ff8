// Types for find-chromium.mjs, so TypeScript callers (the UI bench, the Playwright config) can import it.
export interface FoundChromium {
  readonly path: string;
  readonly source: string;
  readonly env: Record<string, string>;
}
export function findChromium(): Promise<FoundChromium | null>;
export const HOW_TO_GET_CHROMIUM: string;
export const CHROMIUM_ARGS: readonly string[];
