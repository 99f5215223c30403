import { z } from 'zod';

/** The languages the desk writes its customer mail in. */
export const mailLanguageSchema = z.enum(['en', 'de']);
export type MailLanguage = z.infer<typeof mailLanguageSchema>;

/** Whitespace-separated words as a set. */
const wordSet = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

// The commonest short function words of each language (articles, pronouns, conjunctions, politeness): a support
// request of a sentence or two uses several of them. Words both languages write ("in", "so", "will") are left out.
const germanWords = wordSet(`
der die das den dem des und ist sind nicht ich wir sie ihr mit für ein eine einen kein keine auf zu
von bei seit auch noch bitte danke hallo guten tag unser unsere mein meine kann können geht
funktioniert wird werden haben hat mehr nach wenn oder aber dass grüße freundlichen
`);
const englishWords = wordSet(`
the and is are not i we you with for a an no on to of at since also still please thanks thank hello
hi our my can cannot does doesn work works working have has more after if or but that this regards
best
`);

/**
 * The language a customer wrote in, told from their text by counting common German and English function words (an
 * umlaut or ß counts for German as well). English unless German clearly leads: a wrong German reply to an English
 * speaker is worse than the reverse for a desk whose default is English. Deliberately tiny: only two languages are
 * told apart, and a support request's first lines have enough of these words to tell them.
 */
export function languageOfText(text: string): MailLanguage {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let german = 0;
  let english = 0;
  for (const word of words) {
    if (germanWords.has(word)) german += 1;
    if (englishWords.has(word)) english += 1;
    if (/[äöüß]/.test(word)) german += 1;
  }
  return german > english ? 'de' : 'en';
}
