// Vitest runs without globals, so Testing Library cannot register its own cleanup.
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';

// Lazy routes and the data cache resolve over several ticks; on a busy CI machine the default
// 1 s for findBy*/waitFor is too tight (a wait ends as soon as its condition holds).
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
});

// jsdom does not lay text out; CodeMirror (the policy editors) and Cloudscape measure ranges, so
// give them empty rectangles.
beforeAll(() => {
  const empty = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});
