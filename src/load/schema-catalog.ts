/**
 * The JSON Schemas carespec validates against, and how they are compiled.
 * Shared by the run-time validation (src/load/schema.ts) and the generator of
 * the precompiled validators (scripts/schema-validators.ts), so both always
 * agree on the list and the ajv options.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ErrorObject } from 'ajv';

export type SchemaName = 'rule-library' | 'rule-block' | 'specification' | 'evidence' | 'results' | 'profile' | 'rule-tests' | 'payments' | 'pool-basis' | 'portfolio' | 'portfolio-report';

export const SCHEMA_NAMES: readonly SchemaName[] = ['rule-library', 'rule-block', 'specification', 'evidence', 'results', 'profile', 'rule-tests', 'payments', 'pool-basis', 'portfolio', 'portfolio-report'];

/** `schemas/` sits two levels above this module both in `src/` and in `dist/`. */
export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas');

export const schemaFile = (name: SchemaName): string => path.join(SCHEMA_DIR, `${name}.schema.json`);

/** Every error, not the first one; unknown keywords (`description` on a `$ref`) are not errors. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

/** What a compiled validator is to its callers: a precompiled one has none of ajv's `schema`/`schemaEnv`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
