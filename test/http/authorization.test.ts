import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { authorizationCredentials } from '../../src/http/authorization.js';

const withHeader = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as FastifyRequest;

describe('the Authorization header parser', () => {
  it('given no header, then null (the guards fall back to the session cookie)', () => {
    expect(authorizationCredentials(withHeader(), 'Bearer')).toBeNull();
  });

  it('given the scheme in any case and surrounding spaces, then the credentials', () => {
    expect(authorizationCredentials(withHeader('Bearer uh_abc'), 'Bearer')).toBe('uh_abc');
    expect(authorizationCredentials(withHeader('bearer   uh_abc  '), 'Bearer')).toBe('uh_abc');
    expect(authorizationCredentials(withHeader('BASIC dXNlcjpwdw=='), 'Basic')).toBe('dXNlcjpwdw==');
  });

  it("given another scheme or no recognisable form, then '' (a header was sent, but not this)", () => {
    expect(authorizationCredentials(withHeader('Basic dXNlcjpwdw=='), 'Bearer')).toBe('');
    expect(authorizationCredentials(withHeader('Bearer'), 'Bearer')).toBe('');
    expect(authorizationCredentials(withHeader('Bearer a b'), 'Bearer')).toBe('');
    expect(authorizationCredentials(withHeader('Bearerx abc'), 'Bearer')).toBe('');
    expect(authorizationCredentials(withHeader(''), 'Bearer')).toBe('');
  });
});
