/**
 * The built console (apps/web/dist) as static files: the brotli or gzip copy the build wrote
 * beside each file (apps/web/build-tools/precompress.ts) when the browser accepts it, caching
 * that lets a browser keep hashed files for good, and the single page for every other GET.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/** Vite names every file under assets/ by its content hash: a changed file gets a new name. */
const HASHED_PREFIX = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files, so the browser must revalidate it on every load. */
const REVALIDATE = 'no-cache';

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** URL paths ("/assets/x.js.br") of every file in the build. */
function filesIn(distDir: string): Set<string> {
  const entries = readdirSync(distDir, { recursive: true, withFileTypes: true });
  return new Set(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => `/${path.relative(distDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`),
  );
}

/** Serves the console from distDir; call only when distDir/index.html exists. */
export function consoleStatic(distDir: string): Router {
  const files = filesIn(distDir);
  const serveFile = express.static(distDir, {
    index: false,
    cacheControl: false,
    setHeaders: (res, filePath) => {
      const urlPath = `/${path.relative(distDir, filePath).split(path.sep).join('/')}`;
      res.setHeader('Cache-Control', urlPath.startsWith(HASHED_PREFIX) ? IMMUTABLE : REVALIDATE);
    },
  });

  /** Points the request at the compressed copy the browser accepts, if the build wrote one. */
  const serveBestEncoding = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    // A hashed file that is not in this build (a page still open from before an upgrade): a 404,
    // not the single page, so the browser reports a failed load instead of parsing HTML as a script.
    if (urlPath.startsWith(HASHED_PREFIX) && !files.has(urlPath)) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    const available = ENCODINGS.filter((encoding) => files.has(urlPath + encoding.suffix));
    if (available.length === 0) return serveFile(req, res, next);
    res.vary('Accept-Encoding');
    // Our preference (brotli is smaller), not the header's order: browsers list gzip first.
    const encoding = available.find((candidate) => req.acceptsEncodings(candidate.name) === candidate.name);
    if (!encoding) return serveFile(req, res, next);
    // The type of the original file, not of ".br"/".gz" (send keeps a Content-Type already set).
    res.type(path.extname(urlPath));
    res.setHeader('Content-Encoding', encoding.name);
    req.url = urlPath + encoding.suffix;
    return serveFile(req, res, next);
  };

  const router = express.Router();
  router.use(serveBestEncoding);
  // Deep links: every other GET is the console's single page.
  router.get(/.*/, (req, res, next) => {
    req.url = '/index.html';
    serveBestEncoding(req, res, next);
  });
  return router;
}
