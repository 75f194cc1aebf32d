/**
 * JSON Logic in plain words, for the rendered specification: `{">=": [{"var":
 * "facts.lowest_hourly_pay"}, {"param": "real_living_wage"}]}` reads "Lowest
 * hourly pay is at least the Real Living Wage". Operations it does not know
 * fall back to the JSON, so nothing checked is ever left out of the text.
 */
import type { DatasetKind, FactDeclaration, Metric } from '../model/types.js';
import type { ParameterTable } from '../runtime/parameters.js';
import { isLogic, operandsOf } from '../logic/index.js';

export interface Vocabulary {
  facts: ReadonlyMap<string, FactDeclaration>;
  metrics: ReadonlyMap<string, Metric>;
  parameters: ParameterTable;
  /** The dataset a per-record rule's `row` comes from. */
  row?: DatasetKind;
}

/** "Lowest hourly pay" reads "lowest hourly pay" mid-sentence; "Real Living Wage" and "CQC rating" keep their capitals. */
const lowerFirst = (s: string) => (/^[A-Z][a-z]+(\s[^A-Z]*)?$/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

const isOp = isLogic;
const argsOf = operandsOf;

function literal(value: unknown): string {
  if (typeof value === 'string') return `“${value}”`;
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return listWords(value.map(literal), 'or');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function listWords(items: readonly string[], joiner: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} ${joiner} ${items[items.length - 1]}`;
}

/** A variable's name in words. */
export function variableWords(path: string, vocabulary: Vocabulary): string {
  const [root, name, ...rest] = path.split('.');
  if (root === 'facts' && name) return lowerFirst(vocabulary.facts.get(name)?.title ?? name.replace(/_/g, ' '));
  if (root === 'metrics' && name) return lowerFirst(vocabulary.metrics.get(name)?.title ?? name.replace(/_/g, ' '));
  if (root === 'attestations' && name) return `a signed attestation “${name}”`;
  if (root === 'period' && name) return name === 'end' ? 'the end of the assessment period' : name === 'start' ? 'the start of the assessment period' : `the period's ${name}`;
  if (root === 'provider' && name) return `the provider's ${name.replace(/_/g, ' ')}`;
  if (root === 'row' && name) {
    return `the record's ${[name, ...rest].join(' ').replace(/_/g, ' ')}`;
  }
  return path;
}

function parameterWords(name: string, vocabulary: Vocabulary): string {
  const parameter = vocabulary.parameters.get(name);
  return parameter ? `the ${lowerFirst(parameter.title)}` : `parameter ${name}`;
}

/** Operations whose words need brackets when they are an operand of another. */
const GROUPED = new Set(['and', 'or', 'if', '?:', '+', '-', '*', '/', '%']);

const isAttestation = (value: unknown) => isOp(value) && typeof value.var === 'string' && value.var.startsWith('attestations.');

const COMPARE: Record<string, string> = {
  '==': 'is',
  '===': 'is',
  '!=': 'is not',
  '!==': 'is not',
  '>': 'is more than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
};

/** A rule's whole test in words, as a sentence. */
export function sentence(logic: unknown, vocabulary: Vocabulary): string {
  const bare = isOp(logic) && Object.keys(logic)[0] === 'var';
  const words = bare ? `${say(logic, vocabulary)} is ${isAttestation(logic) ? 'present' : 'given'}` : say(logic, vocabulary);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The expression in words. */
export function say(logic: unknown, vocabulary: Vocabulary): string {
  if (!isOp(logic)) return literal(logic);
  const { op, args } = argsOf(logic);
  const s = (value: unknown) => say(value, vocabulary);
  const group = (value: unknown) => {
    const words = s(value);
    return isOp(value) && GROUPED.has(Object.keys(value)[0]!) ? `(${words})` : words;
  };
  switch (op) {
    case 'var': {
      const [path, fallback] = args;
      if (typeof path !== 'string') return `the value at ${JSON.stringify(path)}`;
      const words = variableWords(path, vocabulary);
      return fallback === undefined ? words : `${words} (${literal(fallback)} if not given)`;
    }
    case 'param':
      return typeof args[0] === 'string' ? `${parameterWords(args[0], vocabulary)}${typeof args[1] === 'string' ? ` as of ${args[1]}` : ''}` : 'a parameter';
    case '==':
    case '===':
    case '!=':
    case '!==': {
      const [a, b] = args;
      if (b === true) {
        const truth = isAttestation(a) ? 'present' : 'true';
        return op === '==' || op === '===' ? `${s(a)} is ${truth}` : `${s(a)} is not ${truth}`;
      }
      if (b === false) return op === '==' || op === '===' ? `${s(a)} is false` : `${s(a)} is not false`;
      if (b === null) return op === '!=' || op === '!==' ? `${s(a)} is given` : `${s(a)} is not given`;
      return `${group(a)} ${COMPARE[op]} ${group(b)}`;
    }
    case '>':
    case '>=':
    case '<':
    case '<=':
      if (args.length === 3) {
        const inclusive = op === '<=' ? 'inclusive' : 'exclusive';
        return `${group(args[1])} is between ${group(args[0])} and ${group(args[2])} (${inclusive})`;
      }
      return `${group(args[0])} ${COMPARE[op]} ${group(args[1])}`;
    case 'in':
      return Array.isArray(args[1]) ? `${s(args[0])} is one of ${listWords(args[1].map(s), 'or')}` : `${s(args[0])} occurs in ${s(args[1])}`;
    case '!':
      return isOp(args[0]) && Object.keys(args[0])[0] === 'var' ? `${s(args[0])} is false or not given` : `it is not the case that ${group(args[0])}`;
    case '!!':
      return `${s(args[0])} is given and not empty`;
    case 'and':
      return args.map(group).join(' and ');
    case 'or':
      return args.map(group).join(' or ');
    case 'if':
    case '?:': {
      const parts: string[] = [];
      let i = 0;
      for (; i < args.length - 1; i += 2) parts.push(`${i === 0 ? 'if' : 'otherwise, if'} ${group(args[i])}, then ${group(args[i + 1])}`);
      if (i === args.length - 1) parts.push(`otherwise ${group(args[i])}`);
      return parts.join('; ');
    }
    case '+':
      return args.map(group).join(' + ');
    case '-':
      return args.length === 1 ? `minus ${group(args[0])}` : `${group(args[0])} − ${group(args[1])}`;
    case '*':
      return args.map(group).join(' × ');
    case '/':
      return `${group(args[0])} ÷ ${group(args[1])}`;
    case '%':
      return `the remainder of ${group(args[0])} ÷ ${group(args[1])}`;
    case 'min':
      return `the smallest of ${listWords(args.map(s), 'and')}`;
    case 'max':
      return `the largest of ${listWords(args.map(s), 'and')}`;
    case 'days_between':
      return `the number of days from ${s(args[0])} to ${s(args[1])}`;
    case 'hours_between':
      return `the number of hours from ${s(args[0])} to ${s(args[1])}`;
    case 'date_add':
      return `${s(args[1])} days after ${s(args[0])}`;
    case 'missing':
      return `which of ${listWords((Array.isArray(args[0]) ? args[0] : args).map((p) => (typeof p === 'string' ? variableWords(p, vocabulary) : s(p))), 'and')} are missing`;
    case 'some':
    case 'all':
    case 'none':
      return `${op === 'some' ? 'at least one' : op === 'all' ? 'every' : 'no'} item of ${s(args[0])} satisfies: ${JSON.stringify(args[1])}`;
    case 'cat':
      return args.map(s).join(' followed by ');
    default:
      return `the JSON Logic ${JSON.stringify(logic)}`;
  }
}
