// A real OpenID Connect provider (npm oidc-provider) on loopback that issues Entra-shaped tokens
// (tid, oid, preferred_username, email, xms_edov, name, roles, groups) for the SSO tests.
//
//   node oidc-server.mjs <config.json>
//
// config.json: { "port": 1234, "issuer": "http://127.0.0.1:1234",
//   "clients": [{ "client_id": "...", "client_secret": "...", "redirect_uris": ["http://acme.localhost:5000/signin-oidc"] }],
//   "accounts": [{ "id": "alice", "label": "Alice (Contoso)", "claims": { "tid": "...", "oid": "...", "email": "..." } }] }
//
// No dev interactions: the login page lists the accounts as buttons (data-testid="account-{id}"), so a test
// chooses who signs in (and so which directory the token comes from). Consent is granted automatically.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = new Map(config.accounts.map((a) => [a.id, a]));
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(config.issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...c,
  })),
  claims: {
    openid: ['sub', 'tid', 'oid', 'roles', 'groups'],
    email: ['email', 'email_verified', 'xms_edov'],
    profile: ['name', 'preferred_username'],
  },
  // Put the scope claims into the ID token, as Entra does (ASP.NET does not call userinfo by default).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['secureaichat-test-peer-only'] },
  findAccount: async (ctx, id) => {
    const account = accounts.get(id);
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: `sub-${id}`, email_verified: true, ...account.claims }) };
  },
  // First-party test client: no consent screen.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['sub', 'tid', 'oid', 'roles', 'groups', 'email', 'email_verified', 'xms_edov', 'name', 'preferred_username']);
    await grant.save();
    return grant;
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><title>oidc error</title><pre data-testid="oidc-error">${escape(JSON.stringify(out))}</pre>`;
  },
});

const readBody = (req) => new Promise((resolve, reject) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
  req.on('error', reject);
});

async function interaction(req, res) {
  const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url);
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST' && match[2]) {
    const form = await readBody(req);
    const accountId = form.get('account');
    if (!accounts.has(accountId)) { res.writeHead(400).end('unknown account'); return; }
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  const buttons = [...accounts.values()].map((a) =>
    `<p><button type="submit" name="account" value="${escape(a.id)}" data-testid="account-${escape(a.id)}">${escape(a.label ?? a.id)}</button></p>`).join('');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1><p>Client: ${escape(details.params.client_id)}</p>
<form method="post" action="/interaction/${escape(details.uid)}/login">${buttons}</form></body></html>`);
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
    return;
  }
  callback(req, res);
});
server.listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-peer listening on ${config.issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
