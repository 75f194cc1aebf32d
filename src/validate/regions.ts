/**
 * The regions a provider can be in. Parameters (the Real Living Wage, rates)
 * are resolved by region, and a region nobody declared would silently fall
 * back to the `default` series: `londn` would be paid the UK rate. So a region
 * is one of the nine English regions, Wales, Scotland or Northern Ireland, or
 * a region key that a parameter series declares; anything else is refused.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Parameter, SourcePosition } from '../model/types.js';
import { suggest } from '../text/suggest.js';

/** ONS's nine English regions (ITL1), as lower-case keys, and the three other nations. */
export const UK_REGIONS: readonly string[] = [
  'north-east', 'north-west', 'yorkshire-and-the-humber', 'east-midlands', 'west-midlands',
  'east-of-england', 'london', 'south-east', 'south-west', 'wales', 'scotland', 'northern-ireland',
];

/** The built-in regions and every region key a parameter series declares (`default` is not a region). */
export function knownRegions(parameters: Iterable<Pick<Parameter, 'values'>>): Set<string> {
  const known = new Set(UK_REGIONS);
  for (const parameter of parameters) for (const key of Object.keys(parameter.values)) if (key !== 'default') known.add(key);
  return known;
}

export function regionDiagnostic(region: string, known: ReadonlySet<string>, at: SourcePosition | undefined, file: string): Diagnostic | undefined {
  if (known.has(region)) return undefined;
  const hint = suggest(region, known);
  return {
    code: 'evidence/unknown-region',
    message: `Unknown region "${region}"${hint}: expected one of ${[...known].sort().join(', ')}; parameters are resolved by region, so an unknown one is never read as the default`,
    severity: 'error',
    file: at?.file ?? file,
    line: at?.line ?? 1,
    column: at?.column ?? 1,
    field: 'provider.region',
  };
}
