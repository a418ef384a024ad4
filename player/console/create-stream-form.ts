/** The "new stream" form: a name and the few choices that matter when starting out. */
import type { StreamView } from './api-types.ts';
import { type ConsoleApi, defaultLadder } from './console-api.ts';
import { el } from './dom-builder.ts';

export function createStreamForm(options: {
  api: ConsoleApi;
  onCreated: (stream: StreamView) => void;
  onCancel: () => void;
}): HTMLFormElement {
  const name = el('input', {
    id: 'new-stream-name',
    name: 'name',
    required: true,
    pattern: '[a-z0-9][a-z0-9_\\-]{0,63}',
    maxlength: 64,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'new-stream-name-hint',
  });
  const ladder = el('input', { id: 'new-stream-ladder', name: 'ladder', type: 'checkbox' });
  const record = el('input', { id: 'new-stream-record', name: 'record', type: 'checkbox' });
  const dvr = el('input', {
    id: 'new-stream-dvr',
    name: 'dvr',
    type: 'number',
    min: 0,
    max: 86400,
    step: 1,
    placeholder: 'origin default',
  });
  const message = el('p', { class: 'form-message', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Create stream');
  const form = el(
    'form',
    { class: 'card create-stream', 'aria-label': 'New stream' },
    el('h2', {}, 'New stream'),
    el('label', { for: 'new-stream-name' }, 'Name'),
    name,
    el(
      'p',
      { id: 'new-stream-name-hint', class: 'hint' },
      'Used in playback URLs: lowercase letters, digits, "-" and "_".',
    ),
    el(
      'div',
      { class: 'checks' },
      el('label', { for: 'new-stream-ladder' }, ladder, ' ABR ladder (720p, 480p, 360p)'),
      el('label', { for: 'new-stream-record' }, record, ' Record (becomes a VOD asset)'),
    ),
    el('label', { for: 'new-stream-dvr' }, 'DVR window (seconds)'),
    dvr,
    message,
    el(
      'div',
      { class: 'actions' },
      submit,
      el('button', { type: 'button', onclick: () => options.onCancel() }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    submit.disabled = true;
    try {
      const stream = await options.api.createStream({
        name: name.value.trim(),
        ladder: ladder.checked ? defaultLadder : null,
        record: record.checked,
        ...(dvr.value === '' ? {} : { dvrWindowSeconds: Number(dvr.value) }),
      });
      form.reset();
      options.onCreated(stream);
    } catch (error) {
      message.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => name.focus());
  return form;
}
