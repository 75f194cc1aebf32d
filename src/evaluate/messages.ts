/**
 * Fill a rule's message template: `{{facts.x}}`, `{{metrics.y}}`, `{{params.z}}`, `{{window}}`.
 * A value whose unit is money (GBP, GBP/hour) prints as pounds and pence, £12.60; a `£` the template
 * already writes before the placeholder is not repeated, so "£{{params.rate}}/hour" reads £12.60/hour.
 */
import type { JsonValue, ResolvedParameter } from '../model/types.js';
import { formatMoney, formatNumber, isMoneyUnit } from '../text/words.js';
import { readPath } from './context.js';

export { templatePaths } from '../text/placeholders.js';

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

/** The unit of a fact or metric a template names, when the caller knows it. */
export type UnitOf = (path: string) => string | undefined;

export function fillMessage(template: string, data: JsonValue, parameters: readonly ResolvedParameter[], unitOf: UnitOf = () => undefined): string {
  return template.replace(/(£?)\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g, (_, pound: string, path: string) => {
    let value: unknown;
    let unit: string | undefined;
    if (path.startsWith('params.')) {
      const p = parameters.find((q) => q.name === path.slice('params.'.length));
      if (!p) return `${pound}(parameter not resolved)`;
      value = p.value;
      unit = p.unit;
    } else {
      value = readPath(data, path);
      unit = unitOf(path);
    }
    if (typeof value === 'number' && isMoneyUnit(unit)) return formatMoney(value);
    return pound + formatValue(value);
  });
}
