/** Adding a restream destination: a full URL, or a known service (preset) and the key it issued. */
import type { DestinationPreset, DestinationView } from './api-types.ts';
import type { ConsoleApi, CreateDestinationInput } from './console-api.ts';
import { el } from './dom-builder.ts';

export function destinationForm(options: {
  api: ConsoleApi;
  streamId: string;
  presets: DestinationPreset[];
  onAdded: (destination: DestinationView) => void;
}): HTMLFormElement {
  const name = el('input', { id: 'destination-name', name: 'name', required: true, maxlength: 100 });
  const byUrl = el('input', { type: 'radio', name: 'target', value: 'url', id: 'target-url', checked: true });
  const byPreset = el('input', { type: 'radio', name: 'target', value: 'preset', id: 'target-preset' });
  const url = el('input', {
    id: 'destination-url',
    name: 'url',
    type: 'text',
    placeholder: 'rtmp://host/app/key, srt://host:port?…, udp://host:port',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const preset = el(
    'select',
    { id: 'destination-preset', name: 'preset' },
    ...options.presets.map((p) => el('option', { value: p.id }, p.label)),
  );
  const key = el('input', {
    id: 'destination-key',
    name: 'streamKey',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const urlFields = el(
    'div',
    { class: 'target-fields' },
    el('label', { for: 'destination-url' }, 'URL'),
    url,
  );
  const presetFields = el(
    'div',
    { class: 'target-fields', hidden: true },
    el('label', { for: 'destination-preset' }, 'Service'),
    preset,
    el('label', { for: 'destination-key' }, 'Stream key from the service'),
    key,
  );
  const showTarget = () => {
    urlFields.hidden = !byUrl.checked;
    presetFields.hidden = byUrl.checked;
  };
  byUrl.addEventListener('change', showTarget);
  byPreset.addEventListener('change', showTarget);
  const message = el('p', { class: 'form-message', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Add destination');
  const form = el(
    'form',
    { class: 'destination-form', 'aria-label': 'Add a restream destination' },
    el('h3', {}, 'Add a destination'),
    el('label', { for: 'destination-name' }, 'Name'),
    name,
    el(
      'fieldset',
      { class: 'choice' },
      el('legend', {}, 'Target'),
      el('label', { for: 'target-url' }, byUrl, ' Enter a URL'),
      options.presets.length ? el('label', { for: 'target-preset' }, byPreset, ' Pick a service') : null,
    ),
    urlFields,
    presetFields,
    message,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    const input: CreateDestinationInput = byUrl.checked
      ? { name: name.value.trim(), url: url.value.trim() }
      : { name: name.value.trim(), preset: preset.value, streamKey: key.value.trim() };
    submit.disabled = true;
    try {
      const added = await options.api.createDestination(options.streamId, input);
      form.reset();
      showTarget();
      options.onAdded(added);
    } catch (error) {
      message.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
