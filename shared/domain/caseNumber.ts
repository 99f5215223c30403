/** Human-friendly case numbers, unique within a tenant: CS-000001, CS-000002, ... (more digits once past a million). */
export function formatCaseNumber(sequence: number): string {
  return `CS-${String(sequence).padStart(6, '0')}`;
}
