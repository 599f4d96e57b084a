import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../local/service';
import { api, signIn, startTestService } from '../support/service';

describe('local API host (API Gateway emulation)', () => {
  let svc: RunningService;
  let token: string;
  beforeAll(async () => {
    svc = await startTestService();
    const u = svc.demoUsers[0];
    if (!u) throw new Error('no demo users seeded');
    token = await signIn(svc, u.email, u.password);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('answers a public route', async () => {
    const res = await api(svc, '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
  });

  it('gives an unknown route a problem+json 404', async () => {
    const res = await api(svc, '/api/no-such-thing', { token });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('serves the runtime settings the web app needs', async () => {
    const res = await api(svc, '/config.json');
    expect(res.status).toBe(200);
    expect(res.body.cognito).toMatchObject({
      endpoint: svc.env.COGNITO_ENDPOINT,
      clientId: svc.env.USER_POOL_CLIENT_ID,
    });
  });

  it('refuses a request body over the API Gateway payload limit with 413', async () => {
    const res = await api(svc, '/api/health', { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });

  it('issues access tokens that expire in 15 minutes', () => {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(900);
    expect(payload.token_use).toBe('access');
  });
});
