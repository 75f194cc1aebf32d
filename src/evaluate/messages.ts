/** Fill a rule's message template: `{{facts.x}}`, `{{metrics.y}}`, `{{params.z}}`. */
import type { JsonValue, ResolvedParameter } from '../model/types.js';
import { readPath } from './context.js';

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

export function fillMessage(template: string, data: JsonValue, parameters: readonly ResolvedParameter[]): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g, (_, path: string) => {
    if (path.startsWith('params.')) {
      const name = path.slice('params.'.length);
      const p = parameters.find((q) => q.name === name);
      return p ? formatValue(p.value) : '(parameter not resolved)';
    }
    return formatValue(readPath(data, path));
  });
}
