/**
 * The frame every carespec HTML report shares: one self-contained file (inline CSS, no script, no
 * external resource; a Content-Security-Policy forbids any request), with a skip link, header, main
 * and footer. Each report supplies its parts; all text goes through `html`.
 */
import { html, raw, type Html, type HtmlValue } from './escape.js';
import { STYLE } from './style.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface PageParts {
  title: string;
  /** carespec's version, for the generator meta tag. */
  version: string;
  /** CSS added to the shared stylesheet. */
  extraStyle?: string;
  header: Html;
  main: HtmlValue;
  footer: Html;
}

export function htmlPage(parts: PageParts): string {
  const page = html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="carespec ${parts.version}">
<title>${parts.title}</title>
<style>${raw(STYLE)}${raw(parts.extraStyle ?? '')}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
${parts.header}
<main id="main">
${parts.main}
</main>
<footer>
${parts.footer}
</footer>
</body>
</html>
`;
  return page.value;
}
