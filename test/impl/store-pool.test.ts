/** Pooled embedded store connections (impl/store/embedded.ts): a reused connection starts empty, reachable, with its scripts working. */
import { describe, expect, it } from 'vitest';
import { embeddedPoolStats } from '../../impl/store/embedded.ts';
import { StoreHub } from '../../impl/store/hub.ts';
import { REVOKE_FAMILY } from '../../impl/strategies/jwt-refresh.ts';

describe('embedded store pool', () => {
  it('a hub closed while down hands the next hub an empty, reachable connection', async () => {
    const first = await StoreHub.open();
    const client = first.client();
    client.defineScript('revokeFamily', { numberOfKeys: 1, lua: REVOKE_FAMILY });
    await client.hset('fam:a', { user: 'u0', revoked: '0' });
    await first.down();
    await expect(client.get('fam:a')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await first.close();
    const pooled = embeddedPoolStats();

    const second = await StoreHub.open();
    expect(embeddedPoolStats()).toEqual({ created: pooled.created, idle: pooled.idle - 1 }); // reused, not created
    const again = second.client();
    expect(second.isUp).toBe(true);
    expect(await again.hmget('fam:a', ['user'])).toEqual([null]);
    again.defineScript('revokeFamily', { numberOfKeys: 1, lua: REVOKE_FAMILY });
    await again.hset('fam:b', { user: 'u1', revoked: '0' });
    expect(await again.script('revokeFamily', ['fam:b'], [])).toBe(1);
    expect(await again.hmget('fam:b', ['revoked'])).toEqual(['1']);
    expect(second.trips).toBe(4);
    await second.close();
  });

  it('two open hubs never share a keyspace', async () => {
    const [a, b] = [await StoreHub.open(), await StoreHub.open()];
    await a.client().set('k', 'from-a');
    expect(await b.client().get('k')).toBeNull();
    await a.close();
    await b.close();
  });

  it('a closed system cannot reach the store any more: a late write fails and never lands in the next system', async () => {
    const first = await StoreHub.open();
    const late = first.client();
    await first.close();
    await expect(late.set('k', 'late')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await first.down(); // a late fault on a closed system does nothing either
    const second = await StoreHub.open();
    expect(second.isUp).toBe(true);
    expect(await second.client().get('k')).toBeNull();
    await second.close();
  });

  it('nothing of one system is left on a pooled connection: scripts, half-built transactions', async () => {
    const first = await StoreHub.open();
    const client = first.client();
    client.defineScript('revokeFamily', { numberOfKeys: 1, lua: REVOKE_FAMILY });
    await expect(client.multi((m) => {
      m.set('half', 'queued');
      throw new Error('the build failed midway');
    })).rejects.toThrow();
    expect(await client.multi((m) => m.set('next', '1'))).toEqual(['OK']); // the same system's next MULTI: just its own command
    expect(await client.get('half')).toBeNull();
    await first.close();

    const second = await StoreHub.open();
    const again = second.client();
    expect(() => again.script('revokeFamily', ['fam:a'], [])).toThrow(/not defined/);
    expect(await again.multi((m) => m.set('whole', '1'))).toEqual(['OK']);
    expect(await again.get('half')).toBeNull();
    expect(second.trips).toBe(2);
    await second.close();
  });

  it('a store script that fails while running is an error of its own, not a store outage (503)', async () => {
    const hub = await StoreHub.open();
    const client = hub.client();
    client.defineScript('buggy', { numberOfKeys: 1, lua: 'return nil + 1' });
    const error = await client.script('buggy', ['k'], []).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBeUndefined();
    expect((error as Error).message).toMatch(/^a store script failed: ERR Error running script/);
    await hub.down();
    await expect(client.script('buggy', ['k'], [])).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await hub.close();
  });
});
