import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issuerAllowed, ssoOptionsFor } from './providers.ts';

describe('which issuer single sign-on may use (ADR 0022)', () => {
  it('https always; plain http only on this machine and only while Klachtwijs itself runs under http', () => {
    const dev = ssoOptionsFor({ baseUrl: 'http://localhost:3000' });
    const prod = ssoOptionsFor({ baseUrl: 'https://klachten.example.nl' });
    assert.equal(issuerAllowed('https://login.microsoftonline.com/tenant/v2.0', prod), true);
    assert.equal(issuerAllowed('https://login.microsoftonline.com/tenant/v2.0', dev), true);
    for (const loopback of ['http://localhost:8080', 'http://127.0.0.1:4000/realms/zorg', 'http://[::1]:9000']) {
      assert.equal(issuerAllowed(loopback, dev), true, loopback);
      assert.equal(issuerAllowed(loopback, prod), false, `${loopback} under https`);
    }
    for (const bad of ['http://idp.example.org', 'http://127.0.0.1.nip.io', 'http://localhost.example.org', 'ftp://localhost', 'javascript:alert(1)', 'niet een url', '']) {
      assert.equal(issuerAllowed(bad, dev), false, bad);
    }
  });
});
