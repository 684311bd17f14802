/** A system under test that forwards to another, with some methods replaced (to break it on purpose). */
import type { SystemUnderTest } from '../../impl/index.ts';

export function delegate(sut: SystemUnderTest, overrides: Partial<SystemUnderTest> = {}): SystemUnderTest {
  const base: SystemUnderTest = {
    step: async (action) => (await wrapped.act(action)).observation,
    act: (action, forged) => sut.act(action, forged),
    forgeryContext: () => sut.forgeryContext(),
    localSessionCounts: () => sut.localSessionCounts(),
    probe: (node, credential) => sut.probe(node, credential),
    liveNodes: () => sut.liveNodes(),
    storeKeys: () => sut.storeKeys(),
    jars: () => sut.jars(),
    close: () => sut.close(),
  };
  const wrapped: SystemUnderTest = { ...base, ...overrides };
  return wrapped;
}
