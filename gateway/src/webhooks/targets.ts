import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may be delivered. In production only public addresses:
 * never loopback, private, link-local (cloud metadata), unique-local,
 * multicast or unspecified ones, so a webhook cannot reach into the network
 * the gateway runs in (SSRF). Outside production loopback is allowed too, so
 * a developer (and the tests) can receive deliveries locally.
 */
export function isAllowedTarget(address: string, production: boolean): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  // IPv6 in production: global unicast (2000::/3) only, so no IPv4-compatible or other embedded form slips through.
  if (range === 'unicast') return parsed.kind() === 'ipv4' || !production || (parsed as ipaddr.IPv6).match(ipaddr.IPv6.parse('2000::'), 3);
  return !production && range === 'loopback';
}

/** Checks a URL a caller registers: http(s) with a host; https only in production. Returns a reason when refused. */
export function refuseWebhookUrl(url: string, production: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (parsed.protocol !== 'https:' && (production || parsed.protocol !== 'http:')) return production ? 'must use https' : 'must use http or https';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  if (url.length > 2_000) return 'is longer than 2000 characters';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && !isAllowedTarget(host, production)) return 'points at an address that is not public';
  return null;
}

/**
 * A DNS lookup for the delivering HTTP client that refuses names resolving
 * to addresses webhooks may not reach, checked at connection time, so a
 * name that resolves elsewhere after registration (DNS rebinding) is caught.
 */
export function checkedLookup(production: boolean) {
  return (hostname: string, options: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refused = list.find((entry) => !isAllowedTarget(entry.address, production));
      if (refused || list.length === 0) {
        // Said without the address, so the delivery log cannot be used to resolve internal names.
        const denied: NodeJS.ErrnoException = new Error(`webhook target ${hostname} does not resolve to a public address`);
        denied.code = 'EWEBHOOKTARGET';
        return callback(denied, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
