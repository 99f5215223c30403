import { billingExport, monthRange } from '../../../shared/domain/billing';

describe('a billing month bounded by local midnights where the clock moves at midnight', () => {
  afterEach(() => jest.useRealTimers());

  it.each(['2093-01-15T12:00:00Z', '2093-07-15T12:00:00Z'])(
    'given Havana sets its clock back from 01:00 to 00:00 on 1 November 2093 and the clock reads %s, when October and November are bounded, then October ends where November starts, at the first midnight',
    (now) => {
      jest.useFakeTimers({ now: new Date(now) });

      const october = monthRange('2093-10', 'America/Havana');
      const november = monthRange('2093-11', 'America/Havana');

      expect(october.to.toISOString()).toBe('2093-11-01T04:00:00.000Z');
      expect(november.from.toISOString()).toBe('2093-11-01T04:00:00.000Z');
    },
  );

  it('given Asunción set its clock forward from 00:00 to 01:00 on 1 October 2023, when September to November are bounded, then each month ends where the next starts, October at the jump', () => {
    const september = monthRange('2023-09', 'America/Asuncion');
    const october = monthRange('2023-10', 'America/Asuncion');
    const november = monthRange('2023-11', 'America/Asuncion');

    expect(september.to.toISOString()).toBe('2023-10-01T04:00:00.000Z');
    expect(october.from.toISOString()).toBe('2023-10-01T04:00:00.000Z');
    expect(october.to.toISOString()).toBe('2023-11-01T03:00:00.000Z');
    expect(november.from.toISOString()).toBe('2023-11-01T03:00:00.000Z');
  });

  it('given Santiago sets its clock back from 00:00 to 23:00 in April 2093, when April and May are bounded, then they are the midnights that exist', () => {
    expect(monthRange('2093-04', 'America/Santiago').from.toISOString()).toBe('2093-04-01T03:00:00.000Z');
    expect(monthRange('2093-04', 'America/Santiago').to.toISOString()).toBe('2093-05-01T04:00:00.000Z');
  });

  it.each([
    ['Asia/Kathmandu', '2093-03', '2093-02-28T18:15:00.000Z', '2093-03-31T18:15:00.000Z'],
    ['Pacific/Chatham', '2093-04', '2093-03-31T10:15:00.000Z', '2093-04-30T11:15:00.000Z'],
    ['Pacific/Kiritimati', '2093-12', '2093-11-30T10:00:00.000Z', '2093-12-31T10:00:00.000Z'],
    ['Europe/Berlin', '2093-03', '2093-02-28T23:00:00.000Z', '2093-03-31T22:00:00.000Z'],
    ['UTC', '2093-12', '2093-12-01T00:00:00.000Z', '2094-01-01T00:00:00.000Z'],
  ])('given %s, when %s is bounded, then it runs from %s to %s', (zone, month, from, to) => {
    const range = monthRange(month, zone);

    expect([range.from.toISOString(), range.to.toISOString()]).toEqual([from, to]);
  });

  it('given a Havana case opened at 00:30 on 1 November 2093 before the clock went back, when November is exported with the clock in winter, then the case is bounded into November', () => {
    jest.useFakeTimers({ now: new Date('2093-01-15T12:00:00Z') });
    const november = billingExport('2093-11', [], new Date('2093-12-02T00:00:00Z'), [], 'America/Havana');
    const openedAt = new Date('2093-11-01T04:30:00Z').toISOString();

    expect(november.from <= openedAt && openedAt < november.to).toBe(true);
  });
});
