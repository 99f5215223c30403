import { isReopen, type CaseStatus } from './caseStatus';

/**
 * What a status change does to the case's running SLA clocks:
 * waiting on the customer pauses them, coming back from the customer resumes them,
 * resolving stops them and reopening restarts them.
 */
export type SlaClockEffect = 'none' | 'pause' | 'resume' | 'stop' | 'restart';

export function slaClockEffect(from: CaseStatus, to: CaseStatus): SlaClockEffect {
  if (to === 'pending_customer') return 'pause';
  if (to === 'resolved') return 'stop';
  if (from === 'pending_customer' && to === 'in_progress') return 'resume';
  if (isReopen(from, to)) return 'restart';
  return 'none';
}
