// Identity providers for the single sign-on specs, running locally in the test process: a SAML
// IdP (samlify in IdP mode, apps/api/test/saml-idp.ts) behind a small HTTP server whose page posts
// its Response to the console's /saml, as an IdP's "AWS" tile does (IdP-initiated sign-in), and
// whose SingleSignOnService takes the console's signed AuthnRequests (SP-initiated); an OpenID
// Provider (oidc-provider) for the authorization-code sign-in.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { samlIdp, type AssertionOptions, type SamlIdp } from '../apps/api/test/saml-idp.ts';

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export interface LocalSamlIdp {
  idp: SamlIdp;
  /** A page of the IdP that posts a fresh Response for these options to the console's /saml. */
  launchUrl(options: AssertionOptions): Promise<string>;
  /** Who the IdP's SingleSignOnService (/sso) signs in, answering an AuthnRequest it has verified. */
  answerSignInAs(options: AssertionOptions): void;
  close(): Promise<void>;
}

/** Starts the IdP for the console at `baseURL` (its SP metadata fetched from /saml/metadata.xml). */
export async function startSamlIdp(baseURL: string): Promise<LocalSamlIdp> {
  const spMetadata = await (await fetch(`${baseURL}/saml/metadata.xml`)).text();
  const pages = new Map<string, string>();
  let signInAs: AssertionOptions | undefined;
  const postPage = async (options: AssertionOptions, relayState?: string | null) =>
    `<!doctype html><title>Corporate IdP</title><h1>Corporate IdP</h1><form method="post" action="${escape(baseURL)}/saml">` +
    `<input type="hidden" name="SAMLResponse" value="${escape(await idp.response(options))}">` +
    (relayState ? `<input type="hidden" name="RelayState" value="${escape(relayState)}">` : '') +
    '<button type="submit">Continue to Portcullis</button></form>';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    res.setHeader('content-type', 'text/html');
    if (url.pathname === '/sso') {
      // The SP-initiated sign-in: the console's AuthnRequest, its signature verified as the IdP
      // wants requests signed (samlify refuses an unsigned or altered one).
      idp
        .loginRequest(url.toString())
        .then(async (request) => res.end(await postPage(signInAs!, request.relayState)))
        .catch((error: unknown) => {
          res.statusCode = 400;
          res.end(`AuthnRequest refused: ${escape(String(error))}`);
        });
      return;
    }
    const html = pages.get(url.pathname.slice(1));
    res.statusCode = html ? 200 : 404;
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp = samlIdp(spMetadata, { entityId: 'https://idp.e2e.test/saml', ssoUrl: `${origin}/sso` });
  return {
    idp,
    async launchUrl(options) {
      const id = randomUUID();
      pages.set(id, await postPage(options));
      return `${origin}/${id}`;
    },
    answerSignInAs(options) {
      signInAs = options;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface LocalOidcProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (oidc-provider, with its own login and consent pages) on https, its
 * certificate e2e/fixtures/oidc-provider.crt (trusted by the server under test through
 * NODE_EXTRA_CA_CERTS, playwright.config.ts); one public client using PKCE.
 */
export async function startOidcProvider(clientId: string, redirectUri: string): Promise<LocalOidcProvider> {
  // oidc-provider ships no types: the part used here.
  type ProviderClass = new (issuer: string, configuration: object) => { callback(): (req: IncomingMessage, res: ServerResponse) => void; on(event: string, listener: () => void): void };
  const moduleName = 'oidc-provider';
  const { default: Provider } = (await import(moduleName)) as { default: ProviderClass };
  const fixtures = new URL('./fixtures/', import.meta.url);
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createHttpsServer({ key: readFileSync(new URL('oidc-provider.key', fixtures)), cert: readFileSync(new URL('oidc-provider.crt', fixtures)) }, (req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, token_endpoint_auth_method: 'none', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['portcullis-e2e-cookie-key'] },
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  provider.on('server_error', () => {});
  handler = provider.callback();
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
