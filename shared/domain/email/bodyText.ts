import type * as HtmlToText from 'html-to-text';

let converter: ((html: string) => string) | undefined;

/**
 * The HTML converter, compiled once (the options are fixed and compiling is the expensive part) at the first HTML
 * mail, not when the app loads: every function's cold start would pay for it. The library (with its HTML parser and
 * entity tables, a seventh of the app bundle) is required then too; in the package it is a bundle of its own
 * (LAZY_PACKAGES in scripts/package.js).
 */
function convertHtml(html: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  converter ??= (require('html-to-text') as typeof HtmlToText).compile({
    wordwrap: false,
    selectors: [
      // Explicit although html-to-text skips them by default: their content must never reach an agent as text.
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      // Signature logos and tracking pixels would only add "[cid:image001.png]" noise.
      { selector: 'img', format: 'skip' },
      // Links stay readable as "text [url]"; the url is dropped when it is the text itself.
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      // Mail clients lay out with tables; columns keep "Label  value" rows apart. Cells are not wrapped, so a long
      // sentence in a layout cell stays one line, and nothing is upper-cased: the agent sees what the customer wrote.
      {
        selector: 'table',
        format: 'dataTable',
        options: { maxColumnWidth: Number.MAX_SAFE_INTEGER, uppercaseHeaderCells: false },
      },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((heading) => ({ selector: heading, options: { uppercase: false } })),
    ],
  });
  return converter(html);
}

/**
 * Plain text of a mail body for the case timeline: HTML is converted, text kept. Line endings become "\n", and the
 * non-breaking spaces and empty paragraphs ("<p>&nbsp;</p>") that mail editors use for layout become ordinary spaces
 * and at most one blank line, so the text reads and searches like typed text.
 */
export function bodyText(content: string, isHtml: boolean): string {
  const text = isHtml ? convertHtml(content) : content;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
