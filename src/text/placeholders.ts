/** The `{{path}}` placeholders of a rule's message template: assembly checks them, `init` asks for them. */
const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g;

export function templatePaths(template: string | undefined): string[] {
  if (!template) return [];
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
