/** XML text and attribute escaping for the JUnit report. */

/**
 * Escape for element text or a quoted attribute. Characters XML 1.0 forbids (most C0 controls,
 * lone surrogates, U+FFFE and U+FFFF) become U+FFFD, so a hostile string cannot make the file
 * unparseable; newlines and tabs in attributes are kept as character references.
 */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c]!)
  );
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
