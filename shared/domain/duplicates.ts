import type { SupportCase } from './case';

const duplicateWindowMs = 24 * 60 * 60 * 1000;
const similarityThreshold = 0.5;

/**
 * All duplicate detection compares of a case, and all a store reads of the other recent cases for it: no description,
 * timeline, triage, SLA or anything else of the document.
 */
export interface DuplicateCandidate {
  id: string;
  caseNumber: string;
  title: string;
  createdAt: string;
  /** The customer's Microsoft Entra tenant, when known. */
  customerTenantId?: string;
  /** The mail domain of the case's contact (see contactDomain). */
  contactDomain: string;
}

/**
 * Whose recent cases duplicate detection compares a case with: those of its customer and, where the customer is
 * unknown on either side, those whose contact writes from the same mail domain. A store returns only these.
 */
export interface DuplicateScope {
  /** The case's customer, if known: all of that customer's cases, and cases of no known customer from the domain. */
  customerTenantId?: string;
  /** Without a customer: every case whose contact writes from this domain, whatever its customer. */
  contactDomain: string;
}

/**
 * The mail domain duplicate detection compares: what follows the first `@` ('' when there is none), lower-cased, as
 * domains compare without regard to case (RFC 5321, section 2.4).
 */
export const contactDomain = (email: string): string => (email.split('@')[1] ?? '').toLowerCase();

/** A case as duplicate detection sees it. */
export function duplicateCandidate(supportCase: SupportCase): DuplicateCandidate {
  const { id, caseNumber, title, createdAt } = supportCase;
  const customerTenantId = supportCase.customer.tenantId;
  return {
    id,
    caseNumber,
    title,
    createdAt,
    ...(customerTenantId ? { customerTenantId } : {}),
    contactDomain: contactDomain(supportCase.contact.email),
  };
}

/** The recent cases a store must return for duplicate detection of this case to see every possible duplicate. */
export function duplicateScope(supportCase: SupportCase): DuplicateScope {
  const { customerTenantId, contactDomain: domain } = duplicateCandidate(supportCase);
  return { ...(customerTenantId ? { customerTenantId } : {}), contactDomain: domain };
}

/** Whether a case falls in the scope: what a store's query selects, for stores that filter in memory. */
export function inDuplicateScope(scope: DuplicateScope, candidate: DuplicateCandidate): boolean {
  if (scope.customerTenantId && candidate.customerTenantId)
    return scope.customerTenantId === candidate.customerTenantId;
  return scope.contactDomain === candidate.contactDomain;
}

/**
 * Significant words of a title, lower-cased, umlauts kept, short filler words dropped. In Unicode normalisation form
 * NFKC first, so a title typed with composed letters ("fällt") and one pasted with decomposed ones (a + combining
 * diaeresis, as macOS names files) have the same words.
 */
function titleWords(title: string): Set<string> {
  return new Set(
    title
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 3),
  );
}

/**
 * Longest first, then in UTF-16 code-unit order: the order duplicateIndexWords takes words in. Any fixed order keeps
 * prefix filtering exact; this one puts the short words most titles share ("and", "the", "not") last, so they are
 * seldom index words and their index rows stay small (AllPairs orders rarest first; length stands in for rarity).
 */
const indexWordOrder = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The words of a title that duplicate detection files the case under and looks candidates up by: its significant
 * words in indexWordOrder, the first n − ⌈t·n⌉ + 1 of n for the similarity threshold t (1/2: 4 words of 6). Prefix
 * filtering (Bayardo, Ma, Srikant, "Scaling Up All Pairs Similarity Search", WWW 2007): two titles whose Jaccard
 * similarity is at least t share at least ⌈t·n⌉ words, so the first shared word in that order lies within both
 * prefixes so taken, and an index of these words finds every title possibleDuplicates would accept, reading only cases
 * that share one of them. Words are cut to 64 code points, the same on both sides, to keep index keys short. Empty for
 * a title without significant words, which matches none.
 */
export function duplicateIndexWords(title: string): string[] {
  const words = [...titleWords(title)].sort(indexWordOrder);
  const prefixLength = words.length - Math.ceil(similarityThreshold * words.length) + 1;
  // Cut by code point: half of a surrogate pair is no text a key or a URL can carry. Words alike in their first 64 code
  // points become one: a transaction may not name a row twice.
  return [...new Set(words.slice(0, prefixLength).map((word) => Array.from(word).slice(0, 64).join('')))];
}

/** Jaccard similarity of two sets of title words, 0 to 1. */
function wordSimilarity(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  const shared = [...left].filter((word) => right.has(word)).length;
  return shared / (left.size + right.size - shared);
}

/** Jaccard similarity of the significant words of two titles, 0 to 1. */
export function titleSimilarity(a: string, b: string): number {
  return wordSimilarity(titleWords(a), titleWords(b));
}

/**
 * Cases of the same customer from the 24 hours before this one whose titles say much the same, most similar first and,
 * among equally similar ones, the first opened first (in a storm, where the partner works the incident); ties by id.
 */
export function possibleDuplicates(
  supportCase: SupportCase,
  candidates: readonly DuplicateCandidate[],
): DuplicateCandidate[] {
  const scope = duplicateScope(supportCase);
  const openedAt = Date.parse(supportCase.createdAt);
  const words = titleWords(supportCase.title);
  return candidates
    .flatMap((candidate) => {
      const candidateOpenedAt = Date.parse(candidate.createdAt);
      const inWindow =
        candidate.id !== supportCase.id &&
        candidateOpenedAt <= openedAt &&
        openedAt - candidateOpenedAt <= duplicateWindowMs &&
        inDuplicateScope(scope, candidate);
      const similarity = inWindow ? wordSimilarity(words, titleWords(candidate.title)) : 0;
      return similarity >= similarityThreshold ? [{ candidate, similarity, candidateOpenedAt }] : [];
    })
    .sort(
      (a, b) =>
        b.similarity - a.similarity ||
        a.candidateOpenedAt - b.candidateOpenedAt ||
        (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0),
    )
    .map(({ candidate }) => candidate);
}

/**
 * How many possible duplicates a case is linked to: the first of possibleDuplicates. In a storm (an outage, when
 * hundreds of a customer's people write "Teams is down" within the hour) linking every similar case would grow each new
 * case's document and timeline with the storm; the agent needs a few to start from, and the count of the others.
 */
export const maxLinkedDuplicates = 10;

/** When the cases a duplicate lookup takes were opened: from `since` to `until`, both included. */
export interface OpeningWindow {
  since: Date;
  until: Date;
}

/**
 * When the cases that may be duplicates of a case were opened: the 24 hours before it was (see possibleDuplicates),
 * whenever it is looked at.
 */
export function duplicateWindowOf(supportCase: SupportCase): OpeningWindow {
  const openedAt = Date.parse(supportCase.createdAt);
  return { since: new Date(openedAt - duplicateWindowMs), until: new Date(openedAt) };
}
