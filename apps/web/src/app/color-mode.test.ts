import { Mode } from '@cloudscape-design/global-styles';
import { afterEach, describe, expect, it } from 'vitest';
import { COLOR_MODE_STORAGE_KEY, initColorMode, readPreference, resolveMode, setColorModePreference } from './color-mode.ts';

describe('color mode', () => {
  afterEach(() => {
    localStorage.clear();
    document.body.classList.remove('awsui-dark-mode');
  });

  it('follows the browser unless Light or Dark was chosen', () => {
    expect(resolveMode('system', true)).toBe(Mode.Dark);
    expect(resolveMode('system', false)).toBe(Mode.Light);
    expect(resolveMode('light', true)).toBe(Mode.Light);
    expect(resolveMode('dark', false)).toBe(Mode.Dark);
  });

  it('applies the choice to the page and keeps it in the browser', () => {
    setColorModePreference('dark');
    expect(document.body.classList.contains('awsui-dark-mode')).toBe(true);
    expect(localStorage.getItem(COLOR_MODE_STORAGE_KEY)).toBe('dark');
    setColorModePreference('light');
    expect(document.body.classList.contains('awsui-dark-mode')).toBe(false);
    setColorModePreference('system');
    expect(localStorage.getItem(COLOR_MODE_STORAGE_KEY)).toBeNull();
    expect(readPreference()).toBe('system');
  });

  it('restores a stored choice on load', () => {
    localStorage.setItem(COLOR_MODE_STORAGE_KEY, 'dark');
    initColorMode();
    expect(document.body.classList.contains('awsui-dark-mode')).toBe(true);
  });
});
