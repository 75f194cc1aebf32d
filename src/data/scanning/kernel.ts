/**
 * The per-row step of a data pass, generated once per dataset kind and file:
 * one JavaScript function that evaluates every metric's where/match and every
 * per-record rule's where/test inline (src/logic/codegen.ts) and updates the
 * aggregators and rule runners directly. Each aggregator and runner gets a
 * call site of its own, so V8 can inline it; the closure path (scan.ts) calls
 * them all through one shared, megamorphic call site and a tree of closures
 * per predicate.
 *
 * Exactness: a group of metrics (sharing a `where`) or a rule is generated
 * only when all its logic is inside codegen's pure, total subset, which
 * cannot throw, so it needs none of the closure path's error handling. Any
 * other group or rule is handed back to the closure path, unchanged, from
 * inside the generated step, in the same order. `CARESPEC_KERNEL=0` (or
 * `kernel: false`) turns generation off; test/data/kernel.test.ts checks that
 * both give the same CheckResult.
 *
 * Safety: see codegen.ts. The generated text holds only fixed templates,
 * parameter names chosen here (row, m, q, line, G, A0…, R0…, _t0…) and
 * values from rules as JSON literals.
 */
import { asCondition, TempPool, toSource, type VarScope } from '../../logic/codegen.js';
import type { Logic } from '../../model/types.js';
import type { Row } from '../reading/columns.js';
import type { KindConsumers } from './consumers.js';

/** One row in the period: feed it to every metric and rule of the kind. */
export type Step = (row: Row, month: number, quarter: number, line: number) => void;

/** The closure path for one metric group (index into KindConsumers.groups). */
export type GroupStep = (group: number, month: number, quarter: number, line: number) => void;

export interface Kernel {
  step: Step;
  /** The generated function's text (tests and `--debug` readers; never re-evaluated). */
  source: string;
  /** How many groups and rules were generated rather than left to closures. */
  generated: { groups: number; rules: number };
}

/** Column names that may appear in generated code; others make their reads fall back to closures. */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** `var` paths over a row (metrics read `status`; per-record rules read `row.status`). */
function rowScope(columns: ReadonlySet<string>, prefix: '' | 'row.'): VarScope {
  return (path) => {
    if (!path.startsWith(prefix)) return undefined;
    const name = path.slice(prefix.length);
    if (name.includes('.') || !SAFE_NAME.test(name) || FORBIDDEN.has(name)) return undefined;
    // Every declared column is an own property of the row (null when empty); anything else is never found.
    return columns.has(name) ? { code: `row[${JSON.stringify(name)}]` } : 'absent';
  };
}

export function buildKernel(consumers: KindConsumers, columns: ReadonlySet<string>, closureGroup: GroupStep): Kernel {
  const temps = new TempPool();
  const metricScope = rowScope(columns, '');
  const ruleScope = rowScope(columns, 'row.');
  const predicate = (index: number) => (index < 0 ? undefined : toSource(consumers.predicateLogic[index], metricScope, temps));
  const names: string[] = ['G'];
  const values: unknown[] = [closureGroup];
  const lines: string[] = [];
  const generated = { groups: 0, rules: 0 };

  consumers.groups.forEach((group, g) => {
    const where = predicate(group.where);
    const matches = group.feeds.map((feed) => predicate(feed.match));
    const native = (group.where < 0 || where !== undefined) && group.feeds.every((feed, f) => feed.match < 0 || matches[f] !== undefined);
    if (!native) {
      lines.push(`G(${g}, m, q, line);`);
      return;
    }
    const calls = group.feeds.map((feed, f) => {
      const name = `A${names.length}`;
      names.push(name);
      values.push(feed.agg);
      const window = feed.months === 0 ? '-1' : feed.months === 1 ? 'm' : 'q';
      const match = matches[f];
      return `${name}.add(row, ${window}, ${match ? asCondition(match) : 'false'});`;
    });
    generated.groups++;
    if (where) lines.push(`if (${asCondition(where)}) {`, ...calls.map((c) => `  ${c}`), '}');
    else lines.push(...calls);
  });

  consumers.runners.forEach((runner, r) => {
    const name = `R${names.length}`;
    names.push(name);
    values.push(runner);
    const logic: { where?: Logic; test: Logic } = consumers.ruleLogic[r]!;
    const where = logic.where === undefined ? undefined : toSource(logic.where, ruleScope, temps);
    const test = toSource(logic.test, ruleScope, temps);
    if (!test || (logic.where !== undefined && !where)) {
      lines.push(`${name}.add(line);`);
      return;
    }
    generated.rules++;
    const scope = where ? ` && ${asCondition(where)}` : '';
    lines.push(`if (${name}.error === undefined${scope}) {`, `  ${name}.checked++;`, `  if (!(${asCondition(test)})) ${name}.addFailure(line);`, '}');
  });

  const body = [`"use strict";`, `return function step(row, m, q, line) {`, ...[temps.declared(), ...lines].filter((l) => l !== '').map((l) => `  ${l}`), `};`].join('\n');
  return { step: factoryFor(names, body)(...values), source: body, generated };
}

type Factory = (...args: unknown[]) => Step;
/**
 * One factory per generated text, kept for the thread's life: every range of a file read in
 * parallel parts (and every file of a kind) builds the same step, and steps made by one factory
 * share V8's feedback and optimised code, instead of each warming up from the interpreter.
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 64;

function factoryFor(names: readonly string[], body: string): Factory {
  const key = `${names.join(',')}\n${body}`;
  let factory = factories.get(key);
  if (!factory) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    // The one place carespec turns text into code: see the header and codegen.ts for what the text can hold.
    factory = new Function(...names, body) as Factory;
    factories.set(key, factory);
  }
  return factory;
}
