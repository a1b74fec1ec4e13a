// Two people typing at the very same spot of a field at once, each word staying whole.
//
// Yjs keeps concurrent runs of typing apart (each letter is inserted after the one typed before it) as long as the
// binding tells it exactly where each letter went and keeps each caret on the letter left of it. @tiptap/y-tiptap
// 3.0.9 fails at both when the two people type at one spot. Measured with two Chromium pages typing two words at
// the end of one field at once: a letter strayed from its word in almost every round with the binding alone, in
// 2 rounds of about 600 with the earlier caret-keeper, and in none of 300 (plain and bold text) with this module.
//
// 1. It writes a local change to Yjs by diffing the paragraph's old and new text (`updateYText`, lib0 `simpleDiff`,
//    longest common prefix first), not from the ProseMirror step. When the typed letter equals the one right of the
//    caret — typically the first letter the other person has just typed at the same spot: both words start with a
//    space, or both with a "C" — the diff records it after that letter instead of before. The text reads the same,
//    but in Yjs the caret now sits after the other person's letter, so the next letters go to the wrong side of it
//    ("Employée Caissièrepolyvalente " — one space stranded at the end, or "CCaissièreonseillère").
// 2. After a remote change it resolves the caret from Yjs relative positions, then, whenever the paragraph's text
//    changed, "recovers" it by offset (`isMisresolvedAfterStructuralChange`), which is meant for blocks moved by
//    drag and drop and puts the caret before the letter just typed.
//
// So: a plain-text step inside one paragraph is written to Yjs here, exactly where ProseMirror made it, just before
// the binding's own write (which then finds the texts equal and does nothing); anything else is left to the
// binding. And after a remote change the caret goes where the binding's own relative positions say, unless those
// do not resolve into text (a real structural change), where the binding's recovery stands.
import { Extension } from '@tiptap/core';
import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep, type Step } from '@tiptap/pm/transform';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** Y type → the ProseMirror node (or run of text nodes) it was last rendered as: the binding's `mapping`. */
type Mapping = Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;

interface RelativeSelection {
  type: string;
  anchor: unknown;
  head: unknown;
}

interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Mapping;
  mux: (f: () => void, g?: () => void) => void;
  prosemirrorView: unknown;
  /** The selection as Yjs relative positions, taken before the Yjs transaction being applied (null outside one). */
  beforeTransactionSelection: RelativeSelection | null;
}

interface SyncState {
  binding: Binding | null;
  snapshot: unknown;
  prevSnapshot: unknown;
}

function syncState(state: { plugins: readonly Plugin[] } & Parameters<typeof ySyncPluginKey.getState>[0]): SyncState | undefined {
  return ySyncPluginKey.getState(state) as SyncState | undefined;
}

/** Yjs attributes of a text run's marks, as the binding writes them; null for marks it hashes (overlapping). */
function attributesOf(marks: readonly Mark[]): Record<string, unknown> | null {
  const attributes: Record<string, unknown> = {};
  for (const mark of marks) {
    if (!mark.type.excludes(mark.type)) return null;
    attributes[mark.type.name] = mark.attrs;
  }
  return attributes;
}

/** The run of adjacent text nodes of a textblock around an offset, as the binding keeps it in one Y.XmlText. */
function textRunAt(block: PMNode, offset: number): { start: number; text: string } | null {
  let pos = 0;
  let run: { start: number; text: string } | null = null;
  for (let i = 0; i < block.childCount; i++) {
    const child = block.child(i);
    if (child.isText) {
      if (!run) run = { start: pos, text: '' };
      run.text += child.text;
    } else {
      if (run && offset >= run.start && offset <= run.start + run.text.length) return run;
      run = null;
    }
    pos += child.nodeSize;
  }
  if (run && offset >= run.start && offset <= run.start + run.text.length) return run;
  // An empty textblock has no text run (and no Y.XmlText yet).
  return null;
}

/** The characters of a Y.XmlText, without its formatting (its toString() writes marks as XML tags). */
function plainTextOf(text: Y.XmlText): string | null {
  let out = '';
  for (const piece of text.toDelta() as { insert: unknown }[]) {
    if (typeof piece.insert !== 'string') return null;
    out += piece.insert;
  }
  return out;
}

function yTextAt(pos: number, fragment: Y.XmlFragment, mapping: Mapping): { text: Y.XmlText; index: number } | null {
  try {
    const relative = absolutePositionToRelativePosition(pos, fragment as never, mapping as never);
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, fragment.doc!);
    return absolute && absolute.type instanceof Y.XmlText ? { text: absolute.type, index: absolute.index } : null;
  } catch {
    return null;
  }
}

/**
 * Writes one ProseMirror step to the Y.XmlFragment it is bound to, at the exact place it was made, when it is a
 * plain-text change inside one run of text (typing, deleting, replacing a selection by typed text) and Yjs holds
 * `before` there. Returns false, writing nothing, for anything else. The caller runs it in a Yjs transaction.
 */
