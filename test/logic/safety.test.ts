/**
 * What an untrusted rule cannot do: reach a prototype, see prototype
 * pollution, name operations that do not exist, or be too big to compile.
 */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, LogicError, type Tracer } from '../../src/logic/index.js';

type Read = [path: string, value: unknown, found: boolean, hasDefault: boolean];

function recorder(): { tracer: Tracer; reads: Read[] } {
  const reads: Read[] = [];
  return { reads, tracer: { read: (...args) => void reads.push(args) } };
}

function compileError(logic: unknown, options = {}): LogicError {
  try {
    compile(logic, options);
  } catch (e) {
    if (e instanceof LogicError) return e;
    throw e;
  }
  throw new Error('expected a LogicError');
}

describe('var reads own properties only', () => {
  const data = { a: { b: 1 }, list: [1, 2], s: 'abc' };

  it.each(['__proto__', 'constructor', 'constructor.name', 'toString', 'prototype', 'hasOwnProperty', 'a.constructor', 'a.__proto__', 'list.map', 'list.constructor', 's.toUpperCase', '__proto__.polluted'])(
    '%s is not found',
    (path) => {
      expect(compile({ var: path })(data)).toBeNull();
      expect(compile({ var: [path, 'fallback'] })(data)).toBe('fallback');
      expect(compile({ missing: [path] })(data)).toEqual([path]);
    },
  );

  it('differs from json-logic-js, which reaches the prototype', () => {
    expect(jsonLogic.apply({ var: 'constructor.name' }, data)).toBe('Object');
    expect(compile({ var: 'constructor.name' })(data)).toBeNull();
  });

  it('still reads own properties of arrays and strings', () => {
    expect(compile({ var: 'list.length' })(data)).toBe(2);
    expect(compile({ var: 'list.1' })(data)).toBe(2);
    expect(compile({ var: 's.length' })(data)).toBe(3);
    expect(compile({ var: 's.0' })(data)).toBe('a');
  });

  it('reads an own "__proto__" key that JSON.parse created as plain data', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(compile({ var: '__proto__.x' })(parsed)).toBe(1);
    expect(compile({ var: '__proto__.toString' })(parsed)).toBeNull();
  });

  it('does not see a polluted Object.prototype, even once the read is optimised', () => {
    const evaluate = compile({ var: ['polluted', 'clean'] });
    const nested = compile({ var: 'a.polluted' });
    // Warm up with plain objects so V8 specialises the fast own-property path first.
    for (let i = 0; i < 50_000; i++) evaluate({ other: i, polluted: i });
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.polluted = 'yes';
      expect(evaluate({ other: 1 })).toBe('clean');
      expect(evaluate({ polluted: 'own' })).toBe('own');
      expect(nested({ a: {} })).toBeNull();
      expect(compile({ missing: ['polluted'] })({})).toEqual(['polluted']);
      expect(compile({ var: 'polluted' })([])).toBeNull();
      expect(compile({ var: 'polluted' })('text')).toBeNull();
    } finally {
      delete proto.polluted;
    }
    expect(evaluate({ other: 1 })).toBe('clean');
  });
});

