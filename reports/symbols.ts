/**
 * The one set of verdict marks every renderer uses (CLI text, `list`, Markdown, HTML,
 * PROPERTIES.md): ✓ holds, ✗ refuted, ○ vacuous (no run reached the witness), – n/a.
 */
import type { Expectation, Verdict } from '../properties/types.ts';

export const VERDICT_MARK: Readonly<Record<Verdict | Expectation, string>> = { holds: '✓', refuted: '✗', vacuous: '○', 'n/a': '–' };

/** A mark with its word: `✓ holds`, `○ vacuous`, `– n/a`. */
export function markedVerdict(verdict: Verdict | Expectation): string {
  return `${VERDICT_MARK[verdict]} ${verdict}`;
}
