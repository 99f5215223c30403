import { matchesKeyword, triageText } from '../../../shared/domain/triage';

describe('keyword matching for triage rules', () => {
  it('given a keyword in other letter case, when matching, then it still matches', () => {
    expect(matchesKeyword('our TEAMS client hangs', 'Teams')).toBe(true);
  });

  it('given a keyword that only occurs inside a longer word, when matching, then it does not match', () => {
    expect(matchesKeyword('the storage quota', 'VM')).toBe(false);
    expect(matchesKeyword('Lizenzen fehlen', 'Lizenz')).toBe(false);
    expect(matchesKeyword('we saw an error', 'err')).toBe(false);
  });

  it('given an umlaut keyword, when the customer writes the umlaut, its transliteration or the bare vowel, then all match', () => {
    expect(matchesKeyword('Bitte Passwort zurücksetzen', 'zurücksetzen')).toBe(true);
    expect(matchesKeyword('Bitte Passwort zuruecksetzen', 'zurücksetzen')).toBe(true);
    expect(matchesKeyword('Bitte Passwort zurucksetzen', 'zurücksetzen')).toBe(true);
    expect(matchesKeyword('Die Anwendung ist ausgefallen', 'ausgefallen')).toBe(true);
    expect(matchesKeyword('Grüße aus Gießen', 'Giessen')).toBe(false);
    expect(matchesKeyword('Grüße aus Giessen', 'Gießen')).toBe(true);
  });

  it('given a decomposed umlaut in the text, when triage reads it, then it matches the composed keyword', () => {
    const text = triageText('Störung', 'Postfa\u0308cher sind voll');
    expect(matchesKeyword(text, 'Postfächer')).toBe(true);
  });

  it('given an umlaut next to a word boundary, when matching, then the umlaut counts as a letter', () => {
    expect(matchesKeyword('Prüfung läuft', 'fung')).toBe(false);
    expect(matchesKeyword('Abo für Österreich', 'Österreich')).toBe(true);
  });

  it('given a leading or trailing star, when matching, then the keyword matches inside compounds and inflections', () => {
    expect(matchesKeyword('Totaler Serverausfall seit 8 Uhr', '*ausfall')).toBe(true);
    expect(matchesKeyword('Wir brauchen drei Lizenzen', 'lizenz*')).toBe(true);
    expect(matchesKeyword('Ausfallzeit geplant', '*ausfall')).toBe(false);
  });

  it('given a phrase keyword, when words are separated by spaces, hyphens or line breaks, then it matches', () => {
    expect(matchesKeyword('Business-Central is slow', 'Business Central')).toBe(true);
    expect(matchesKeyword('Business\n  Central is slow', 'Business Central')).toBe(true);
    expect(matchesKeyword('signin fails', 'sign-in')).toBe(true);
    expect(matchesKeyword('sign in fails', 'sign-in')).toBe(true);
  });

  it('given a typographic apostrophe, when matching a keyword with a plain one, then it matches', () => {
    expect(matchesKeyword('I can’t log in', "can't")).toBe(true);
  });

  it('given regex characters in a keyword, when matching, then they are taken literally', () => {
    expect(matchesKeyword('Dual-write for F&O stopped', 'F&O')).toBe(true);
    expect(matchesKeyword('price is 5 EUR', '5.EUR')).toBe(false);
  });
});
