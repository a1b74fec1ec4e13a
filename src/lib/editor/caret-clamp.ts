// Keeps the other people's caret labels inside their field: a caret near the right edge of a narrow field (a
// phone) would draw its name past the field, and past the screen. After each change of the editor (its text, or
// the carets, which the collaboration binding redraws in a transaction) and on a resize, each label is moved back
// sideways by as much as it sticks out.
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';

const LABEL = '.collab-caret__label';

/** Moves each caret label of `field` back inside the field's inner edges (borders excluded). */
export function clampCaretLabels(field: HTMLElement): void {
  const labels = field.querySelectorAll<HTMLElement>(LABEL);
  if (labels.length === 0) return;
  const box = field.getBoundingClientRect();
  const style = getComputedStyle(field);
  const inner = { left: box.left + parseFloat(style.borderLeftWidth), right: box.right - parseFloat(style.borderRightWidth) };
  for (const label of labels) {
    label.style.translate = '';
    const rect = label.getBoundingClientRect();
    let shift = 0;
    if (rect.right > inner.right) shift = inner.right - rect.right;
    if (rect.left + shift < inner.left) shift = inner.left - rect.left;
    if (shift !== 0) label.style.translate = `${Math.round(shift)}px 0`;
  }
}

export const CaretLabelClamp = Extension.create({
  name: 'caretLabelClamp',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        view(view) {
          let frame = 0;
          const schedule = () => {
            cancelAnimationFrame(frame);
            frame = requestAnimationFrame(() => clampCaretLabels(view.dom as HTMLElement));
          };
          window.addEventListener('resize', schedule);
          schedule();
          return {
            update: schedule,
            destroy() {
              cancelAnimationFrame(frame);
              window.removeEventListener('resize', schedule);
            }
          };
        }
      })
    ];
  }
});
