import { describe, expect, it } from 'vitest';
import { describeFailure, HarnessFailure } from '../../properties/systemRunner.ts';

describe('a harness failure names its causes', () => {
  it('follows error.cause (fetch failed says nothing; its cause names the refused address), adds a code the message lacks, at most three levels', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:40123'), { code: 'ECONNREFUSED' });
    const failure = new HarnessFailure(new Error('fetch failed', { cause: refused }));
    expect(failure.message).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:40123');
    expect(describeFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('socket hang up (ECONNRESET)');
    const deep = new Error('a', { cause: new Error('b', { cause: new Error('c', { cause: new Error('d') }) }) });
    expect(describeFailure(deep)).toBe('a: b: c');
    expect(describeFailure('plain')).toBe('plain');
  });
});
