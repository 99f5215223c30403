import { addressInside, pointsInside } from '../../../shared/domain/offering/webhookAddress';

/*
 * A tenant's Teams webhook must be a public service: not carrier-grade NAT, not Azure's platform address, not a
 * multicast, broadcast or reserved range, and not an IPv6 form that carries such an IPv4 address (IPv4-compatible,
 * IPv4-translated, NAT64, 6to4, Teredo). Teredo addresses here carry server 65.54.227.120 (public) unless said, and the
 * client's IPv4 inverted in the last 32 bits (RFC 4380, 4).
 */

describe('webhook URLs in ranges a public service never uses', () => {
  it.each([
    ['https://100.64.0.1/hook', 'carrier-grade NAT (RFC 6598), first address'],
    ['https://100.127.255.254/hook', 'carrier-grade NAT (RFC 6598), last host'],
    ['http://168.63.129.16/?comp=versions', "Azure's platform address (WireServer)"],
    ['https://168.63.129.16:32526/hook', "Azure's platform address on the VM agent's port"],
    ['https://224.0.0.1/hook', 'IPv4 multicast (RFC 5771)'],
    ['https://239.255.255.250/hook', 'IPv4 multicast, administratively scoped'],
    ['https://255.255.255.255/hook', 'limited broadcast (RFC 919)'],
    ['https://240.0.0.1/hook', 'reserved for future use (RFC 1112)'],
    ['https://192.0.0.8/hook', 'IETF protocol assignments (RFC 6890)'],
    ['https://192.0.2.10/hook', 'TEST-NET-1 (RFC 5737)'],
    ['https://198.18.0.1/hook', 'benchmarking (RFC 2544)'],
    ['https://198.51.100.7/hook', 'TEST-NET-2 (RFC 5737)'],
    ['https://203.0.113.9/hook', 'TEST-NET-3 (RFC 5737)'],
    ['https://[ff02::1]/hook', 'IPv6 multicast, link scope'],
    ['https://[ff05::2]/hook', 'IPv6 multicast, site scope'],
    ['https://[::127.0.0.1]/hook', 'IPv4-compatible loopback (RFC 4291, 2.5.5.1)'],
    ['https://[::10.0.0.1]/hook', 'IPv4-compatible private'],
    ['https://[::a9fe:a9fe]/metadata', 'IPv4-compatible metadata endpoint, in hex'],
    ['https://[::ffff:0:7f00:1]/hook', 'IPv4-translated loopback (RFC 7915)'],
    ['https://[::ffff:100.64.0.1]/hook', 'IPv4-mapped carrier-grade NAT'],
    ['https://[::ffff:168.63.129.16]/hook', 'IPv4-mapped Azure platform address'],
    ['https://[64:ff9b::127.0.0.1]/hook', 'NAT64 of loopback (RFC 6052)'],
    ['https://[64:ff9b::a9fe:a9fe]/metadata', 'NAT64 of the metadata endpoint'],
    ['https://[64:ff9b::10.1.2.3]/hook', 'NAT64 of a private address'],
    ['https://[64:ff9b::168.63.129.16]/hook', "NAT64 of Azure's platform address"],
    ['https://[64:ff9b:1::1]/hook', 'local-use NAT64 (RFC 8215)'],
    ['https://[2002:7f00:1::1]/hook', '6to4 of loopback (RFC 3056)'],
    ['https://[2002:a00:1::1]/hook', '6to4 of 10.0.0.1'],
    ['https://[2002:a9fe:a9fe::]/metadata', '6to4 of the metadata endpoint'],
    ['https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook', 'Teredo with client 127.0.0.1'],
    ['https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hook', 'Teredo with client 10.0.0.1'],
    ['https://[2001:0:a00:1:8000:63bf:f7f7:f7f7]/hook', 'Teredo with server 10.0.0.1'],
    ['https://[2001:db8::1]/hook', 'IPv6 documentation (RFC 3849)'],
    ['https://[3fff::1]/hook', 'IPv6 documentation (RFC 9637)'],
    ['https://[100::1]/hook', 'IPv6 discard-only (RFC 6666)'],
    ['https://[fec0::1]/hook', 'deprecated site-local (RFC 3879)'],
    ['https://[2001:2::1]/hook', 'IPv6 benchmarking (RFC 5180)'],
    ['http://localhost/hook', 'localhost (RFC 6761)'],
    ['https://teams.localhost./hook', 'a name under localhost, fully qualified'],
  ])('given %s (%s), when it is checked, then it is inside', (url) => {
    expect(pointsInside(url)).toBe(true);
  });

  it.each([
    ['https://prod-27.westeurope.logic.azure.com:443/workflows/0a1b/triggers/manual/paths/invoke?sig=x', 'Workflows'],
    ['https://contoso.webhook.office.com/webhookb2/0a1b@2c3d/IncomingWebhook/4e5f/6a7b', 'an Office 365 connector'],
    ['https://20.50.2.10/hook', 'an Azure public address'],
    ['https://13.107.6.152/hook', 'a Microsoft 365 address'],
    ['https://168.63.129.17/hook', "the neighbour of Azure's platform address"],
    ['https://100.63.255.255/hook', 'just below carrier-grade NAT'],
    ['https://100.128.0.0/hook', 'just above carrier-grade NAT'],
    ['https://223.255.255.254/hook', 'just below multicast'],
    ['https://[2603:1030:20c::1]/hook', 'an Azure IPv6 address'],
    ['https://[2620:1ec:4::152]/hook', 'a Microsoft 365 IPv6 address'],
    ['https://[::ffff:20.50.2.10]/hook', 'IPv4-mapped public'],
    ['https://[64:ff9b::20.50.2.10]/hook', 'NAT64 of a public address'],
    ['https://[2002:1432:20a::1]/hook', '6to4 of 20.50.2.10'],
    ['https://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/hook', 'Teredo with client 8.8.8.8'],
  ])('given %s (%s), when it is checked, then it is not inside', (url) => {
    expect(pointsInside(url)).toBe(false);
  });
});

describe('addresses a webhook host name resolves to', () => {
  it.each([
    '127.0.0.1',
    '10.20.30.40',
    '100.64.1.1',
    '168.63.129.16',
    '169.254.169.254',
    '::1',
    'fe80::1%eth0',
    'fd00::5',
  ])('given the resolved address %s, then it is inside', (address) => {
    expect(addressInside(address)).toBe(true);
  });

  it.each(['not-an-address', '', '010.0.0.1'])(
    'given %j, which is no address, then it is inside: where it leads cannot be told',
    (address) => {
      expect(addressInside(address)).toBe(true);
    },
  );

  it.each(['20.50.2.10', '52.112.0.1', '2603:1030:20c::1', '2620:1ec:4::152'])(
    'given the resolved address %s, then it is not inside',
    (address) => {
      expect(addressInside(address)).toBe(false);
    },
  );
});
