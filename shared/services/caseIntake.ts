import { createHash } from 'node:crypto';
import { servesCustomer, type Principal } from '../domain/apiKey';
import { openPortalCase, type NewCaseRequest } from '../domain/newCase';
import type { Desk } from '../composition';
import { conflict, DeskError } from '../errors';
import { viewAccessibleCase } from './caseAccess';
import { openNewCase } from './caseOpening';
import type { CaseView } from './caseQueries';
import { newCaseId } from './ids';
import { apiKeyClaimKey } from './idempotency';
import { actorFor } from '../domain/permissions';

export type CaseIntakeDependencies = Pick<Desk, 'cases' | 'caseShares' | 'publisher' | 'clock' | 'tenants' | 'slaDue'>;

export interface OpenedCase extends CaseView {
  /** `replayed` when an earlier request with the same Idempotency-Key already opened this case. */
  outcome: 'created' | 'replayed';
}

function hashRequest(request: NewCaseRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/** Opens a portal case, exactly once per Idempotency-Key, hands it to triage and acknowledges it to the contact. */
export async function openCase(
  deps: CaseIntakeDependencies,
  principal: Principal,
  request: NewCaseRequest,
  idempotencyKey?: string,
): Promise<OpenedCase> {
  if (!servesCustomer(principal, request.customer.tenantId)) {
    throw new DeskError(
      'forbidden',
      'This key serves other customers: open cases only for the customers it serves (customer.tenantId).',
    );
  }
  const now = deps.clock.now();
  const requestHash = hashRequest(request);
  const id = newCaseId(now);
  const profile = await deps.tenants.profile(principal.tenantId);
  const created = await openNewCase(
    deps,
    principal.tenantId,
    id,
    { now, from: profile?.supportAddresses[0], acknowledge: true, mailTemplates: profile?.mailTemplates },
    (caseNumber) =>
      openPortalCase(request, { id, tenantId: principal.tenantId, caseNumber, now, actor: actorFor(principal) }),
    idempotencyKey ? { key: apiKeyClaimKey(principal, idempotencyKey), requestHash } : undefined,
  );
  if (created.kind === 'replayed' && created.requestHash !== requestHash) {
    // The claim is this key's own, so the case is one it opened; a key that no longer serves its customer is not told.
    const earlier = created.stored.supportCase;
    throw conflict(
      'This Idempotency-Key was already used with a different request body.',
      servesCustomer(principal, earlier.customer.tenantId) ? { caseId: earlier.id } : {},
    );
  }
  const supportCase = created.stored.supportCase;
  const view: CaseView =
    created.kind === 'created'
      ? { supportCase, timeline: created.timeline, etag: created.stored.etag }
      : await viewAccessibleCase(deps, principal, supportCase.id);
  return { outcome: created.kind, ...view };
}
