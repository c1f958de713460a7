/** Drives the REST protocol as the console does: sign in, then POST /api/<service>/<Action> with the CSRF header. */
import type { App } from '../src/app';
import request from 'supertest';
import { expect } from 'vitest';

export interface ConsoleClient {
  call(service: string, action: string, body?: object): Promise<request.Response>;
  /** Calls and expects 200, returning the body. */
  ok<T = Record<string, unknown>>(service: string, action: string, body?: object): Promise<T>;
  agent: ReturnType<typeof request.agent>;
  csrfToken: string;
}

export async function signIn(app: App, credentials: { kind: 'root'; email: string; password: string } | { kind: 'iam'; account: string; userName: string; password: string }): Promise<ConsoleClient> {
  const agent = request.agent(app);
  const res = await agent.post('/api/session').send(credentials);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  const csrfToken = res.body.csrfToken as string;
  const client: ConsoleClient = {
    agent,
    csrfToken,
    call: (service, action, body = {}) => agent.post(`/api/${service}/${action}`).set('x-csrf-token', csrfToken).send(body),
    async ok(service, action, body = {}) {
      const r = await client.call(service, action, body);
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    },
  };
  return client;
}

/** Sets up a fresh account through the API and signs its root user in. */
export async function rootClient(app: App, accountId = '123456789012'): Promise<ConsoleClient> {
  const email = `root-${accountId}@example.com`;
  const password = 'Root-Password-1';
  const setup = await request(app).post('/api/setup').send({ email, password, accountId });
  if (setup.status !== 201) throw new Error(`setup failed: ${JSON.stringify(setup.body)}`);
  return signIn(app, { kind: 'root', email, password });
}
