import type { SupportCase } from './case';

const duplicateWindowMs = 24 * 60 * 60 * 1000;
const similarityThreshold = 0.5;

/** Significant words of a title, lower-cased, umlauts kept, short filler words dropped. */
function titleWords(title: string): Set<string> {
  return new Set(
    title
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 3),
  );
}

/** Jaccard similarity of the significant words of two titles, 0 to 1. */
export function titleSimilarity(a: string, b: string): number {
  const left = titleWords(a);
  const right = titleWords(b);
  if (left.size === 0 || right.size === 0) return 0;
  const shared = [...left].filter((word) => right.has(word)).length;
  return shared / (left.size + right.size - shared);
}

function sameCustomer(a: SupportCase, b: SupportCase): boolean {
  if (a.customer.tenantId && b.customer.tenantId) return a.customer.tenantId === b.customer.tenantId;
  return a.contact.email.split('@')[1] === b.contact.email.split('@')[1];
}

/** Cases of the same customer from the 24 hours before this one whose titles say much the same. */
export function possibleDuplicates(supportCase: SupportCase, candidates: readonly SupportCase[]): SupportCase[] {
  const openedAt = Date.parse(supportCase.createdAt);
  return candidates.filter((candidate) => {
    const candidateOpenedAt = Date.parse(candidate.createdAt);
    return (
      candidate.id !== supportCase.id &&
      candidateOpenedAt <= openedAt &&
      openedAt - candidateOpenedAt <= duplicateWindowMs &&
      sameCustomer(supportCase, candidate) &&
      titleSimilarity(supportCase.title, candidate.title) >= similarityThreshold
    );
  });
}

export const duplicateWindow = duplicateWindowMs;
