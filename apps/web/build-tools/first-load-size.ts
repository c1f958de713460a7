// Prints how much a browser must download (gzipped) before the console can render anything:
// the entry chunk, every chunk it imports statically, and their CSS. Lazy route chunks are left
// out, so this is the number route-level code splitting is meant to keep small.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

interface AssetLike {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}

type BundleLike = Record<string, ChunkLike | AssetLike>;

export interface FirstLoadSize {
  jsFiles: string[];
  jsRawBytes: number;
  jsGzipBytes: number;
  cssFiles: string[];
  cssGzipBytes: number;
}

const gzipBytes = (content: string | Uint8Array) => gzipSync(Buffer.from(content), { level: 9 }).byteLength;

/** Sums the gzipped size of the entry chunks, their static imports, and the CSS they import. */
export function firstLoadSize(bundle: BundleLike): FirstLoadSize {
  const js = new Set<string>();
  const css = new Set<string>();
  const queue = Object.values(bundle)
    .filter((item): item is ChunkLike => item.type === 'chunk' && item.isEntry)
    .map((chunk) => chunk.fileName);
  const size: FirstLoadSize = { jsFiles: [], jsRawBytes: 0, jsGzipBytes: 0, cssFiles: [], cssGzipBytes: 0 };
  while (queue.length > 0) {
    const fileName = queue.shift()!;
    const chunk = bundle[fileName];
    if (js.has(fileName) || !chunk || chunk.type !== 'chunk') continue;
    js.add(fileName);
    size.jsRawBytes += Buffer.byteLength(chunk.code);
    size.jsGzipBytes += gzipBytes(chunk.code);
    for (const cssFile of chunk.viteMetadata?.importedCss ?? []) css.add(cssFile);
    queue.push(...chunk.imports);
  }
  for (const cssFile of css) {
    const asset = bundle[cssFile];
    if (asset?.type === 'asset') size.cssGzipBytes += gzipBytes(asset.source);
  }
  size.jsFiles = [...js];
  size.cssFiles = [...css];
  return size;
}

/** Vite plugin: reports the first-load JS (and CSS) size after a production build. */
export function firstLoadSizePlugin(): Plugin {
  return {
    name: 'portcullis:first-load-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const size = firstLoadSize(bundle as unknown as BundleLike);
      const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
      console.log(
        `\nfirst-load JS: ${kib(size.jsGzipBytes)} gzipped (${kib(size.jsRawBytes)} raw) in ${size.jsFiles.length} chunk(s): ${size.jsFiles.join(', ')}` +
          `\nfirst-load CSS: ${kib(size.cssGzipBytes)} gzipped in ${size.cssFiles.length} file(s) (fonts are separate files: build-tools/font-files.ts)`,
      );
    },
  };
}
