// The `oidc` scenario's floor: oidc-provider alone, as its README sets it up, with its in-memory
// store, one static client and an account lookup that reads nothing. What the library costs per
// request on this machine, so that Userhub's figure reads as a ratio to it.
// Usage: node bench/oidc-floor-server.mjs PORT CLIENT_ID CLIENT_SECRET. POST /seed?n=N answers N
// new refresh tokens of that client, POST /access-token one access token (for userinfo).
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const SCOPE = 'openid profile offline_access';

const [port, clientId, clientSecret] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const { privateKey } = await generateKeyPair('ES256', { extractable: true });
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: ['http://127.0.0.1:9/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], id_token_signed_response_alg: 'ES256' }],
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: 'Bench' }) }),
  jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'floor', alg: 'ES256', use: 'sig' }] },
  routes: { token: '/oidc/token', userinfo: '/oidc/me' },
  rotateRefreshToken: true,
  issueRefreshToken: () => true,
});
const client = await provider.Client.find(clientId);
const grant = new provider.Grant({ accountId: 'bench', clientId: clientId });
grant.addOIDCScope(SCOPE);
const grantId = await grant.save();

async function seed(n) {
  const now = Math.floor(Date.now() / 1000);
  const tokens = [];
  for (let i = 0; i < n; i += 1) {
    tokens.push(await new provider.RefreshToken({ accountId: 'bench', client, grantId, scope: SCOPE, gty: 'authorization_code', authTime: now, iiat: now, sessionUid: 'bench', expiresWithSession: false }).save());
  }
  return tokens;
}

const callback = provider.callback();
http
  .createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/seed') {
      seed(Number(url.searchParams.get('n') ?? '30')).then((tokens) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tokens)));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/access-token') {
      new provider.AccessToken({ accountId: 'bench', client, grantId, scope: SCOPE, gty: 'authorization_code' }).save().then((token) => res.writeHead(200).end(token));
      return;
    }
    callback(req, res);
  })
  .listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