export function writeTextStep(step: Step, before: PMNode, fragment: Y.XmlFragment, mapping: Mapping): boolean {
  if (!(step instanceof ReplaceStep)) return false;
  const { from, to, slice } = step as ReplaceStep & { from: number; to: number };
  if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
  const inserted: { text: string; attributes: Record<string, unknown> }[] = [];
  let plain = true;
  slice.content.forEach((node) => {
    const attributes = node.isText ? attributesOf(node.marks) : null;
    if (!attributes || !node.text) plain = false;
    else inserted.push({ text: node.text, attributes });
  });
  if (!plain) return false;
  const $from = before.resolve(from);
  const $to = before.resolve(to);
  if (!$from.parent.inlineContent || $from.parent !== $to.parent) return false;
  const run = textRunAt($from.parent, $from.parentOffset);
  if (!run || $to.parentOffset > run.start + run.text.length) return false;
  const start = yTextAt(from, fragment, mapping);
  const end = from === to ? start : yTextAt(to, fragment, mapping);
  if (!start || !end || start.text !== end.text) return false;
  // Yjs must hold exactly this run, and the positions must fall where ProseMirror has them.
  const ytext = start.text;
  if (plainTextOf(ytext) !== run.text) return false;
  if (start.index !== $from.parentOffset - run.start || end.index !== $to.parentOffset - run.start) return false;
  if (end.index > start.index) ytext.delete(start.index, end.index - start.index);
  let index = start.index;
  for (const piece of inserted) {
    ytext.insert(index, piece.text, piece.attributes);
    index += piece.text.length;
  }
  return true;
}

/** The one step between two documents, when `transactions` lead from the first to the second by exactly one. */
function singleStep(transactions: readonly Transaction[], from: PMNode, to: PMNode): { step: Step; before: PMNode } | null {
  let doc = from;
  let found: { step: Step; before: PMNode } | null = null;
  for (const tr of transactions) {
    if (!tr.docChanged) continue;
    if (tr.before !== doc || found || tr.steps.length !== 1) return null;
    // Remote changes are in Yjs already; changes kept out of the undo history go through the binding, which
    // handles that case.
    if (tr.getMeta(ySyncPluginKey) !== undefined || tr.getMeta('addToHistory') === false) return null;
    found = { step: tr.steps[0], before: tr.before };
    doc = tr.doc;
  }
  return found && doc === to ? found : null;
}

const collabTypingKey = new PluginKey('cvCollabTyping');

export const collabTyping = Extension.create({
  name: 'cvCollabTyping',
  // Above the Collaboration extension (1000): this plugin's view update must run before the binding's, so the
  // exact write comes first and the binding's diff finds nothing left to write.
  priority: 1001,
  addProseMirrorPlugins() {
    // Transactions applied since the view last updated (plugin state `apply` sees every one, appended included).
    let applied: Transaction[] = [];
    return [
      new Plugin({
        key: collabTypingKey,
        state: {
          init: () => null,
          apply: (tr) => {
            applied.push(tr);
            return null;
          }
        },
        appendTransaction: (transactions, _old, state) => {
          const remote = transactions.find((tr) => tr.getMeta(ySyncPluginKey)?.isChangeOrigin);
          if (!remote) return null;
          const binding = syncState(state)?.binding;
          const relative = binding?.beforeTransactionSelection;
          if (!binding || !relative || relative.type !== 'text' || relative.anchor == null || relative.head == null) return null;
          const anchor = relativePositionToAbsolutePosition(binding.doc, binding.type as never, relative.anchor, binding.mapping as never);
          const head = relativePositionToAbsolutePosition(binding.doc, binding.type as never, relative.head, binding.mapping as never);
          const size = state.doc.content.size;
          if (anchor === null || head === null || anchor > size || head > size) return null;
          if (!state.doc.resolve(anchor).parent.inlineContent || !state.doc.resolve(head).parent.inlineContent) return null;
          if (state.selection.anchor === anchor && state.selection.head === head) return null;
          // Part of the same remote change: carry its meta, so the binding and the carets read it as one.
          return state.tr.setSelection(TextSelection.create(state.doc, anchor, head)).setMeta(ySyncPluginKey, remote.getMeta(ySyncPluginKey));
        },
        view: () => ({
          update: (view, prevState) => {
            const transactions = applied;
            applied = [];
            if (view.state.doc === prevState.doc) return;
            const y = syncState(view.state);
            const binding = y?.binding;
            if (!binding || binding.prosemirrorView !== view || y.snapshot != null || y.prevSnapshot != null) return;
            const change = singleStep(transactions, prevState.doc, view.state.doc);
            if (!change) return;
            // Under the binding's lock: its observer must not render this write back into the editor.
            binding.mux(() => {
              binding.doc.transact((transaction) => {
                transaction.meta.set('addToHistory', true);
                writeTextStep(change.step, change.before, binding.type, binding.mapping);
              }, ySyncPluginKey);
            });
          }
        })
      })
    ];
  }
});
