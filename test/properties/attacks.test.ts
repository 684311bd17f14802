import { describe, expect, it } from 'vitest';
import { generateKeys } from '../../impl/jwt/keys.ts';
import { openSystem } from '../../impl/open.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import type { SessionStrategy } from '../../impl/strategy.ts';
import { actions, formatAction, isEnabled, parseAction } from '../../model/actions.ts';
import { initState, nextState } from '../../model/nextState.ts';
import { modelStrategy } from '../../model/registry.ts';
import { defaultScope } from '../../model/scope.ts';
import type { StrategyId } from '../../model/types.ts';
import { cookieRecipe, forgeCredential, tokenRecipe } from '../../properties/attacks.ts';
import { catalog } from '../../properties/catalog.ts';
import { checkStrategy } from '../../properties/checkStrategy.ts';
import { executeLockstep } from '../../properties/lockstep.ts';
import { centralStoreAdoptsSid } from '../mutants/central-store.ts';
import { jwtAlgNone, jwtNoSignatureCheck } from '../mutants/jwt.ts';

const watched = catalog.filter((p) => p.id === 'safety.forged-rejected' || p.id === 'safety.fixation' || p.id === 'conformance.model-impl');
const forges = Array.from({ length: 8 }, () => 'forge(u0)');
const program = ['login(u0)', ...forges.slice(0, 3), 'addItem(u0)', 'storeDown()', 'forge(u0)', 'storeUp()', 'logout(u0)', ...forges.slice(4)];

async function play(strategy: SessionStrategy, model: StrategyId, actions: readonly string[]) {
  return executeLockstep(() => openSystem(strategy, { target: 'impl', scope: defaultScope, seed: 1 }), modelStrategy(model), defaultScope, watched, actions, 'exact');
}

