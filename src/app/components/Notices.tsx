// Short messages about what an action did (accepted, refused with a leader hint, forked), read aloud politely.
import type { ReactNode } from 'react';

export interface NoticeItem {
  readonly id: number;
  readonly tone: 'info' | 'success' | 'warning';
  readonly text: string;
}

export function Notices({ notices, onDismiss, renderExtra }: { readonly notices: readonly NoticeItem[]; onDismiss(id: number): void; renderExtra?: (id: number) => ReactNode }) {
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`}>
          <span className="text">{notice.text}</span>
          {renderExtra?.(notice.id)}
          <button type="button" onClick={() => onDismiss(notice.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