describe('operations', () => {
  it('rejects an unknown operation at compile time, with a pointer', () => {
    const error = compileError({ and: [true, { if: [true, { nope: [1] }] }] });
    expect(error).toBeInstanceOf(LogicError);
    expect(error.code).toBe('logic/unknown-operation');
    expect(error.pointer).toBe('/and/1/if/1/nope');
    expect(error.message).toContain('"nope"');
  });

  it('rejects unknown operations in branches and bodies that might never run', () => {
    expect(compileError({ if: [false, { nope: 1 }, 2] }).pointer).toBe('/if/1/nope');
    expect(compileError({ map: [[1], { nope: 1 }] }).pointer).toBe('/map/1/nope');
  });

  it.each([{ 'Math.abs': [-1] }, { 'console.log': ['x'] }, { 'toString.call': [] }])('rejects dotted method-style %j', (logic) => {
    const error = compileError(logic);
    expect(error.code).toBe('logic/unknown-operation');
    expect(error.message).toMatch(/method-style/);
  });

  it('treats prototype names as unknown operations', () => {
    for (const op of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expect(compileError({ [op]: [] }).code).toBe('logic/unknown-operation');
    }
    expect(compileError(JSON.parse('{"__proto__": [1]}')).code).toBe('logic/unknown-operation');
  });

  it('escapes pointer tokens', () => {
    expect(compileError({ and: [{ 'a/b~c': 1 }] }).pointer).toBe('/and/0/a~1b~0c');
  });

  it('never writes to the console for log', () => {
    const original = console.log;
    let calls = 0;
    console.log = () => void calls++;
    try {
      expect(compile({ log: ['quiet'] })({})).toBe('quiet');
      expect(compile({ log: { var: 'a' } })({ a: 1 })).toBe(1);
    } finally {
      console.log = original;
    }
    expect(calls).toBe(0);
  });

  it('rejects functions and other non-JSON values in the logic', () => {
    expect(compileError({ '==': [() => 1, 1] }).code).toBe('logic/invalid');
    expect(compileError({ '==': [Symbol('x'), 1] }).pointer).toBe('/==/0');
  });
});

describe('limits', () => {
  const nest = (levels: number): unknown => {
    let logic: unknown = true;
    for (let i = 0; i < levels; i++) logic = { '!': [logic] };
    return logic;
  };

  it('allows 64 levels and refuses 65 by default', () => {
    expect(compile(nest(64))({})).toBe(true);
    const error = compileError(nest(65));
    expect(error.code).toBe('logic/too-deep');
    expect(error.message).toMatch(/64/);
    expect(error.pointer).toBe('/!/0'.repeat(64));
  });

  it('counts nested arrays as levels too', () => {
    let logic: unknown = 1;
    for (let i = 0; i < 65; i++) logic = [logic];
    expect(compileError(logic).code).toBe('logic/too-deep');
  });

  it('fails cleanly, not with a stack overflow, on absurd depth', () => {
    expect(compileError(nest(100_000)).code).toBe('logic/too-deep');
  });

  it('takes maxDepth from the options', () => {
    expect(compileError(nest(5), { maxDepth: 4 }).code).toBe('logic/too-deep');
    expect(compile(nest(5), { maxDepth: 5 })({})).toBe(false);
  });

  it('refuses more than 10 000 values by default', () => {
    expect(compile({ '+': new Array(9_999).fill(1) })({})).toBe(9_999);
    const error = compileError({ '+': new Array(10_000).fill(1) });
    expect(error.code).toBe('logic/too-large');
    expect(error.message).toMatch(/10000/);
  });

  it('takes maxNodes from the options', () => {
    expect(compileError({ and: [1, 2, 3] }, { maxNodes: 3 }).code).toBe('logic/too-large');
    expect(compile({ and: [1, 2, 3] }, { maxNodes: 4 })({})).toBe(3);
  });

  it('rejects nonsensical limits', () => {
    expect(compileError(1, { maxDepth: 0 }).code).toBe('logic/invalid');
    expect(compileError(1, { maxNodes: 1.5 }).code).toBe('logic/invalid');
  });
});

describe('custom operations', () => {
  it('receive evaluated arguments and the current data', () => {
    const seen: unknown[] = [];
    const operations = {
      double: (args: unknown[]) => (args[0] as number) * 2,
      spy: (args: unknown[], data: unknown) => (seen.push(data), args.length),
    };
    expect(compile({ double: { var: 'x' } }, { operations })({ x: 21 })).toBe(42);
    expect(compile({ map: [{ var: 'xs' }, { spy: [1, 2] }] }, { operations })({ xs: ['a', 'b'] })).toEqual([2, 2]);
    expect(seen).toEqual(['a', 'b']);
  });

  it('are called on every evaluation, never folded at compile time', () => {
    let calls = 0;
    const evaluate = compile({ tick: [] }, { operations: { tick: () => ++calls } });
    expect(calls).toBe(0);
    expect([evaluate({}), evaluate({})]).toEqual([1, 2]);
  });

  it('may replace a pure standard operation, as add_operation can', () => {
    expect(compile({ '+': [1, 2] }, { operations: { '+': () => 'custom' } })({})).toBe('custom');
  });

  it.each(['var', 'if', '?:', 'and', 'or', 'map', 'filter', 'reduce', 'all', 'none', 'some', 'missing', 'missing_some'])('may not replace %s', (name) => {
    expect(compileError(1, { operations: { [name]: () => 1 } }).code).toBe('logic/invalid');
  });

  it('may not have dotted names or be anything but functions', () => {
    expect(compileError(1, { operations: { 'a.b': () => 1 } }).code).toBe('logic/invalid');
    expect(compileError(1, { operations: { x: 1 as never } }).code).toBe('logic/invalid');
  });

  it('are unknown to an evaluator compiled without them', () => {
    expect(compileError({ param: ['x'] }).code).toBe('logic/unknown-operation');
  });
});

