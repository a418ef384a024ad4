/** A state as a coloured word; the colour is never the only signal (the word is there). */
import { el } from './dom-builder.ts';

export function statusBadge(state: string, title?: string): HTMLElement {
  return el('span', { class: `badge badge-${state}`, 'data-state': state, title: title ?? null }, state);
}
