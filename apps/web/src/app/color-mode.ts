// Light and dark mode (Cloudscape's applyMode, which puts `awsui-dark-mode` on <body>): the
// browser's prefers-color-scheme unless the user picked Light or Dark in the top navigation.
// The choice is kept in localStorage; "Browser default" removes it.
import { applyMode, Mode } from '@cloudscape-design/global-styles';
import { useSyncExternalStore } from 'react';

export type ColorModePreference = 'light' | 'dark' | 'system';

export const COLOR_MODE_STORAGE_KEY = 'portcullis.colorMode';

export const COLOR_MODE_OPTIONS: { id: ColorModePreference; text: string }[] = [
  { id: 'light', text: 'Light' },
  { id: 'dark', text: 'Dark' },
  { id: 'system', text: 'Browser default' },
];

const DARK_QUERY = '(prefers-color-scheme: dark)';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function parsePreference(value: string | null | undefined): ColorModePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function readPreference(): ColorModePreference {
  try {
    return parsePreference(storage()?.getItem(COLOR_MODE_STORAGE_KEY));
  } catch {
    return 'system';
  }
}

function browserPrefersDark(): boolean {
  return typeof globalThis.matchMedia === 'function' && globalThis.matchMedia(DARK_QUERY).matches;
}

/** The mode a preference comes to, given whether the browser prefers dark. */
export function resolveMode(preference: ColorModePreference, prefersDark: boolean): Mode {
  if (preference === 'system') return prefersDark ? Mode.Dark : Mode.Light;
  return preference === 'dark' ? Mode.Dark : Mode.Light;
}

const listeners = new Set<() => void>();
let mediaQuery: MediaQueryList | undefined;

function apply(): void {
  applyMode(resolveMode(readPreference(), browserPrefersDark()));
}

/**
 * Applies the stored preference and follows the browser's setting from then on. Called once
 * before the first render, so a dark page never flashes light.
 */
export function initColorMode(): void {
  apply();
  if (mediaQuery || typeof globalThis.matchMedia !== 'function') return;
  mediaQuery = globalThis.matchMedia(DARK_QUERY);
  mediaQuery.addEventListener('change', () => {
    if (readPreference() === 'system') apply();
  });
  globalThis.addEventListener('storage', (event) => {
    if (event.key !== COLOR_MODE_STORAGE_KEY) return;
    apply();
    listeners.forEach((listener) => listener());
  });
}

export function setColorModePreference(preference: ColorModePreference): void {
  try {
    if (preference === 'system') storage()?.removeItem(COLOR_MODE_STORAGE_KEY);
    else storage()?.setItem(COLOR_MODE_STORAGE_KEY, preference);
  } catch {
    // storage disabled: the mode still changes for this page
  }
  applyMode(resolveMode(preference, browserPrefersDark()));
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The user's choice and a setter, shared by every toggle on the page. */
export function useColorModePreference(): [ColorModePreference, (preference: ColorModePreference) => void] {
  const preference = useSyncExternalStore(subscribe, readPreference, () => 'system' as const);
  return [preference, setColorModePreference];
}
