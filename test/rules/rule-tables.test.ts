/** docs/rules.md is generated from rules/*.yaml by scripts/rule-tables.ts and must be current. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRuleTables, RULES_DOC } from '../../scripts/rule-tables.js';
import { loadLibrary } from '../../src/load/library.js';
import { repoFile } from '../helpers.js';

describe('docs/rules.md', () => {
  const generated = renderRuleTables();

  it('is current (regenerate with `npx tsx scripts/rule-tables.ts`)', () => {
    expect(readFileSync(RULES_DOC, 'utf8')).toBe(generated);
  });

  it('lists every rule of every library with its severity', () => {
    for (const name of ['ethical-care-charter', 'wages', 'monitoring', 'homecare-kpis', 'reablement-kpis', 'quality']) {
      const library = loadLibrary(repoFile('rules', `${name}.yaml`));
      if (!library.ok) throw new Error(`${name} does not load`);
      expect(generated).toContain(`## ${library.value.title}`);
      for (const rule of library.value.rules) expect(generated).toContain(`| \`${rule.id}\` | `);
      for (const rule of library.value.rules) expect(generated).toMatch(new RegExp(`\\| \`${rule.id}\` \\| [^\\n]* \\| ${rule.severity} \\|`));
    }
  });
});
