/**
 * Light or dark: the system's preference until the operator picks one with the toggle;
 * the pick is remembered in localStorage. The stylesheet reads `data-theme` on <html>.
 */
import { el } from './dom-builder.ts';

type Theme = 'light' | 'dark';
const storageKey = 'tidewater.console.theme';

function systemTheme(): Theme {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function storedTheme(): Theme | undefined {
  const value = localStorage.getItem(storageKey);
  return value === 'light' || value === 'dark' ? value : undefined;
}

export function themeToggle(): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'theme-toggle' });
  const show = (theme: Theme) => {
    document.documentElement.dataset.theme = theme;
    const other = theme === 'dark' ? 'light' : 'dark';
    button.textContent = theme === 'dark' ? '☀ Light' : '☾ Dark';
    button.setAttribute('aria-label', `Switch to the ${other} theme`);
  };
  show(storedTheme() ?? systemTheme());
  button.addEventListener('click', () => {
    const next: Theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(storageKey, next);
    show(next);
  });
  // Follow the system while the operator has not chosen.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (!storedTheme()) show(systemTheme());
  });
  return button;
}
