import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../test/render.tsx';
import { api, ApiError, getCsrfToken, setCsrfToken } from './client.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api client', () => {
  it('sends JSON with same-origin credentials and returns the parsed body', async () => {
    const { fetchMock } = stubFetch({ 'POST /api/things': { status: 201, body: { id: 1 } } });
    await expect(api.post('/api/things', { name: 'a' })).resolves.toEqual({ id: 1 });
    const init = fetchMock.mock.calls[0]![1]!;
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"name":"a"}');
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
  });

  it('sends the CSRF token on mutating requests only', async () => {
    setCsrfToken('tok-1');
    expect(getCsrfToken()).toBe('tok-1');
    const { calls } = stubFetch({
      'GET /api/a': { status: 200, body: {} },
      'POST /api/a': { status: 200, body: {} },
      'PUT /api/a': { status: 200, body: {} },
      'PATCH /api/a': { status: 200, body: {} },
      'DELETE /api/a': { status: 204 },
    });
    await api.get('/api/a');
    await api.post('/api/a', {});
    await api.put('/api/a', {});
    await api.patch('/api/a', {});
    await expect(api.delete('/api/a')).resolves.toBeUndefined();
    expect(calls.map((call) => [call.method, call.headers['x-csrf-token']])).toEqual([
      ['GET', undefined],
      ['POST', 'tok-1'],
      ['PUT', 'tok-1'],
      ['PATCH', 'tok-1'],
      ['DELETE', 'tok-1'],
    ]);
  });

  it('turns an error body into an ApiError with code, message, request ID and status', async () => {
    stubFetch({
      'POST /api/users': { status: 409, body: { error: { code: 'EntityAlreadyExists', message: 'User alice already exists.', requestId: 'r-1' } } },
    });
    const error = await api.post('/api/users', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'EntityAlreadyExists', message: 'User alice already exists.', requestId: 'r-1', status: 409 });
  });

  it('turns a non-JSON failure into an ApiError carrying the status', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html', 'x-amzn-requestid': 'r-2' } })));
    await expect(api.get('/api/x')).rejects.toMatchObject({ code: 'InternalFailure', status: 502, requestId: 'r-2' });
  });

  it('reports an unreachable server as a NetworkError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.get('/api/x')).rejects.toMatchObject({ code: 'NetworkError', status: 0 });
  });
});
