/** Shared by the explorer's specs: the catalog's model-decided properties as explorer checks. */
import type { EdgeCheck } from '../../model/explore/index.ts';
import { catalog, explorerCheck } from '../../properties/catalog.ts';
import type { PropertyId } from '../../properties/types.ts';

export const modelProperties: EdgeCheck[] = catalog.flatMap((p) => (p.decidedBy === 'model' && p.check ? [explorerCheck({ ...p, check: p.check })] : []));

export function checkOf(id: PropertyId): EdgeCheck {
  const found = modelProperties.find((p) => p.id === id);
  if (!found) throw new Error(`${id} is not decided by the model`);
  return found;
}
