/** Escaping for XML, HTML and SVG text and attributes. */

/** Escapes `&`, `<`, `>`, `"` and `'`, and drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** HTML uses the same escapes (`&apos;` is valid HTML5). */
export const escapeHtml = escapeXml;
