/**
 * "Are you sure?" for destructive actions, as a modal <dialog>: focus moves into it,
 * Escape cancels, and the safe choice has the focus first.
 */
import { el } from './dom-builder.ts';

export function confirmAction(message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = el('button', { type: 'button', value: 'cancel' }, 'Cancel');
    const confirm = el('button', { type: 'button', class: 'danger', value: 'confirm' }, confirmLabel);
    const dialog = el(
      'dialog',
      { class: 'confirm', 'aria-label': confirmLabel },
      el('p', {}, message),
      el('div', { class: 'actions' }, cancel, confirm),
    );
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
