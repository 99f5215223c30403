import { randomUUID } from 'node:crypto';
import type { Desk } from '../composition';
import type { Principal } from '../domain/apiKey';
import { actorFor } from '../domain/permissions';
import {
  changed,
  eraseFromCase,
  eraseFromEvent,
  isContactOf,
  namesOf,
  normalizedAddress,
  personKey,
  type ErasedPerson,
  type ErasureRecord,
} from '../domain/retention';
import { StaleVersionError } from '../ports/tenantDirectory';
import type { RetentionStores } from '../ports/retention';
import { changeCase } from './caseUpdates';

export type ErasureDesk = Pick<Desk, 'cases' | 'customers' | 'clock'> & RetentionStores;

/** What an erasure changed on one case. */
interface CaseErasure {
  changed: boolean;
  timelineEntries: number;
}

/**
 * Takes the person out of one case: the timeline entries are rewritten in place (their rows are otherwise never
 * changed), then the case itself, with an internal note saying so (no one's data in it), then the columns the longer
 * earlier version of the case row left behind are emptied.
 */
async function eraseFromStoredCase(
  desk: ErasureDesk,
  principal: Principal,
  caseId: string,
  address: string,
  erasureId: string,
): Promise<CaseErasure> {
  const { tenantId } = principal;
  const stored = await desk.cases.get(tenantId, caseId);
  if (!stored) return { changed: false, timelineEntries: 0 };
  const timeline = await desk.cases.timeline(tenantId, caseId, stored);
  const person: ErasedPerson = { address, names: namesOf(address, stored.supportCase, timeline) };
  const wasContact = isContactOf(stored.supportCase, address);
  const timelineEntries = await desk.personalData.rewriteTimeline(tenantId, caseId, (event) =>
    eraseFromEvent(event, person, wasContact),
  );
  const now = desk.clock.now();
  const { result: caseChanged } = await changeCase(desk.cases, tenantId, caseId, (current) => {
    const next = eraseFromCase(current.supportCase, person);
    if (!changed(current.supportCase, next)) return { result: false };
    const at = now.toISOString();
    return {
      next: { ...next, updatedAt: at },
      events: [
        {
          type: 'note',
          at,
          actor: actorFor(principal),
          visibility: 'internal',
          summary: "A person's personal data was erased from this case on request",
          data: { erasureId },
        },
      ],
      result: true,
    };
  });
  if (caseChanged) await desk.personalData.clearStaleColumns(tenantId, caseId);
  return { changed: caseChanged || timelineEntries > 0, timelineEntries };
}

/** Takes the address off the customer record that lists it as one of its people's; answers how many records changed. */
async function dropCustomerAddress(desk: ErasureDesk, tenantId: string, address: string): Promise<number> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const customer = await desk.customers.findBySender(tenantId, address);
    if (!customer?.addresses.includes(address)) return 0;
    const versioned = await desk.customers.versioned(tenantId, customer.customerTenantId);
    if (!versioned) return 0;
    const addresses = versioned.value.addresses.filter((listed) => listed !== address);
    try {
      await desk.customers.put(
        tenantId,
        { ...versioned.value, addresses, updatedAt: desk.clock.now().toISOString() },
        versioned.etag,
      );
      return 1;
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
    }
  }
  throw new Error('The customer record kept changing while the address was taken off it; erase again.');
}

/**
 * POST /api/contacts/erase: removes or redacts a person's personal data from all of the tenant's cases and timelines
 * (found through the person index, not by a scan), removes their intake-log entries and takes their address off the
 * customer directory, then writes an entry to the tenant's erasure log: who, when, how much, and a hash of the address.
 * Repeating it finds nothing more to do and logs that too. The index rows go last, so an erasure that stops half-way
 * finds everything again when repeated.
 */
export async function eraseContact(desk: ErasureDesk, principal: Principal, email: string): Promise<ErasureRecord> {
  const { tenantId } = principal;
  const address = normalizedAddress(email);
  const key = personKey(tenantId, address);
  const erasureId = randomUUID();
  const rowKeys = await desk.personalData.rowsOfPerson(tenantId, key);
  const counts = { cases: 0, timelineEntries: 0, intakeLogEntries: 0 };
  for (const rowKey of rowKeys) {
    const caseId = desk.personalData.caseIdOf(rowKey);
    if (caseId === undefined) {
      counts.intakeLogEntries += await desk.personalData.removeRows([{ partitionKey: tenantId, rowKey }]);
      continue;
    }
    const erased = await eraseFromStoredCase(desk, principal, caseId, address, erasureId);
    if (erased.changed) counts.cases += 1;
    counts.timelineEntries += erased.timelineEntries;
  }
  const customerAddresses = await dropCustomerAddress(desk, tenantId, address);
  await desk.personalData.removePersonRows(
    tenantId,
    rowKeys.map((rowKey) => ({ personKey: key, rowKey })),
  );
  const record: ErasureRecord = {
    id: erasureId,
    erasedAt: desk.clock.now().toISOString(),
    erasedBy: principal.keyId,
    personKey: key,
    ...counts,
    customerAddresses,
  };
  await desk.personalData.recordErasure(tenantId, record);
  return record;
}

/** GET /api/contacts/erasures: the tenant's erasure log, newest first. */
export function listErasures(
  desk: Pick<RetentionStores, 'personalData'>,
  principal: Principal,
  limit: number,
): Promise<ErasureRecord[]> {
  return desk.personalData.erasures(principal.tenantId, limit);
}
