import { pointsInside } from '../../../shared/domain/offering/webhookAddress';

describe('whether a webhook URL points at this machine or a private network', () => {
  it.each([
    'http://localhost:7071/hook',
    'https://LOCALHOST/hook',
    'https://desk.localhost/hook',
    'http://127.0.0.1:4000/hook',
    'https://127.1.2.3/hook',
    'https://0.0.0.0/hook',
    'https://10.0.0.5/hook',
    'https://172.16.0.1/hook',
    'https://172.31.255.255/hook',
    'https://192.168.1.20/hook',
    'http://169.254.169.254/metadata/instance',
    'https://[::1]/hook',
    'https://[::]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:10.1.2.3]/hook',
    'https://[fd12:3456::1]/hook',
    'https://[fe80::1]/hook',
  ])('given %s, then it is inside', (url) => {
    expect(pointsInside(url)).toBe(true);
  });

  it.each([
    'https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=x',
    'https://contoso.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/abc',
    'https://172.32.0.1/hook',
    'https://172.15.0.1/hook',
    'https://192.169.0.1/hook',
    'https://11.0.0.1/hook',
    'https://[2603:1030:20c::1]/hook',
    'https://[::ffff:8.8.8.8]/hook',
    'not a url',
  ])('given %s, then it is not inside', (url) => {
    expect(pointsInside(url)).toBe(false);
  });
});
