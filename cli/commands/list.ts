/** `sessioncheck list [--json]`: the property catalog, with the expected verdict per strategy. */
import { VERDICT_MARK } from '../../reports/symbols.ts';
import { strategyIds } from '../../model/registry.ts';
import { catalog } from '../../properties/catalog.ts';
import { textTable } from '../../reports/textTable.ts';
import { parseFlags } from '../args.ts';
import type { Command } from '../io.ts';

const mark = VERDICT_MARK;

export const list: Command = async (args, io) => {
  const { values } = parseFlags(args, { json: { type: 'boolean' } });
  if (values.json) {
    const entries = catalog.map((p) => ({
      id: p.id,
      title: p.title,
      statement: p.statement,
      source: p.source,
      ...(p.column ? { column: p.column } : {}),
      explanation: p.explanation,
      expected: Object.fromEntries(strategyIds.map((s) => [s, p.expected[s]])),
      decidedBy: p.decidedBy,
    }));
    io.out(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const rows = catalog.map((p) => [p.id, ...strategyIds.map((s) => mark[p.expected[s]]), p.decidedBy, p.title]);
  io.out(textTable(['property', ...strategyIds, 'decided by', 'title'], rows));
  io.out(`\n${catalog.length} properties. ✓ expected to hold, ✗ expected to be refuted, - not applicable. "sessioncheck cite ID" prints one in full.\n`);
  return 0;
};
