import type Libmime from 'libmime';
import type { EmailAddress } from './addresses';

// Anything shaped like an RFC 2047 encoded word, "=?charset?encoding?text?=", including broken ones: each is checked
// below before libmime may decode it. As broad as the patterns libmime decodes and joins with, so that libmime never
// meets a word we did not look at. Every part stops at the next '?', so a match scans only a few '?'-separated runs and
// the whole search stays linear in the length of the value.
const ENCODED_WORD_CANDIDATE = /=\?([^?]+)\?([^?]+)\?([^?]*)\?=/g;

// A decoded "=0D=0A" must not put a line break into a subject that is later written into a reply's header.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

// Charset names as registered (letters, digits, '-', '_'), with an optional RFC 2231 §5 language ("utf-8*de"): the
// names libmime decodes. A rarer token character would make libmime skip the word yet still join it with its neighbour.
const CHARSET = /^[\w-]+(?:\*[\w-]+)?$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;
// A '=' in Q encoding must start a two-digit hex escape (RFC 2047 §4.2).
const BROKEN_Q_ESCAPE = /=(?![0-9A-Fa-f]{2})/;

/** Whether a candidate can be decoded without guessing; libmime would otherwise drop or mangle what it cannot read. */
function isWellFormed(charset: string, encoding: string, text: string): boolean {
  if (!CHARSET.test(charset)) return false;
  switch (encoding) {
    case 'B':
    case 'b': {
      if (!BASE64_TEXT.test(text)) return false;
      // Unpadded base64 is common and harmless; a length that leaves one stray character is not base64 at all.
      const unpadded = text.replace(/=+$/, '').length;
      return unpadded % 4 !== 1 && (!text.endsWith('=') || text.length % 4 === 0);
    }
    case 'Q':
    case 'q':
      return !BROKEN_Q_ESCAPE.test(text);
    default:
      return false;
  }
}

let libmime: typeof Libmime | undefined;

/**
 * libmime, loaded with the first encoded word: loading it (with its charset tables) takes about 100 ms, which every
 * cold start of every function would otherwise pay, and most mail has no encoded word.
 */
function loadLibmime(): typeof Libmime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  libmime ??= require('libmime') as typeof Libmime;
  return libmime;
}

/** libmime itself falls back to UTF-8 for unknown charsets and returns text; the catch is a last line of defence. */
function decodeWithLibmime(text: string): string {
  if (!text.includes('=?')) return text;
  try {
    return loadLibmime().decodeWords(text).replace(CONTROL_CHARACTERS, ' ');
  } catch {
    return text;
  }
}

/**
 * Decodes the RFC 2047 encoded words in a header value, such as a subject or a display name:
 * `=?UTF-8?B?R3LDvMOfZQ==?=` and `=?ISO-8859-1?Q?Gr=FC=DFe?=` both give "Grüße". Any charset that libmime knows
 * (windows-1252, iso-8859-15, gb2312, …), either case of B/Q; adjacent words are joined as RFC 2047 §6.2 says (the
 * whitespace between them goes, and a character split across two B words is put back together).
 *
 * Never throws. A malformed word (an invalid charset name, an unknown encoding, base64 that is not base64, a Q word
 * with a broken "=" escape) is left exactly as it was, and so is the text around it; bytes that are invalid in the
 * named charset become U+FFFD, as in mail clients. An unknown charset is read as UTF-8 (libmime's fallback). Decoded
 * control characters (an encoded CR LF) become a space. Linear in the length of the value.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  let decoded = '';
  let pending = 0; // start of the text not yet added to `decoded`
  for (const match of value.matchAll(ENCODED_WORD_CANDIDATE)) {
    const [word, charset = '', encoding = '', text = ''] = match;
    if (isWellFormed(charset, encoding, text)) continue;
    // Decode what lies before the malformed word on its own and keep the word itself verbatim, so that libmime can
    // neither decode it nor join it with a neighbour.
    const start = match.index ?? 0;
    decoded += decodeWithLibmime(value.slice(pending, start)) + word;
    pending = start + word.length;
  }
  return decoded + decodeWithLibmime(value.slice(pending));
}

/** The address with its display name decoded (see decodeEncodedWords); the address itself never holds encoded words. */
export function withDecodedName(address: EmailAddress): EmailAddress {
  if (address.name === undefined) return address;
  const name = decodeEncodedWords(address.name).trim();
  return name === '' ? { address: address.address } : { ...address, name };
}