describe('tracer', () => {
  it('reports root reads with found flags, values and defaults', () => {
    const { tracer, reads } = recorder();
    const logic = { and: [{ '>=': [{ var: 'a' }, 1] }, { var: ['b', 0] }, { '==': [{ var: 'c.d' }, null] }] };
    compile(logic)({ a: 2, c: { d: null } }, tracer);
    expect(reads).toEqual([
      ['a', 2, true, false],
      ['b', 0, false, true],
    ]);
    reads.length = 0;
    compile(logic)({ a: 2, b: 1, c: { d: null } }, tracer);
    // null is found-but-null, as json-logic-js sees it.
    expect(reads[2]).toEqual(['c.d', null, true, false]);
  });

  it('reports absent values as not found with the value returned', () => {
    const { tracer, reads } = recorder();
    compile({ '+': [{ var: 'x.y.z' }, { var: 'q' }, { var: ['r', 5] }] })({ x: { y: {} } }, tracer);
    expect(reads).toEqual([
      ['x.y.z', null, false, false],
      ['q', null, false, false],
      ['r', 5, false, true],
    ]);
  });

  it('does not report reads inside scoped bodies, but does report their sources and reduce initials', () => {
    const { tracer, reads } = recorder();
    const logic = {
      and: [
        { some: [{ var: 'visits' }, { '>': [{ var: 'minutes' }, 0] }] },
        { reduce: [{ var: 'visits' }, { '+': [{ var: 'current.minutes' }, { var: 'accumulator' }] }, { var: 'start' }] },
        { map: [{ var: 'visits' }, { filter: [{ var: 'tags' }, { var: '' }] }] },
      ],
    };
    compile(logic)({ visits: [{ minutes: 5, tags: ['x'] }], start: 0 }, tracer);
    expect(reads.map(([path]) => path)).toEqual(['visits', 'visits', 'start', 'visits']);
  });

  it('reports the computed path of a computed var, and "" for the whole data', () => {
    const { tracer, reads } = recorder();
    compile({ var: { cat: ['pie', '.', 'filling'] } })({ pie: { filling: 'apple' } }, tracer);
    compile({ var: '' })({ a: 1 }, tracer);
    expect(reads).toEqual([
      ['pie.filling', 'apple', true, false],
      ['', { a: 1 }, true, false],
    ]);
  });

  it('does not report branches that were never evaluated, or missing checks', () => {
    const { tracer, reads } = recorder();
    compile({ or: [true, { var: 'never' }] })({}, tracer);
    compile({ if: [false, { var: 'never' }, 1] })({}, tracer);
    compile({ missing: ['a', 'b'] })({}, tracer);
    expect(reads).toEqual([]);
  });
});

describe('evaluation limits', () => {
  it('stops a list that doubles on every reduce step before it exhausts memory', () => {
    const doubling = { reduce: [Array(40).fill(1), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] };
    expect(() => compile(doubling)({})).toThrow(/larger than 1,000,000/);
  });

  it('stops text that doubles on every reduce step', () => {
    const doubling = { reduce: [Array(40).fill(1), { cat: [{ var: 'accumulator' }, { var: 'accumulator' }] }, 'ab'] };
    expect(() => compile(doubling)({})).toThrow(/larger than 1,000,000/);
  });
});
