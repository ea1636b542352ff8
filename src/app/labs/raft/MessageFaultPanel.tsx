// Fine-grained faults: pick a message in flight (click it on the canvas, or choose it here with the
// keyboard) and drop, duplicate or delay it. Each is recorded as a user action.
import { memo, useEffect, useId, useRef } from 'react';
import type { RaftMessageView } from '../../../kernel/protocols/raft/run.ts';
import { useRaftStore, useRaftStoreApi } from '../../store/raftContext.ts';
import { formatTimeMs } from '../../store/raftStore.ts';
import { selectMessages, selectPlaying, selectSelectedMessageId } from '../../store/selectors.ts';

const DELAYS_MS = [50, 200] as const;

export const MessageFaultPanel = memo(function MessageFaultPanel() {
  const selectedId = useRaftStore(selectSelectedMessageId);
  const playing = useRaftStore(selectPlaying);
  const id = useId();
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    // A message clicked on the canvas: bring its actions into view in the side column.
    if (selectedId !== null) sectionRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  return (
    <section ref={sectionRef} className="card" aria-labelledby={`${id}-title`} data-testid="message-faults">
      <h2 id={`${id}-title`}>Message in flight</h2>
      {/* While playing the list would change every frame: it is offered when paused. */}
      {playing && selectedId === null ? (
        <p className="muted">Click a message on the canvas (playback pauses), or pause to pick one here, then drop, duplicate or delay it.</p>
      ) : (
        <MessagePicker selectedId={selectedId} pickerId={`${id}-picker`} />
      )}
    </section>
  );
});

function MessagePicker({ selectedId, pickerId }: { readonly selectedId: number | null; readonly pickerId: string }) {
  const messages = useRaftStore(selectMessages);
  const store = useRaftStoreApi();
  const { actions } = store.getState();
  const selected = selectedId === null ? undefined : messages.find((message) => message.id === selectedId);
  return (
    <>
      <div className="button-row">
        <label htmlFor={pickerId}>Message</label>
        <select
          id={pickerId}
          value={selectedId ?? ''}
          onChange={(event) => actions.selectMessage(event.target.value === '' ? null : Number(event.target.value))}
          data-testid="message-picker"
        >
          <option value="">{messages.length === 0 ? '(none in flight)' : `(choose one of ${messages.length})`}</option>
          {selectedId !== null && !selected && <option value={selectedId}>{`#${selectedId} (no longer in flight)`}</option>}
          {messages.map((message) => (
            <option key={message.id} value={message.id}>
              {`#${message.id} ${message.type} ${message.from}→${message.to}, due ${formatTimeMs(message.deliverAtMs)}`}
            </option>
          ))}
        </select>
      </div>
      {selectedId !== null && !selected && <p className="muted" data-testid="message-gone">{`Message #${selectedId} is no longer in flight (delivered or dropped).`}</p>}
      {selected && <MessageActions message={selected} />}
    </>
  );
}

function MessageActions({ message }: { readonly message: RaftMessageView }) {
  const store = useRaftStoreApi();
  const { actions } = store.getState();
  return (
    <div data-testid="selected-message" data-message-id={message.id}>
      <p>
        <strong>{`#${message.id}`}</strong> {`${message.from} → ${message.to}: ${message.summary}. Sent ${formatTimeMs(message.sentAtMs)}, due ${formatTimeMs(message.deliverAtMs)}.`}
        {message.lost ? ' The network will lose it.' : ''}
      </p>
      <div className="button-row">
        <button type="button" onClick={() => void actions.faultMessage(message.id, { kind: 'drop' })} data-testid="message-drop">
          Drop
        </button>
        <button type="button" onClick={() => void actions.faultMessage(message.id, { kind: 'duplicate' })} data-testid="message-duplicate">
          Duplicate
        </button>
        {DELAYS_MS.map((delayMs) => (
          <button key={delayMs} type="button" onClick={() => void actions.faultMessage(message.id, { kind: 'delay', delayMs })} data-testid={`message-delay-${delayMs}`}>
            Delay +{delayMs} ms
          </button>
        ))}
        <button type="button" onClick={() => actions.selectMessage(null)}>
          Deselect
        </button>
      </div>
    </div>
  );
}
