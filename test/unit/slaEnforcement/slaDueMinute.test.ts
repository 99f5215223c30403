import { slaDueMinute } from '../../../shared/ports/slaDueIndex';

describe('due-time index minute', () => {
  it('given an instant, then it is filed under its UTC minute as yyyyMMddHHmm', () => {
    expect(slaDueMinute('2035-01-08T09:45:30.123Z')).toBe('203501080945');
  });

  it('given an instant with an offset, then the minute is still the UTC one, so entries sort by time', () => {
    expect(slaDueMinute('2035-01-08T10:45:00+01:00')).toBe('203501080945');
    expect(slaDueMinute('2035-01-08T09:59:59.999Z') < slaDueMinute('2035-01-08T10:00:00.000Z')).toBe(true);
  });
});
