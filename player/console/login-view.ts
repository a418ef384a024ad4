/** The key prompt: the console does nothing until an API key is accepted by the origin. */
import { el } from './dom-builder.ts';

/** `login` resolves to an error sentence, or undefined when the key was accepted. */
export function loginView(login: (key: string) => Promise<string | undefined>, notice?: string): HTMLElement {
  const input = el('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'login-message',
  });
  const message = el('p', { id: 'login-message', class: 'login-message', role: 'alert' }, notice ?? '');
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el(
    'form',
    { class: 'login card' },
    el('h1', {}, 'Tidewater console'),
    el('p', { class: 'muted' }, 'Sign in with an API key. Admin keys can change things; read keys can look.'),
    el('label', { for: 'api-key' }, 'API key'),
    input,
    message,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      message.textContent = 'Enter an API key.';
      return;
    }
    submit.disabled = true;
    message.textContent = '';
    const error = await login(key);
    submit.disabled = false;
    if (error) {
      message.textContent = error;
      input.select();
    }
  });
  queueMicrotask(() => input.focus());
  return el('main', { class: 'login-page' }, form);
}
