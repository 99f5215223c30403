import type * as HtmlToText from 'html-to-text';

let converter: ((html: string) => string) | undefined;

/** Nesting of HTML elements kept; mail clients nest a few dozen deep. */
const maxHtmlDepth = 200;
/** Children of one element kept. */
const maxHtmlChildNodes = 10_000;
/** Characters of a table cell on one line; a longer cell wraps within its column. */
const maxTableColumnWidth = 200;

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
    // A mail is anyone's input: elements nested deeper than any mail client writes are cut (5,000 nested divs
    // overflowed the stack, and the mail was retried until it was dead-lettered), as are runs of siblings.
    limits: { maxDepth: maxHtmlDepth, maxChildNodes: maxHtmlChildNodes, ellipsis: ' …' },
    // A word longer than a table column (a URL, a token) is split where the cell wraps, or its width pads every row.
    longWordSplit: { forceWrapOnLimit: true },
    selectors: [
      // Explicit although html-to-text skips them by default: their content must never reach an agent as text.
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      // Signature logos and tracking pixels would only add "[cid:image001.png]" noise.
      { selector: 'img', format: 'skip' },
      // Links stay readable as "text [url]"; the url is dropped when it is the text itself.
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      // Mail clients lay out with tables; columns keep "Label  value" rows apart. Nothing is upper-cased: the agent
      // sees what the customer wrote. Cells wrap at maxTableColumnWidth: every row is padded to its column's widest
      // cell, so an unbounded width let one long cell over 2,000 short rows make 4 million characters (8 s a mail).
      {
        selector: 'table',
        format: 'dataTable',
        options: { maxColumnWidth: maxTableColumnWidth, uppercaseHeaderCells: false },
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
