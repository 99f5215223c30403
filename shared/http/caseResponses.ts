/** Where a case can be read, for the Location header of the answer that opened it. */
export const caseLocation = (caseId: string): string => `/api/cases/${encodeURIComponent(caseId)}`;
