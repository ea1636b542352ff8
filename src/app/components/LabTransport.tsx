// The transport bar of a lab on the kit's store: play/pause, step, speed and the scrubber, wired to
// the store (speeds in virtual milliseconds per wall second).
import { useStore, type StoreApi } from 'zustand';
import type { KitUpdate } from '../kit/labStore.ts';
import { TransportControls } from './TransportControls.tsx';

/** What the bar reads of a kit store (any lab's store on the kit has it). */
interface TransportState {
  readonly status: string;
  readonly update: KitUpdate | null;
  readonly playing: boolean;
  readonly speed: number;
  readonly actions: { togglePlay(): void; step(): unknown; setSpeed(speed: number): void; seek(timeMs: number): unknown };
}

/** Read-only, so any lab's store (whatever else its state holds) fits. */
type ReadableStore = Pick<StoreApi<TransportState>, 'getState' | 'getInitialState' | 'subscribe'>;

const selectPlaying = (state: TransportState) => state.playing;
const selectNowMs = (state: TransportState) => state.update?.frame.nowMs ?? 0;
const selectHeadMs = (state: TransportState) => state.update?.frame.headMs ?? 0;
const selectSpeed = (state: TransportState) => state.speed;
const selectRunning = (state: TransportState) => state.status === 'running';

/** "50 virtual ms per wall second" reads as 0.05×. */
export function formatVirtualSpeed(speed: number): string {
  return `${speed / 1000}×`;
}

export function formatMs(timeMs: number): string {
  return `${Math.round(timeMs)} ms`;
}

export function LabTransport({ store, speeds }: { readonly store: ReadableStore; readonly speeds: readonly number[] }) {
  const playing = useStore(store, selectPlaying);
  const nowMs = useStore(store, selectNowMs);
  const headMs = useStore(store, selectHeadMs);
  const speed = useStore(store, selectSpeed);
  const running = useStore(store, selectRunning);
  const actions = store.getState().actions;
  return (
    <TransportControls
      playing={playing}
      nowMs={nowMs}
      headMs={headMs}
      speed={speed}
      speeds={speeds}
      formatSpeed={formatVirtualSpeed}
      formatTime={formatMs}
      disabled={!running}
      onTogglePlay={actions.togglePlay}
      onStep={() => void actions.step()}
      onSpeed={actions.setSpeed}
      onSeek={(timeMs) => void actions.seek(timeMs)}
    />
  );
}
