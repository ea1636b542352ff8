// A recording of real processes (`npm run yours -- --node … --trace file.json`) in the page's views:
// a small store shaped like the lab's kit store, whose frames come from the recording
// (kernel/protocols/yours/recording.ts) instead of a worker. It plays and scrubs; it cannot be
// changed (the processes are gone), and says so when a gesture tries.
import { useEffect, useState } from 'react';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { recordingEndMs, recordingFrame, type YoursRecording } from '../../../kernel/protocols/yours/recording.ts';
import type { YoursUpdate } from '../../../worker/yoursEngine.ts';
import { LabTransport, formatMs } from '../../components/LabTransport.tsx';
import { YoursStoreContext } from './yoursContext.ts';
import type { YoursLabState, YoursLabStore } from './yoursStore.ts';
import { RoleTimeline, YoursClusterView } from './YoursViews.tsx';
import { ChecksPanel } from './ChecksPanel.tsx';

const SPEEDS: readonly number[] = [250, 500, 1000, 2000];
const CANNOT_CHANGE = 'A recording cannot be changed: the processes have stopped. Edit the scenario and run `npm run yours` again.';

type RecordingState = YoursLabState & { readonly note: string | null };

function createRecordingStore(recording: YoursRecording) {
  const endMs = recordingEndMs(recording);
  const updateAt = (timeMs: number): YoursUpdate => ({
    frame: recordingFrame(recording, timeMs),
    atHead: true,
    reached: true,
    scenarioLoaded: false,
    traceFrom: 0,
    events: [],
    traceEpoch: 0,
    chaos: { enabled: false, intensityPercent: 0, faultCount: 0 },
  });
  return createStore<RecordingState>()((set, get) => {
    const seek = async (timeMs: number) => {
      set({ update: updateAt(Math.max(0, Math.min(endMs, timeMs))) });
    };
    const refuse = async () => set({ note: CANNOT_CHANGE });
    return {
      status: 'running',
      problems: [],
      update: updateAt(0),
      playing: false,
      speed: 1000,
      scenario: null,
      restoredNote: null,
      note: null,
      actions: {
        start() {},
        stop() {},
        act: refuse,
        togglePlay: () => set({ playing: !get().playing }),
        setPlaying: (playing) => set({ playing }),
        setSpeed: (speed) => set({ speed }),
        seek,
        async step() {
          const now = get().update?.frame.nowMs ?? 0;
          const next = recording.events.find((event) => event.timeMs > now);
          await seek(next ? next.timeMs : endMs);
        },
        loadScenario: refuse,
        failScenario: () => void refuse(),
        scenarioNext: refuse,
        scenarioNextBeat: refuse,
        scenarioReplayTo: refuse,
        actionsAsScenario: async () => null,
        scenarioPlayAll: refuse,
        scenarioPause() {},
        closeScenario() {},
        grade: async () => ({ message: CANNOT_CHANGE, place: null }),
        setChaos: refuse,
      },
    };
  });
}

const selectNote = (state: RecordingState) => state.note;
const selectPlaying = (state: RecordingState) => state.playing;

export function RecordingSession({ recording, name, onClose }: { readonly recording: YoursRecording; readonly name: string; onClose(): void }) {
  const [store] = useState(() => createRecordingStore(recording));
  const note = useStore(store, selectNote);
  const playing = useStore(store, selectPlaying);
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const state = store.getState();
      const at = (state.update?.frame.nowMs ?? 0) + ((now - last) * state.speed) / 1000;
      last = now;
      const endMs = recordingEndMs(recording);
      void state.actions.seek(at);
      if (at >= endMs) store.setState({ playing: false });
      else frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, store, recording]);
  return (
    <YoursStoreContext.Provider value={store as unknown as YoursLabStore}>
      <section className="yours-picture" aria-label="A recorded run" data-testid="yours-recording" data-status="running">
        <p className="yours-case-note" role="status">
          Recording “{name}”: {recording.nodeCount} processes running <code>{recording.command}</code>, {formatMs(recordingEndMs(recording))} of real time, {recording.events.length.toLocaleString('en')} events. Scrub it; it cannot be changed.{' '}
          <button type="button" onClick={onClose}>
            Close the recording
          </button>
        </p>
        <LabTransport store={store as unknown as YoursLabStore} speeds={SPEEDS} />
        {note && (
          <p className="yours-note" role="alert">
            {note}
          </p>
        )}
        <YoursClusterView />
        <RoleTimeline />
        <ChecksPanel goToLine={() => {}} />
      </section>
    </YoursStoreContext.Provider>
  );
}
