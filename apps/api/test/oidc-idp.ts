/**
 * A real OpenID Provider for tests: `oidc-provider` (a certified implementation) on a local
 * http server, with its development login and consent pages (devInteractions) and one public
 * client using PKCE. `signInThrough` plays the browser: it follows the authorization request
 * through the login and consent forms and returns the redirect back to the client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface LocalOidcProvider {
  issuer: string;
  /** The IAM provider URL (no scheme). */
  url: string;
  close(): Promise<void>;
}

/** Starts the provider; `clientId` may redirect to `redirectUri` only. */
export async function startOidcProvider(
  clientId: string,
  redirectUri: string,
  options: { idTokenTtlSeconds?: number; /** Claims the ID token of a login carries besides sub (e.g. https://aws.amazon.com/tags). */ idTokenClaims?: (login: string) => Record<string, unknown> } = {},
): Promise<LocalOidcProvider> {
  let handler: Parameters<typeof createServer>[1] = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, token_endpoint_auth_method: 'none', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub', 'https://aws.amazon.com/tags'], email: ['email', 'email_verified'] },
    // The ID token carries what claims() answers for it (email stays at the userinfo endpoint).
    conformIdTokenClaims: false,
    ttl: { IdToken: options.idTokenTtlSeconds ?? 3600 },
    cookies: { keys: ['portcullis-test-cookie-key'] },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async (use: string) => (use === 'id_token' ? { sub, ...options.idTokenClaims?.(sub) } : { sub, email: `${sub}@example.com`, email_verified: true }),
    }),
  });
  // The provider logs nothing to the test output.
  provider.on('server_error', () => {});
  handler = provider.callback();
  return {
    issuer,
    url: issuer.replace(/^http:\/\//, ''),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Follows `authorizationUrl` as a browser would, signing in as `login` on the provider's own
 * login form and consenting: returns the final redirect to the client (with code and state).
 */
export async function signInThrough(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  };
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  const origin = url.origin;
  for (let step = 0; step < 20; step++) {
    if (url.origin !== origin) return url;
    const response = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    remember(response);
    method = 'GET';
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider answered ${response.status} without a form: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [input] of html.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input)?.[1];
      if (name) fields.set(name, /value="([^"]*)"/.exec(input)?.[1] ?? '');
    }
    if (fields.has('login')) {
      fields.set('login', login);
      fields.set('password', 'any-password');
    }
    url = new URL(action.replace(/&amp;/g, '&'), url);
    method = 'POST';
    body = fields;
  }
  throw new Error('the provider never redirected back to the client');
}
