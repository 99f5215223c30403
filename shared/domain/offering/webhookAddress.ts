import type * as IpAddr from 'ipaddr.js';

let ipaddrLoaded: typeof IpAddr | undefined;

/**
 * ipaddr.js, loaded at its first use (an offering's webhook, an alert's post) rather than when the app loads, as luxon
 * is (serviceHours/luxon.ts). In the package this require loads a bundle of its own (LAZY_PACKAGES in
 * scripts/package.js).
 */
function loadIpaddr(): typeof IpAddr {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ipaddrLoaded ??= require('ipaddr.js') as typeof IpAddr;
  return ipaddrLoaded;
}

/**
 * Azure's platform address (WireServer, Azure DNS, DHCP, load balancer probes): a public address that every Azure VM
 * and app reaches inside Azure, so a post there talks to the platform, not to a tenant's service
 * (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16). Microsoft documents no IPv6
 * equivalent of it.
 */
const azurePlatformAddress = '168.63.129.16';

/**
 * The IPv6 ranges ipaddr.js names that IANA marks globally reachable besides plain unicast: AMT 2001:3::/32, AS112-v6
 * 2001:4:112::/48 and 2620:4f:8000::/48, ORCHIDv2 2001:20::/28, DET 2001:30::/28
 * (https://www.iana.org/assignments/iana-ipv6-special-registry). The translation forms (64:ff9b::/96, 2002::/16,
 * 2001::/32) are judged by the IPv4 address they carry instead.
 */
const globalIpv6Ranges: ReadonlySet<string> = new Set([
  'unicast',
  'amt',
  'as112v6',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
]);

/** The NAT64 well-known prefix (RFC 6052, 2.1); ipaddr.js puts the local-use 64:ff9b:1::/48 in the same range. */
const nat64WellKnown = '64:ff9b::/96';

const ipv4From = (high: number, low: number): IpAddr.IPv4 =>
  new (loadIpaddr().IPv4)([(high >> 8) & 255, high & 255, (low >> 8) & 255, low & 255]);

function ipv4Inside(address: IpAddr.IPv4): boolean {
  return address.range() !== 'unicast' || address.toString() === azurePlatformAddress;
}

function ipv6Inside(address: IpAddr.IPv6): boolean {
  const [, second = 0, third = 0, fourth = 0, , , seventh = 0, eighth = 0] = address.parts;
  const range: string = address.range();
  // ::ffff:a.b.c.d (RFC 4291, 2.5.5.2) and ::ffff:0:a.b.c.d (RFC 7915, 4.2 (formerly RFC 6145)).
  if (range === 'ipv4Mapped' || range === 'rfc6145') return ipv4Inside(ipv4From(seventh, eighth));
  // 64:ff9b::a.b.c.d (RFC 6052, 2.2); the local-use 64:ff9b:1::/48 (RFC 8215) is never globally reachable.
  if (range === 'rfc6052')
    return !address.match(loadIpaddr().parseCIDR(nat64WellKnown)) || ipv4Inside(ipv4From(seventh, eighth));
  // 2002:aabb:ccdd::/48 carries its 6to4 router's IPv4 a.b.c.d in bits 16-47 (RFC 3056, 2).
  if (range === '6to4') return ipv4Inside(ipv4From(second, third));
  // 2001:0:server:flags:port:client, the client's IPv4 inverted (RFC 4380, 4): either end may be the one inside.
  if (range === 'teredo') {
    return ipv4Inside(ipv4From(third, fourth)) || ipv4Inside(ipv4From(~seventh & 0xffff, ~eighth & 0xffff));
  }
  // ::a.b.c.d, IPv4-compatible (RFC 4291, 2.5.5.1), :: and ::1 among them (0.0.0.0 and 0.0.0.1: "this network").
  if (address.parts.slice(0, 6).every((part) => part === 0)) return ipv4Inside(ipv4From(seventh, eighth));
  return !globalIpv6Ranges.has(range);
}

/**
 * Whether an IP address (as a DNS lookup answers it: dotted IPv4 or IPv6 text, no brackets) is on this machine, a
 * private or special network, or Azure's platform rather than a public service. Acceptable are only IPv4 addresses
 * ipaddr.js calls 'unicast' (none of 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24,
 * 192.31.196/24, 192.52.193/24, 192.88.99/24, 192.168/16, 192.175.48/24, 198.18/15, 198.51.100/24, 203.0.113/24,
 * 224/4, 240/4: RFC 6890, https://www.iana.org/assignments/iana-ipv4-special-registry) other than 168.63.129.16, and
 * IPv6 addresses in a globally reachable range (https://www.iana.org/assignments/iana-ipv6-special-registry). IPv6
 * forms that carry an IPv4 address (IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64, 6to4, Teredo) are judged by
 * it. An address that does not parse is inside: where it leads cannot be told.
 */
export function addressInside(address: string): boolean {
  const ipaddr = loadIpaddr();
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return ipv4Inside(ipaddr.IPv4.parse(address));
  if (ipaddr.IPv6.isValid(address)) return ipv6Inside(ipaddr.IPv6.parse(address));
  return true;
}

/**
 * Whether a URL's host is this machine, a private or special network, or Azure's platform rather than a public service:
 * `localhost` and names under it (RFC 6761, 6.3), with or without a trailing dot, and every IP address `addressInside`
 * refuses, however the URL spells it (WHATWG URL parsing turns 0x7f.1 into 127.0.0.1). A Teams Workflows webhook is a
 * public Microsoft endpoint; only a local test receiver is one of these. Pure: a DNS name is not looked up, so one that
 * resolves to an inside address passes here; the Teams poster checks what the name resolves to when it posts. A URL
 * that does not parse is not inside.
 */
export function pointsInside(url: string): boolean {
  let hostname: string;
  try {
    // A trailing dot names the same host as a fully qualified name: `localhost.` is `localhost` (RFC 1034, 3.1).
    hostname = new URL(url).hostname.toLowerCase().replace(/\.+$/, '');
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname.startsWith('[') && hostname.endsWith(']')) return addressInside(hostname.slice(1, -1));
  return loadIpaddr().IPv4.isValidFourPartDecimal(hostname) && addressInside(hostname);
}
