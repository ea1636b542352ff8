// The kit's catalogue of a lab's shipped scenarios (src/scenario/presets/<lab>-*.scenario): names for the
// menu, a title for each, the text when asked for, and opening one through the URL so it can be shared.
// Each lab calls `import.meta.glob` itself (Vite needs a literal pattern there) and hands the result here.
import { navigate, routeHref } from '../shell/router.ts';

export interface PresetCatalogue {
  readonly names: readonly string[];
  title(name: string): string;
  has(name: string): boolean;
  load(name: string): Promise<string | null>;
  /** Open a preset through the URL, keeping the listed parameters of the current one (e.g. speed). */
  open(name: string): void;
}

export interface PresetCatalogueOptions {
  /** The lab's route, e.g. '/quorums'. */
  readonly route: string;
  /** Only files whose header line names this lab (the presets folder holds every lab's). */
  readonly lab?: string;
  /** Stripped from file names for titles, e.g. 'quorum-'. */
  readonly prefix?: string;
  /** Words to write differently in titles, e.g. { 'mod n': 'mod-N' }. */
  readonly titleWords?: Readonly<Record<string, string>>;
  /** Names listed first, in this order (the lessons a newcomer should meet first); the rest follow alphabetically. */
  readonly first?: readonly string[];
  /** URL parameters carried over when a preset opens (the chosen speed, say). */
  readonly keepParameters?: readonly string[];
}

type Loader = string | (() => Promise<string>);

/** The first line that is not blank or a comment: the header that names the lab. */
export function headerLab(source: string): string | null {
  for (const line of source.split(/\r?\n/)) {
    const text = line.replace(/#.*/, '').trim();
    if (text) return text.split(/\s+/)[0] ?? null;
  }
  return null;
}

export function createPresetCatalogue(files: Readonly<Record<string, Loader>>, options: PresetCatalogueOptions): PresetCatalogue {
  const presets = new Map<string, Loader>(
    Object.entries(files)
      .filter(([, loader]) => options.lab === undefined || typeof loader !== 'string' || headerLab(loader) === options.lab)
      .map(([path, loader]) => [path.slice(path.lastIndexOf('/') + 1, -'.scenario'.length), loader]),
  );
  const first = (options.first ?? []).filter((name) => presets.has(name));
  const names = [...first, ...[...presets.keys()].filter((name) => !first.includes(name)).sort()];
  return {
    names,
    title(name) {
      let words = (options.prefix && name.startsWith(options.prefix) ? name.slice(options.prefix.length) : name).replace(/-/g, ' ');
      for (const [from, to] of Object.entries(options.titleWords ?? {})) words = words.replace(new RegExp(`\\b${from}\\b`), to);
      return words.charAt(0).toUpperCase() + words.slice(1);
    },
    has: (name) => presets.has(name),
    async load(name) {
      const loader = presets.get(name);
      if (loader === undefined) return null;
      return typeof loader === 'string' ? loader : loader();
    },
    open(name) {
      const current = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
      const kept: Record<string, string> = { scenario: name };
      for (const parameter of options.keepParameters ?? []) {
        const value = current.get(parameter);
        if (value) kept[parameter] = value;
      }
      navigate(routeHref(options.route, kept));
    },
  };
}
