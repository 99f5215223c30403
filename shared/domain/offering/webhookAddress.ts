/** IPv4 ranges of this machine and of private networks, as [first octet, second-octet range]. */
const insideIpv4: readonly { first: number; second?: [number, number] }[] = [
  { first: 0 }, // "this network" (RFC 1122, 3.2.1.3)
  { first: 10 }, // private (RFC 1918)
  { first: 127 }, // loopback (RFC 1122)
  { first: 169, second: [254, 254] }, // link-local, the cloud metadata endpoints among them (RFC 3927)
  { first: 172, second: [16, 31] }, // private (RFC 1918)
  { first: 192, second: [168, 168] }, // private (RFC 1918)
];

function ipv4Inside(address: string): boolean {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet))) return false;
  const [first, second] = octets as [number, number, number, number];
  return insideIpv4.some(
    (range) => range.first === first && (!range.second || (second >= range.second[0] && second <= range.second[1])),
  );
}

function ipv6Inside(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === '::' || lower === '::1') return true;
  // IPv4-mapped (::ffff:127.0.0.1), as WHATWG URL parsing writes it in hex (::ffff:7f00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mapped) {
    const high = parseInt(mapped[1] ?? '0', 16);
    const low = parseInt(mapped[2] ?? '0', 16);
    return ipv4Inside(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  // Unique local fc00::/7 (RFC 4193) and link-local fe80::/10 (RFC 4291).
  return /^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower);
}

/**
 * Whether a URL's host is this machine or a private network rather than a public service: `localhost` and names
 * under it (RFC 6761, 6.3), with or without a trailing dot, IPv4 0/8, 10/8, 127/8, 169.254/16, 172.16/12 and
 * 192.168/16 (RFC 1122, RFC 1918, RFC 3927), IPv6 ::, ::1, fc00::/7 and fe80::/10 (RFC 4193, RFC 4291) and IPv4-mapped
 * forms of those. A Teams Workflows webhook is a public Microsoft endpoint; only a local test receiver is one of these.
 * A public name that resolves to a private address is not caught here (that needs the lookup itself). A URL that does
 * not parse is not inside.
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
  if (hostname.startsWith('[') && hostname.endsWith(']')) return ipv6Inside(hostname.slice(1, -1));
  return ipv4Inside(hostname);
}
