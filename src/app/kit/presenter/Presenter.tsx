// Presenter mode, the same on every lab (mounted once in the app shell): "Present" or `p` turns the
// page into the projected whiteboard — the lab's picture fills the screen at 20 px text, the current
// note sits under it, and one bar of controls hides until the pointer moves. Keys: space / → next
// beat, ← back one beat, 1–9 jump to a beat, `b` blanks the screen, Esc leaves. The pointer becomes
// a visible spot. `present=1` in the URL opens a link presenting (the lab's URL reader checks it).
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { scenarioIntroduction } from '../../../scenario/lexer.ts';
import { currentNoteIndex } from '../scenarioState.ts';
import { beatAt, beatStarts, stepCountAfterBeat } from './beats.ts';
import { presenter, usePresenter } from './presenterBridge.ts';
import './presenter.css';

/** The bar hides this long after the pointer last moved. */
const BAR_HIDE_AFTER_MS = 2500;

/** Write `present=1` into the URL (or take it out) without a route change: the lab keeps running. */
function writePresentParameter(presenting: boolean): void {
  const [path, query = ''] = window.location.hash.split('?');
  const params = new URLSearchParams(query);
  if (presenting) params.set('present', '1');
  else params.delete('present');
  const text = params.toString();
  history.replaceState(history.state, '', `${path ?? '#/'}${text ? `?${text}` : ''}`);
}

/** The URL asked to present (the lab's own URL reader reports a bad value). */
function urlAsksToPresent(params: URLSearchParams): boolean {
  return ['1', 'on', 'true'].includes(params.get('present') ?? '');
}

/** Keys go to a control that takes text (a checkbox or a button does not; Space on one stays its own). */
function typing(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('select, textarea, [contenteditable="true"], input:not([type="checkbox"], [type="radio"], [type="button"], [type="range"])')) return true;
  return key === ' ' && target.closest('button, input, summary, [role="button"]') !== null;
}

/** Beat actions on whatever lab published its scenario; each does nothing while a beat is playing. */
export function presenterBeatActions() {
  const { scenario, actions } = presenter.get();
  const ready = scenario !== null && !scenario.errors && !scenario.busy && !scenario.autoPlaying && actions !== null;
  const steps = scenario?.steps ?? [];
  const beats = beatStarts(steps).length;
  const current = scenario ? beatAt(steps, scenario.nextStep) : 0;
  return {
    beats,
    current,
    next() {
      if (ready) void actions.scenarioNextBeat?.();
    },
    back() {
      if (ready && current > 0) void actions.scenarioReplayTo?.(stepCountAfterBeat(steps, current - 1));
    },
    /** Show beat `beat` playing: replay up to the end of the one before, then play it. */
    async jump(beat: number) {
      if (!ready || beat < 1 || beat > beats || !actions.scenarioReplayTo) return;
      await actions.scenarioReplayTo(stepCountAfterBeat(steps, beat - 1));
      void presenter.get().actions?.scenarioNextBeat?.();
    },
  };
}

export function Presenter({ params }: { readonly params: URLSearchParams }) {
  const { presenting, blank } = usePresenter();
  const askedByUrl = urlAsksToPresent(params);
  useEffect(() => {
    if (askedByUrl) presenter.setPresenting(true);
  }, [askedByUrl]);
  // Leaving the lab leaves presenter mode.
  useEffect(() => () => presenter.setPresenting(false), []);

  // The URL follows a change (not the first render: a bad `present=` stays for the lab's problem page).
  const shownBefore = useRef<boolean | null>(null);
  useEffect(() => {
    const root = document.documentElement;
    if (presenting) root.dataset.presenting = '';
    else delete root.dataset.presenting;
    if (shownBefore.current !== null && shownBefore.current !== presenting) writePresentParameter(presenting);
    shownBefore.current = presenting;
  }, [presenting]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target, event.key)) return;
      const key = event.key;
      const { presenting: on, blank: blanked } = presenter.get();
      const handled = (action: () => unknown) => {
        // Before the lab's own keys (Space would play/pause): those skip a prevented event.
        event.preventDefault();
        event.stopPropagation();
        void action();
      };
      if (key === 'p' || key === 'P') return handled(() => presenter.setPresenting(!on));
      if (!on) return;
      const beats = presenterBeatActions();
      if (key === 'Escape') return handled(() => (blanked ? presenter.setBlank(false) : presenter.setPresenting(false)));
      if (key === 'b' || key === 'B') return handled(() => presenter.setBlank(!blanked));
      if (key === ' ' || key === 'ArrowRight' || key === 'PageDown') return handled(beats.next);
      if (key === 'ArrowLeft' || key === 'PageUp') return handled(beats.back);
      if (/^[1-9]$/.test(key)) return handled(() => beats.jump(Number(key)));
    };
    // Capture phase: presenter keys win over the lab's (useLabShortcuts ignores prevented events).
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);

  return (
    <>
      <button type="button" className="present-button" onClick={() => presenter.setPresenting(true)} title="Present: the picture fills the screen (key P)" data-testid="present-button">
        Present
      </button>
      {presenting && createPortal(<PresenterOverlay blank={blank} />, document.body)}
    </>
  );
}

