import type { HttpResponseInit } from '@azure/functions';
import type { CaseView } from '../services/caseQueries';

export const caseLocation = (caseId: string): string => `/api/cases/${encodeURIComponent(caseId)}`;

/** A case as portals and agents read it: the case, its timeline, and its version in the ETag header. */
export function caseResponse(view: CaseView, status = 200, extraHeaders: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    headers: { etag: view.etag, ...extraHeaders },
    jsonBody: { ...view.supportCase, timeline: view.timeline },
  };
}
