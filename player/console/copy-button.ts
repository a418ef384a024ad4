/** A value to copy (URLs, keys) with a button that puts it on the clipboard. */
import { el } from './dom-builder.ts';

async function copyText(text: string, source: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (plain http on a non-local host): select the text for Ctrl+C.
    source.select();
    return false;
  }
}

/** A read-only field with a Copy button; `label` names both for screen readers. */
export function copyField(label: string, value: string, options: { secret?: boolean } = {}): HTMLElement {
  const input = el('input', {
    type: 'text',
    readonly: true,
    value,
    'aria-label': label,
    class: options.secret ? 'secret' : null,
    spellcheck: 'false',
  });
  const button = el('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${label}` }, 'Copy');
  button.addEventListener('click', async () => {
    const copied = await copyText(input.value, input);
    button.textContent = copied ? 'Copied' : 'Press Ctrl+C';
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 1500);
  });
  return el(
    'div',
    { class: 'copy-field' },
    el('label', {}, label),
    el('div', { class: 'copy-row' }, input, button),
  );
}
