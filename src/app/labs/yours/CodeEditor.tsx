// The node's editor: CodeMirror 6 (in this page's lazy chunk only), JavaScript highlighting, undo,
// Tab indents (Escape then Tab leaves the editor, CodeMirror's own rule for keyboard users).
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';

export interface CodeEditorHandle {
  /** Put the cursor on a 1-based line and show it. */
  goToLine(line: number): void;
  /** Replace the whole text (a template, an imported file). */
  setText(text: string): void;
}

export const CodeEditor = forwardRef<CodeEditorHandle, { readonly initialText: string; onChange(text: string): void; readonly label: string }>(function CodeEditor({ initialText, onChange, label }, handle) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  });
  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          javascript(),
          syntaxHighlighting(defaultHighlightStyle),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    // Reachable by keyboard as a scroll region too (axe: scrollable-region-focusable); typing goes to the content.
    editor.scrollDOM.tabIndex = 0;
    editor.scrollDOM.setAttribute('aria-label', `${label}: scroll area`);
    view.current = editor;
    return () => editor.destroy();
    // The editor owns its text after the first render; setText replaces it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useImperativeHandle(handle, () => ({
    goToLine(line) {
      const editor = view.current;
      if (!editor) return;
      const target = editor.state.doc.line(Math.min(Math.max(1, line), editor.state.doc.lines));
      editor.dispatch({ selection: { anchor: target.from, head: target.to }, scrollIntoView: true });
      editor.focus();
    },
    setText(text) {
      const editor = view.current;
      if (!editor) return;
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
    },
  }));
  return <div className="yours-editor" ref={host} data-testid="node-editor" />;
});
