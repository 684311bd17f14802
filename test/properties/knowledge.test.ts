/** Knowledge rebuilt from a trace alone: identity, lifetimes, lineage and acknowledgements. */
import { describe, expect, it } from 'vitest';
import { EPOCH_BASE } from '../../impl/clock.ts';
import type { StepRecord, WireCredential } from '../../impl/index.ts';
import { readResponse } from '../../impl/driver/wire.ts';
import { defaultScope } from '../../model/scope.ts';
import { Knowledge } from '../../properties/judge/knowledge.ts';

const cookie = (value: string): WireCredential => ({ cookies: { s: value }, token: null, refresh: null });
const ok = { status: 200 as const, user: 0, node: 0, storeTrips: 0 };
const login = (issued: WireCredential, extra: Partial<StepRecord> = {}): StepRecord => ({ observation: ok, sent: { by: 'client', user: 0, credential: null, part: 'main' }, issued, maxAge: null, ...extra });
const present = (credential: WireCredential, issued: WireCredential | null = null): StepRecord => ({ observation: ok, sent: { by: 'client', user: 0, credential, part: 'main' }, issued, maxAge: null });

describe('knowledge from the trace', () => {
  it('a cookie\'s promised lifetime is its Max-Age, else its Expires (on the injected clock), else the declared TTL', async () => {
    const k = new Knowledge(defaultScope);
    k.apply({ type: 'login', user: 0 }, login(cookie('a'), { maxAge: 600 }));
    k.apply({ type: 'login', user: 0 }, login(cookie('b'), { expires: EPOCH_BASE + 900 }));
    k.apply({ type: 'login', user: 0 }, login(cookie('c')));
    expect(k.main(cookie('a'))?.expiresAt).toBe(600);
    expect(k.main(cookie('b'))?.expiresAt).toBe(900);
    expect(k.main(cookie('c'))?.expiresAt).toBe(defaultScope.ttl.session);
    // As the wire reader sees an Expires attribute: the latest one, in unix seconds.
    const response = new Response('{"user":"u0"}', { headers: [['set-cookie', `s=d; Expires=${new Date((EPOCH_BASE + 1200) * 1000).toUTCString()}; Path=/`]] });
    expect((await readResponse(response, null)).expires).toBe(EPOCH_BASE + 1200);
  });

  it('a re-sent identical cookie is the same credential; a new value derives from the one presented and inherits its revocation', () => {
    const k = new Knowledge(defaultScope);
    k.apply({ type: 'login', user: 0 }, login(cookie('a')));
    k.apply({ type: 'revoke', user: 0 }, { observation: ok, sent: { by: 'admin', user: 0, credential: null, part: 'main' }, issued: null, maxAge: null });
    k.apply({ type: 'whoami', user: 0 }, present(cookie('a'), null));
    k.apply({ type: 'addItem', user: 0 }, present(cookie('a'), cookie('a2')));
    const first = k.main(cookie('a'))!;
    const derived = k.main(cookie('a2'))!;
    expect(first.id).toBe(1);
    expect(derived.id).toBe(2);
    expect(derived.parent).toBe(1);
    expect(derived.revokedAt).toBe(0);
    expect(derived.items).toBe(1);
  });

  it('only an acknowledged revoke marks anything', () => {
    const k = new Knowledge(defaultScope);
    k.apply({ type: 'login', user: 0 }, login(cookie('a')));
    k.apply({ type: 'revoke', user: 0 }, { observation: { status: 503, node: 0, storeTrips: 1 }, sent: { by: 'admin', user: 0, credential: null, part: 'main' }, issued: null, maxAge: null });
    expect(k.main(cookie('a'))?.revokedAt).toBeNull();
  });
});
