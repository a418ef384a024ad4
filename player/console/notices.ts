/**
 * Messages to the operator in one live region: errors stay until dismissed (they are
 * what went wrong and must be read); confirmations fade after a few seconds.
 */
import { el } from './dom-builder.ts';

export class Notices {
  readonly element = el('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });

  error(message: string): void {
    this.add(message, 'error');
  }

  info(message: string): void {
    this.add(message, 'info');
  }

  /** Runs an operator action: its failure becomes an error notice instead of an exception. */
  async attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      this.error(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  clear(): void {
    this.element.replaceChildren();
  }

  private add(message: string, kind: 'error' | 'info'): void {
    // The same error twice in a row is shown once.
    const last = this.element.lastElementChild;
    if (last?.getAttribute('data-message') === message) return;
    const notice = el(
      'div',
      { class: `notice notice-${kind}`, 'data-message': message, role: kind === 'error' ? 'alert' : null },
      el('span', {}, message),
      el(
        'button',
        { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => notice.remove() },
        '×',
      ),
    );
    this.element.append(notice);
    while (this.element.childElementCount > 4) this.element.firstElementChild?.remove();
    if (kind === 'info') setTimeout(() => notice.remove(), 4000);
  }
}
