// Cloudscape's global styles embed its eight Open Sans faces in the CSS as base64 data URLs:
// about 135 KB (compressed) that every first load downloads before anything renders, although a
// page uses two or three faces. This plugin writes each face to a file of its own before Vite
// processes the CSS, so Vite emits them as hashed assets the browser fetches only when a face is
// used (and caches for good). `font-display: swap` shows the text in a fallback font meanwhile.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

const GLOBAL_STYLES = /@cloudscape-design[\\/]global-styles[\\/]index\.css$/;
const INLINE_FONT = /url\((['"]?)data:font\/woff2;base64,([A-Za-z0-9+/=]+)\1\)/g;

/** The CSS with each inline font replaced by a file in `dir`, referenced relative to `cssFile`. */
export function extractInlineFonts(css: string, cssFile: string, dir: string): string {
  return css
    .replace(INLINE_FONT, (_match, _quote: string, base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      const file = path.join(dir, `open-sans-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.woff2`);
      if (!existsSync(file)) writeFileSync(file, bytes);
      const relative = path.relative(path.dirname(cssFile), file).split(path.sep).join('/');
      return `url('${relative.startsWith('.') ? relative : `./${relative}`}')`;
    })
    .replace(/@font-face\s*\{/g, '@font-face {\n  font-display: swap;');
}

/** Vite plugin: Cloudscape's inline fonts become separate, lazily loaded font files. */
export function fontFilesPlugin(): Plugin {
  let dir = '';
  return {
    name: 'portcullis:font-files',
    // Before Vite's CSS plugin, which then resolves the relative URLs and emits the files.
    enforce: 'pre',
    apply: 'build',
    configResolved(config) {
      dir = path.join(config.cacheDir, 'font-files');
    },
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!GLOBAL_STYLES.test(file)) return undefined;
      mkdirSync(dir, { recursive: true });
      return { code: extractInlineFonts(code, file, dir), map: null };
    },
  };
}
