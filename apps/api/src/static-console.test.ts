import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleStatic } from './static-console';

const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
let app: express.Express;

beforeAll(() => {
  const dist = mkdtempSync(path.join(tmpdir(), 'portcullis-static-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Portcullis</title>');
  writeFileSync(path.join(dist, 'assets/index-abc123.js'), script);
  writeFileSync(path.join(dist, 'assets/index-abc123.js.br'), brotliCompressSync(script));
  writeFileSync(path.join(dist, 'assets/index-abc123.js.gz'), gzipSync(script));
  writeFileSync(path.join(dist, 'assets/small-def456.css'), 'a{}');
  app = express();
  app.use(consoleStatic(dist));
});

describe('the console as static files', () => {
  it('sends the brotli copy to a browser that accepts it, typed as the original, cached for good', async () => {
    // supertest decodes brotli and gzip itself: a body equal to the file proves the encoding.
    const res = await request(app).get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['vary']).toContain('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.text).toBe(script);
  });

  it('sends gzip without brotli, and the plain file without either', async () => {
    const gz = await request(app).get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe(script);
    const plain = await request(app).get('/assets/index-abc123.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toContain('Accept-Encoding');
    expect(plain.text).toBe(script);
  });

  it('serves a file with no compressed copy as it is', async () => {
    const res = await request(app).get('/assets/small-def456.css').set('Accept-Encoding', 'br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.text).toBe('a{}');
  });

  it('makes the browser revalidate the single page, for deep links too', async () => {
    for (const url of ['/', '/users?page=3', '/index.html']) {
      const res = await request(app).get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.text, url).toContain('<title>Portcullis</title>');
    }
  });

  it('answers 404 for a hashed file that is not in the build, not the single page', async () => {
    const res = await request(app).get('/assets/index-old999.js');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<title>');
  });
});
