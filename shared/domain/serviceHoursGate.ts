import type { ServiceHours } from './serviceHours';

/** Whether an escalation may reach people now, or waits until the service hours open. */
export type EscalationGate = { kind: 'open' } | { kind: 'closed'; opensAt: number };

/**
 * Escalation notices and tier changes go to people on duty: they fire within the case's service hours, or at any hour
 * for a severity whose targets run around the clock. Outside those hours they wait for the next opening.
 */
export function escalationGate(serviceHours: ServiceHours, aroundTheClock: boolean, now: number): EscalationGate {
  if (aroundTheClock || serviceHours.isOpen(now)) return { kind: 'open' };
  // Adding nothing at a closed instant lands on the next opening.
  return { kind: 'closed', opensAt: serviceHours.addBusinessMinutes(now, 0) };
}