describe('forge(u): the attacker\'s forgeries inside generated programs', () => {
  it('on the model: enabled once u or the attacker holds something to forge from, refused (401), nothing changed but the pointer, and left out of the exhaustive search', () => {
    const sticky = modelStrategy('central-store');
    const start = initState(defaultScope);
    expect(isEnabled(sticky, defaultScope, start, { type: 'forge', user: 0 })).toBe(false);
    const in1 = nextState(sticky, defaultScope, start, { type: 'login', user: 0 }).state;
    expect(isEnabled(sticky, defaultScope, in1, { type: 'forge', user: 0 })).toBe(true);
    expect(isEnabled(sticky, defaultScope, in1, { type: 'forge', user: 1 })).toBe(false);
    const step = nextState(sticky, defaultScope, in1, { type: 'forge', user: 0 });
    expect(step.observation).toEqual({ status: 401, node: 1, storeTrips: 0 });
    expect({ ...step.state, lbPointer: in1.lbPointer }).toEqual(in1);
    // After a logout the attacker's copy is still something to forge from.
    const out = nextState(sticky, defaultScope, in1, { type: 'logout', user: 0 }).state;
    expect(isEnabled(sticky, defaultScope, out, { type: 'forge', user: 0 })).toBe(true);
    expect(actions(sticky, defaultScope, in1).map(formatAction)).not.toContain('forge(u0)');
    expect(parseAction('forge(u1)')).toEqual({ type: 'forge', user: 1 });
  });

  it('a forgery leaves no part of the credential it was built from, and the k-th is the same bytes each time (tokens and cookies)', async () => {
    const keys = await generateKeys('HS256');
    const token = { cookies: {}, token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MCIsImV4cCI6MjAwMDAwMDAwMH0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmE', refresh: 'r' };
    const cookies = { cookies: { sid: 'AbCdEfGhIjKlMnOpQrStUv', 'sid.sig': 'ZyXwVuTsRqPoNmLk' }, token: null, refresh: null };
    for (let k = 0; k < 8; k++) {
      const t = await forgeCredential(token, k, keys, 1_900_000_000);
      expect(t.token, `token recipe ${JSON.stringify(tokenRecipe(k))}`).not.toBe(token.token);
      expect(t.refresh).toBeNull();
      const c = await forgeCredential(cookies, k, keys, 1_900_000_000);
      for (const name of Object.keys(cookies.cookies)) {
        expect(c.cookies[name], `cookie recipe ${JSON.stringify(cookieRecipe(k))}`).not.toBe(cookies.cookies[name as 'sid']);
      }
      expect(await forgeCredential(cookies, k, keys, 1_900_000_000)).toEqual(c);
      expect(await forgeCredential(token, k, keys, 1_900_000_000)).toEqual(t);
    }
  });

  it.each([
    ['central-store', 'central-store'], ['sticky', 'sticky'], ['jwt', 'jwt'], ['jwt-refresh', 'jwt-refresh'], ['jwt-denylist', 'jwt-denylist'],
  ] as const)('the built-in %s refuses every forgery in a program (400, 401, or 503 while its store is down), reached and conforming', async (name, model) => {
    const run = await play(builtinStrategy(name), model, program);
    expect(run.executed).toEqual(program);
    expect([...run.violations.keys()]).toEqual([]);
    expect(run.run.witnessed.has('safety.forged-rejected')).toBe(true);
  });

  it.each([
    ['jwt-alg-none', jwtAlgNone], ['jwt-no-signature-check', jwtNoSignatureCheck],
  ] as const)('%s: a forge step of a generated program refutes safety.forged-rejected on its own trace, and conformance at the same step', async (_name, mutant) => {
    const run = await play(mutant, 'jwt', program);
    expect(run.violations.get('safety.forged-rejected')?.detail).toMatch(/^a forgery of u0's credential was accepted as u0$/);
    expect(run.violations.get('conformance.model-impl')?.detail).toMatch(/forge\(u0\): the implementation accepted a forged credential as u0 where the model refuses it \(status=401\)/);
  });

  it('through checkStrategy, the runs\' refutation is the verdict (a forge step in a shrunk program), not only the implementation check\'s', async () => {
    // Seed 3: its programs put two forges in one program at run 18 (the second forge sends alg none);
    // seed 1's first do so at run 273, since plant and replayIssued joined the forges' profile.
    const check = await checkStrategy(jwtAlgNone, { model: 'jwt', properties: ['safety.forged-rejected'], runs: 40, seed: 3 });
    const verdict = check.results.find((r) => r.property === 'safety.forged-rejected');
    expect(verdict?.verdict).toBe('refuted');
    expect(verdict?.counterexample?.actions.at(-1)).toMatch(/^forge\(u\d\)$/);
    // A shrunk program may keep refused forgeries before the accepted one: the k-th forge uses the k-th recipe.
    expect(verdict?.counterexample?.actions.length).toBeLessThanOrEqual(6);
    expect(verdict?.counterexample?.actions[0]).toMatch(/^login\(u\d\)$/);
  }, 120_000);
});

describe('plant(u): the attacker\'s copy planted in the victim\'s jar before a login (fixation)', () => {
  const planted = ['login(u0)', 'logout(u0)', 'plant(u0)', 'login(u0)', 'whoami(u0)'];

  it('on the model: enabled while u holds nothing and the attacker holds a copy; the copy goes into the jar, no request is sent, and the exhaustive search leaves it out', () => {
    const central = modelStrategy('central-store');
    const inState = nextState(central, defaultScope, initState(defaultScope), { type: 'login', user: 0 }).state;
    expect(isEnabled(central, defaultScope, inState, { type: 'plant', user: 0 })).toBe(false);
    const out = nextState(central, defaultScope, inState, { type: 'logout', user: 0 }).state;
    expect(isEnabled(central, defaultScope, out, { type: 'plant', user: 0 })).toBe(true);
    const step = nextState(central, defaultScope, out, { type: 'plant', user: 0 });
    expect(step.observation).toEqual({ status: 200, storeTrips: 0 });
    expect(step.state.clients[0].credential).toBe(out.clients[0].stolen);
    expect(actions(central, defaultScope, out).map(formatAction)).not.toContain('plant(u0)');
    expect(parseAction('plant(u0)')).toEqual({ type: 'plant', user: 0 });
  });

  it.each([['central-store', 'central-store'], ['sticky', 'sticky'], ['jwt-denylist', 'jwt-denylist']] as const)(
    'the built-in %s issues a fresh credential to a login that carried a planted one', async (name, model) => {
      const run = await play(builtinStrategy(name), model, planted);
      expect(run.executed).toEqual(planted);
      expect(run.violations.has('safety.fixation')).toBe(false);
      expect(run.violations.has('conformance.model-impl')).toBe(false);
      expect(run.run.witnessed.has('safety.fixation')).toBe(true);
    },
  );

  it('central-store-adopts-sid: the login that keeps the planted session ID refutes safety.fixation on the system\'s own trace', async () => {
    const run = await play(centralStoreAdoptsSid, 'central-store', planted);
    expect(run.violations.get('safety.fixation')?.detail).toBe('login(u0) kept u0\'s session #1, which the attacker planted in the jar');
    expect(run.executed).toEqual(planted.slice(0, 4));
  });

});
