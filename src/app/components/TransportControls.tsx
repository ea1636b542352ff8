// Play/pause, step, speed and a scrubber over the recorded run; shared by every lab with a clock.
import { useId, useState, type FormEvent } from 'react';

export interface TransportControlsProps<Speed extends string | number> {
  readonly playing: boolean;
  readonly nowMs: number;
  readonly headMs: number;
  readonly speed: Speed;
  readonly speeds: readonly Speed[];
  readonly formatSpeed: (speed: Speed) => string;
  readonly formatTime: (timeMs: number) => string;
  readonly disabled?: boolean;
  onTogglePlay(): void;
  onStep(): void;
  onSpeed(speed: Speed): void;
  onSeek(timeMs: number): void;
}

export function TransportControls<Speed extends string | number>(props: TransportControlsProps<Speed>) {
  const { playing, nowMs, headMs, speed, speeds, disabled = false } = props;
  const id = useId();
  const [typedTime, setTypedTime] = useState('');
  const goTo = (event: FormEvent) => {
    event.preventDefault();
    const timeMs = Number(typedTime);
    if (typedTime.trim() !== '' && Number.isFinite(timeMs)) props.onSeek(Math.min(Math.max(0, timeMs), headMs));
    setTypedTime('');
  };
  return (
    <div className="transport" role="group" aria-label="Playback" data-testid="transport">
      <button type="button" className="primary" onClick={props.onTogglePlay} disabled={disabled} aria-keyshortcuts="Space" data-testid="play-toggle" data-playing={playing}>
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" onClick={props.onStep} disabled={disabled} aria-keyshortcuts="." title="Run to the next event (.)" data-testid="step">
        Step ›
      </button>
      <label htmlFor={`${id}-speed`}>Speed</label>
      <select id={`${id}-speed`} value={String(speed)} disabled={disabled} onChange={(event) => props.onSpeed(speeds.find((candidate) => String(candidate) === event.target.value) ?? speed)} data-testid="speed">
        {speeds.map((candidate) => (
          <option key={String(candidate)} value={String(candidate)}>
            {props.formatSpeed(candidate)}
          </option>
        ))}
      </select>
      <span className="clock" data-testid="clock" data-now-ms={Math.floor(nowMs)} data-head-ms={headMs} aria-live="off">
        t = {props.formatTime(Math.min(Math.floor(nowMs), headMs))} / {props.formatTime(headMs)}
      </span>
      <input
        className="scrubber"
        type="range"
        min={0}
        max={Math.max(headMs, 1)}
        step={1}
        value={Math.floor(nowMs)}
        disabled={disabled}
        onChange={(event) => props.onSeek(Number(event.target.value))}
        aria-label="Time in the run (milliseconds)"
        aria-valuetext={`${props.formatTime(nowMs)} of ${props.formatTime(headMs)}`}
        data-testid="scrubber"
      />
      <form onSubmit={goTo} className="go-to">
        <label htmlFor={`${id}-goto`}>Go to ms </label>
        <input id={`${id}-goto`} type="number" min={0} max={headMs} value={typedTime} onChange={(event) => setTypedTime(event.target.value)} disabled={disabled} data-testid="goto-input" />
        <button type="submit" disabled={disabled} data-testid="goto-button">
          Go
        </button>
      </form>
    </div>
  );
}