function PresenterOverlay({ blank }: { readonly blank: boolean }) {
  const [barShown, setBarShown] = useState(true);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const hideTimer = useRef<number | null>(null);
  const showBar = useCallback(() => {
    setBarShown(true);
    if (hideTimer.current !== null) window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(() => setBarShown(false), BAR_HIDE_AFTER_MS);
  }, []);
  useEffect(() => {
    showBar();
    const onMove = (event: PointerEvent) => {
      setPointer({ x: event.clientX, y: event.clientY });
      showBar();
    };
    window.addEventListener('pointermove', onMove);
    return () => {
      window.removeEventListener('pointermove', onMove);
      if (hideTimer.current !== null) window.clearTimeout(hideTimer.current);
    };
  }, [showBar]);
  return (
    <>
      <PresenterBar shown={barShown} onFocus={showBar} />
      <PresenterCaption />
      {pointer && <div className="presenter-pointer" style={{ left: pointer.x, top: pointer.y }} aria-hidden="true" data-testid="presenter-pointer" />}
      {blank && (
        <div className="presenter-blank" role="status" aria-label="Screen blanked: press B to show it again" data-testid="presenter-blank" onClick={() => presenter.setBlank(false)} />
      )}
    </>
  );
}

function PresenterBar({ shown, onFocus }: { readonly shown: boolean; readonly onFocus: () => void }) {
  const { scenario } = usePresenter();
  const beats = presenterBeatActions();
  const busy = scenario ? scenario.busy || scenario.autoPlaying : true;
  return (
    <div className={`presenter-bar${shown ? '' : ' hidden'}`} role="toolbar" aria-label="Presenter controls" onFocus={onFocus} data-testid="presenter-bar" data-shown={shown ? 'true' : 'false'}>
      {scenario && beats.beats > 0 && (
        <>
          <button type="button" onClick={beats.back} disabled={busy || beats.current === 0} aria-label="Back one beat (←)" data-testid="presenter-back">
            ‹
          </button>
          <span className="presenter-beat" data-testid="presenter-beat" data-beat={beats.current} data-beats={beats.beats} data-busy={busy ? 'true' : 'false'}>
            {beats.current === 0 ? 'Introduction' : `Beat ${beats.current} of ${beats.beats}`}
          </span>
          <button type="button" className="primary" onClick={beats.next} disabled={busy || beats.current >= beats.beats} aria-label="Next beat (space or →)" data-testid="presenter-next">
            ›
          </button>
        </>
      )}
      {!scenario && <span className="presenter-hint">Open a lesson or a talk to step through it by beats.</span>}
      <span className="presenter-keys">Space/→ next · ← back · 1–9 jump · B blank · Esc leave</span>
      <button type="button" onClick={() => presenter.setBlank(true)} data-testid="presenter-blank-button">
        Blank
      </button>
      <button type="button" onClick={() => presenter.setPresenting(false)} data-testid="presenter-leave">
        Leave
      </button>
    </div>
  );
}

/** The current beat's words under the picture (the lab's own lesson slot is hidden while presenting). */
function PresenterCaption() {
  const { scenario } = usePresenter();
  const shown = scenario !== null && !scenario.errors;
  useEffect(() => {
    // Without words to show, the picture takes the caption's room too (presenter.css).
    if (shown) document.documentElement.dataset.presenterCaption = '';
    return () => {
      delete document.documentElement.dataset.presenterCaption;
    };
  }, [shown]);
  if (!scenario || scenario.errors) return null;
  const noteIndex = currentNoteIndex(scenario);
  const atStart = noteIndex < 0;
  const words = atStart ? scenarioIntroduction(scenario.source) || 'Press space or → to begin.' : (scenario.steps[noteIndex]?.narration ?? '');
  const failed = scenario.steps.slice(0, scenario.nextStep).filter((step) => step.status === 'failed' || step.status === 'error');
  return (
    <div className="presenter-caption" aria-live="polite" data-testid="presenter-caption" data-line={atStart ? '' : (scenario.steps[noteIndex]?.line ?? '')} data-next-step={scenario.nextStep}>
      {words.split('\n\n').map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
      {failed.length > 0 && (
        <p className="presenter-caption-failed" data-testid="presenter-caption-failed">
          The run no longer matches the talk: {failed.map((step) => `line ${step.line} (${step.text}) ${step.detail ?? step.status}`).join('; ')}.
        </p>
      )}
    </div>
  );
}
