/**
 * `sessioncheck cite ID [--format text|bibtex]`: a property in a form a student can paste into
 * coursework. An unknown ID is bad usage (exit 2) and the message names the closest IDs.
 */
import { catalog, isPropertyId, property, propertyIds } from '../../properties/catalog.ts';
import { citation, citationFormats, type CitationFormat } from '../../reports/citation.ts';
import { closest } from '../../reports/closest.ts';
import { projectInfo } from '../../reports/projectInfo.ts';
import { oneOf, parseFlags } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Command } from '../io.ts';

export const cite: Command = async (args, io) => {
  const { values, positionals } = parseFlags(args, { format: { type: 'string' } }, true);
  const [format] = oneOf<CitationFormat>('format', [values.format ?? 'text'], citationFormats, 'ERR_FLAG_VALUE');
  if (positionals.length !== 1) {
    throw new UsageError('ERR_MISSING_ARGUMENT', `cite takes exactly one property ID, e.g. "sessioncheck cite ${catalog[0].id}"; "sessioncheck list" shows them all`);
  }
  const [id] = positionals;
  if (!isPropertyId(id)) {
    throw new UsageError('ERR_UNKNOWN_PROPERTY', `unknown property "${id}"; closest: ${closest(id, propertyIds).join(', ')} ("sessioncheck list" shows them all)`);
  }
  io.out(citation(property(id), projectInfo(), format));
  return 0;
};
