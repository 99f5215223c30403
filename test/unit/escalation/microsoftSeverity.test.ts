import type { EscalationVehicle, Severity } from '../../../shared/domain/caseFields';
import {
  isSeverityOnVehicleScale,
  microsoftSeverityTable,
  toMicrosoftSeverity,
} from '../../../shared/domain/escalation';

const expected: Array<{ vehicle: EscalationVehicle; severity: Severity; microsoft: string }> = [
  { vehicle: 'premierSupportForPartners', severity: 'A', microsoft: 'A' },
  { vehicle: 'premierSupportForPartners', severity: 'B', microsoft: 'B' },
  { vehicle: 'premierSupportForPartners', severity: 'C', microsoft: 'C' },
  { vehicle: 'advancedSupportForPartners', severity: 'A', microsoft: 'A' },
  { vehicle: 'advancedSupportForPartners', severity: 'B', microsoft: 'B' },
  { vehicle: 'advancedSupportForPartners', severity: 'C', microsoft: 'C' },
  { vehicle: 'signatureCloudSupport', severity: 'A', microsoft: 'A' },
  { vehicle: 'signatureCloudSupport', severity: 'B', microsoft: 'B' },
  { vehicle: 'signatureCloudSupport', severity: 'C', microsoft: 'C' },
  { vehicle: 'commercialSupport', severity: 'A', microsoft: 'critical' },
  { vehicle: 'commercialSupport', severity: 'B', microsoft: 'moderate' },
  { vehicle: 'commercialSupport', severity: 'C', microsoft: 'minimal' },
];

describe('Microsoft severity mapping', () => {
  it.each(expected)(
    'given a severity $severity case sent via $vehicle, then Microsoft sees $microsoft',
    ({ vehicle, severity, microsoft }) => {
      expect(toMicrosoftSeverity(vehicle, severity)).toBe(microsoft);
      expect(isSeverityOnVehicleScale(vehicle, toMicrosoftSeverity(vehicle, severity))).toBe(true);
    },
  );

  it('given the Azure support ticket API, then A/B/C map to critical/moderate/minimal', () => {
    expect(
      [microsoftSeverityTable.A, microsoftSeverityTable.B, microsoftSeverityTable.C].map(
        (row) => row.azureSupportTicket,
      ),
    ).toEqual(['critical', 'moderate', 'minimal']);
  });

  it('given a severity on the wrong scale for the vehicle, then it is recognised as such', () => {
    expect(isSeverityOnVehicleScale('commercialSupport', 'A')).toBe(false);
    expect(isSeverityOnVehicleScale('premierSupportForPartners', 'critical')).toBe(false);
  });
});
