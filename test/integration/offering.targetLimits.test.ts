import { defaultSupportOffering, type SupportOffering } from '../../shared/domain/offering';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Microsoft's response targets and the hours they are counted in are tenant settings. Settings no escalation could
 * ever be timed with (hours that never open, a target of centuries) are refused when saved, with the field named, and
 * the offering stays as it was: found out later, they would fail or stall every escalation of the tenant.
 */

const everyDayOfTheYear = (): string[] => {
  const days: string[] = [];
  for (let day = new Date(Date.UTC(2001, 0, 1)); day.getUTCFullYear() === 2001; day.setUTCDate(day.getUTCDate() + 1))
    days.push(day.toISOString().slice(5, 10));
  return days;
};

describe('Microsoft response targets in the offering settings', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const putRefused = async (offering: SupportOffering, field: string): Promise<void> => {
    const admin = await desk.newTenantKey('admin');

    const put = await desk.request('PUT', '/api/offering', { key: admin.key, body: offering });

    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect((await desk.request('GET', '/api/offering', { key: admin.key })).body).toEqual(
      JSON.parse(JSON.stringify(defaultSupportOffering())),
    );
  };

  it('given Microsoft support hours whose yearly holidays close every date, when put, then 400 names them and nothing changes', async () => {
    const offering = structuredClone(defaultSupportOffering());
    offering.settings.microsoftSupportHours.holidays = everyDayOfTheYear();

    await putRefused(offering, 'settings.microsoftSupportHours.holidays');
  });

  it('given a Microsoft response target of a trillion minutes, when put, then 400 names it and nothing changes', async () => {
    const offering = structuredClone(defaultSupportOffering());
    offering.settings.microsoftResponseTargets.commercialSupport.B.minutes = 1_000_000_000_000;

    await putRefused(offering, 'settings.microsoftResponseTargets.commercialSupport.B.minutes');
  });

  it('given a plan SLA target of a trillion minutes, when put, then 400 names it and nothing changes', async () => {
    const offering = structuredClone(defaultSupportOffering());
    offering.services.azure.outOfPlan.targets.C.resolutionMinutes = 1_000_000_000_000;

    await putRefused(offering, 'services.azure.outOfPlan.targets.C.resolutionMinutes');
  });

  it('given targets of a year and Microsoft hours open one day a year, when put, then they are kept: long is allowed, never is not', async () => {
    const admin = await desk.newTenantKey('admin');
    const offering = structuredClone(defaultSupportOffering());
    offering.settings.microsoftResponseTargets.commercialSupport.C.minutes = 365 * 24 * 60;
    offering.settings.microsoftSupportHours.holidays = everyDayOfTheYear().filter((day) => day !== '06-15');

    const put = await desk.request('PUT', '/api/offering', { key: admin.key, body: offering });

    expect(put.body.errors).toBeUndefined();
    expect(put.status).toBe(200);
    const read = (await desk.request('GET', '/api/offering', { key: admin.key })).body;
    expect(read.settings.microsoftResponseTargets.commercialSupport.C.minutes).toBe(365 * 24 * 60);
    expect(read.settings.microsoftSupportHours.holidays).toHaveLength(364);
  });
});
