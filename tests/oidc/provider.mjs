// A real OpenID provider for the single sign-on tests (tests/accounts/sso/): the certified
// `oidc-provider` package, configured from a JSON file, on a port the operating system picks.
//
//   node tests/oidc/provider.mjs CONFIG.json
//
// CONFIG: { "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris,
//                        backchannel_logout_uri, backchannel_logout_session_required}],
//           "users": { "<sub>": { "email", "name", "groups": [...] } } }
// Prints one line, `listening <issuer>`, once it accepts connections.
//
// Beside the standard endpoints it has a test-only control surface (this script exists only
// for the tests; nothing like it belongs in a real provider):
//   GET  /interaction/:uid           the sign-in form (a username; no password: the tests play
//                                    the person, the provider's own checks are what is tested)
//   POST /interaction/:uid/login     signs that username in
//   PUT  /test/users/:sub            replaces a user's claims (a group removed, say)
//   PUT  /test/tamper                {"mode": "none" | "rogue_signature" | "audience" | "issuer" |
//                                    "nonce" | "expired" | "alg_none" | "alg_hs256"} rewrites the
//                                    ID token of every later token response: signed with a key
//                                    the provider never published (same key id); validly signed
//                                    but for another audience, from another issuer, with another
//                                    nonce, or long expired; unsigned; or HMAC-signed with the
//                                    client's own secret (algorithm confusion).
//   POST /test/sign                  {claims} signed with the provider's real key as a logout
//                                    token (typ logout+jwt), to test the back-channel logout
//                                    endpoint with tokens a real provider never sends (another
//                                    audience, a nonce); a wrong signature needs no help.
//
// Back-Channel Logout 1.0 is on (advertised in discovery as backchannel_logout_supported and
// backchannel_logout_session_supported): when a session here ends, the provider POSTs a signed
// logout token to each client's backchannel_logout_uri, and ID tokens carry the session's `sid`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const users = new Map(Object.entries(config.users));
let tamper = 'none';

const KID = 'onrecord-test-key';
const real = await generateKeyPair('RS256', { extractable: true });
const rogue = await generateKeyPair('RS256', { extractable: true });
// The provider's signing key (private: the provider signs with it, and publishes its public half).
const signingJwk = { ...(await exportJWK(real.privateKey)), kid: KID, alg: 'RS256', use: 'sig' };

async function tampered(idToken) {
  const [, body] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  let key = real.privateKey;
  const header = { alg: 'RS256', kid: KID, typ: 'JWT' };
  if (tamper === 'rogue_signature') key = rogue.privateKey;
  if (tamper === 'audience') claims.aud = 'another-service';
  if (tamper === 'issuer') claims.iss = 'https://attacker.example';
  if (tamper === 'nonce') claims.nonce = 'not-the-nonce-the-client-sent';
  if (tamper === 'expired') {
    claims.iat -= 7200;
    claims.exp = claims.iat + 600;
  }
  if (tamper === 'alg_none') {
    // An unsigned token: `alg: none` and no signature.
    const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
  }
  if (tamper === 'alg_hs256') {
    // The algorithm-confusion attack: signed with the client's own secret as an HMAC key.
    header.alg = 'HS256';
    key = new TextEncoder().encode(config.clients[0].client_secret);
  }
  return new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader(header)
    .sign(key);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>`
    + `</head><body><h1>${title}</h1>${body}</body></html>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: { keys: [signingJwk] },
    async findAccount(_ctx, sub) {
      if (!users.has(sub)) return undefined;
      return {
        accountId: sub,
        async claims() {
          const user = users.get(sub);
          return { sub, email: user.email, email_verified: true, name: user.name, groups: user.groups };
        },
      };
    },
    claims: {
      openid: ['sub', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // The groups are in the ID token, as Entra ID puts them there.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Sign out', `${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Signed out', '<p>You are signed out.</p>');
        },
      },
    },
    // The provider's outgoing requests (the back-channel logout POST) refuse special-use
    // addresses such as loopback, against SSRF; the tests' receiver listens on 127.0.0.1, so
    // only a request to 127.0.0.1 goes without that check. A real provider keeps it.
    fetch(url, options) {
      if (new URL(url).hostname === '127.0.0.1') delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    // Every client the tests register is first-party: no consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['onrecord-test-cookie-key'] },
    ttl: { IdToken: 3600, AccessToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
  });
  provider.use(async (ctx, next) => {
    const interaction = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (interaction) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (ctx.method === 'GET') {
        ctx.type = 'html';
        ctx.body = page(
          'Sign in to the test provider',
          `<p>${escape(details.prompt.name)}</p>`
          + `<form method="post" action="/interaction/${escape(details.uid)}/login">`
          + '<label for="username">Username</label><input id="username" name="username">'
          + '<button>Sign in</button></form>',
        );
        return;
      }
      const form = new URLSearchParams(await readBody(ctx.req));
      const sub = form.get('username') || '';
      const result = users.has(sub)
        ? { login: { accountId: sub } }
        : { error: 'access_denied', error_description: 'no such user' };
      ctx.status = 303;
      ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
      return;
    }
    const user = ctx.path.match(/^\/test\/users\/([^/]+)$/);
    if (user && ctx.method === 'PUT') {
      users.set(decodeURIComponent(user[1]), JSON.parse(await readBody(ctx.req)));
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/test/sign' && ctx.method === 'POST') {
      const claims = JSON.parse(await readBody(ctx.req));
      ctx.body = {
        token: await new CompactSign(Buffer.from(JSON.stringify(claims)))
          .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'logout+jwt' })
          .sign(real.privateKey),
      };
      return;
    }
    if (ctx.path === '/test/tamper' && ctx.method === 'PUT') {
      tamper = JSON.parse(await readBody(ctx.req)).mode;
      ctx.status = 204;
      return;
    }
    await next();
    if (ctx.path === '/token' && tamper !== 'none' && ctx.body?.id_token) {
      ctx.body = { ...ctx.body, id_token: await tampered(ctx.body.id_token) };
    }
  });
  server.on('request', provider.callback());
  process.stdout.write(`listening ${issuer}\n`);
});
