import type * as HtmlToText from 'html-to-text';

let converter: ((html: string) => string) | undefined;

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
    // A mail is anyone's input: runs of siblings beyond any mail client's are cut. (Nesting too deep for the
    // converter is read by textOfDeepHtml instead, see convertHtml.)
    limits: { maxChildNodes: maxHtmlChildNodes, ellipsis: ' …' },
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
  try {
    return converter(html);
  } catch (error) {
    // 5,000 nested elements overflow the converter's recursion; the mail was then retried until it was dead-lettered.
    if (!(error instanceof RangeError)) throw error;
    return textOfDeepHtml(html);
  }
}

/** HTML without its script and style elements, content included; one pass (an unclosed one drops the rest). */
function withoutScriptsAndStyles(html: string): string {
  const opening = /<(script|style)\b/gi;
  let kept = '';
  let from = 0;
  for (;;) {
    opening.lastIndex = from;
    const found = opening.exec(html);
    if (!found) return kept + html.slice(from);
    kept += `${html.slice(from, found.index)} `;
    const closing = new RegExp(`</${found[1]}[^<>]*>`, 'gi');
    closing.lastIndex = opening.lastIndex;
    if (!closing.exec(html)) return kept;
    from = closing.lastIndex;
  }
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * The text of HTML nested too deep for the converter, read without recursion: scripts and styles with their content
 * dropped, every tag a space, the common named and all numeric character references decoded (others stay as
 * written). Plainer than the converter, but the agent sees every word the customer wrote.
 */
function textOfDeepHtml(html: string): string {
  return withoutScriptsAndStyles(html)
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (reference, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code <= 0x10ffff ? String.fromCodePoint(code) : reference;
      }
      return namedEntities[name.toLowerCase()] ?? reference;
    })
    .replace(/[ \t]{2,}/g, ' ');
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
