import { pointsInside } from '../../../shared/domain/offering/webhookAddress';

describe('webhook URLs that spell this machine or a private network unusually', () => {
  it.each([
    'https://localhost./hook',
    'https://LOCALHOST./hook',
    'https://localhost.:8443/hook',
    'https://desk.localhost./hook',
    'https://localhost../hook',
  ])('given %s (a fully qualified name with its trailing dot), then it is inside', (url) => {
    expect(pointsInside(url)).toBe(true);
  });

  it.each([
    'http://2130706433/hook',
    'http://0x7f.1/hook',
    'http://127.1/hook',
    'http://0177.0.0.1/hook',
    'http://0x7f000001/hook',
    'http://127.000.000.001/hook',
    'http://127.0.0.1./hook',
    'http://0/hook',
    'http://0x0a000001/hook',
    'https://evil.example@127.0.0.1/hook',
    'https://127%2e0%2e0%2e1/hook',
    'https://127。0。0。1/hook',
    'https://ｌｏｃａｌｈｏｓｔ/hook',
    'https://[0:0:0:0:0:ffff:127.0.0.1]/hook',
    'https://[::ffff:7f00:0001]/hook',
    'https://[::0.0.0.1]/hook',
    'https://[::ffff:a9fe:a9fe]/metadata',
    'https://[FEBF::1]/hook',
  ])('given %s, which URL parsing turns into a loopback or private host, then it is inside', (url) => {
    expect(pointsInside(url)).toBe(true);
  });

  it.each(['https://127.0.0.1@evil.example/hook', 'https://localhost.evil.example/hook', 'https://evil.example./hook'])(
    'given %s, whose host is a public name, then it is not inside',
    (url) => {
      expect(pointsInside(url)).toBe(false);
    },
  );
});
