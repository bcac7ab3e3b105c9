// Which peer addresses to believe: CIDR matching for trusted proxies and the loopback check of no-auth mode.
import ipaddr from "ipaddr.js";

/** Parses an address, unwrapping IPv4-mapped IPv6 (::ffff:10.0.0.1) so IPv4 rules match it. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  // Only the canonical forms a socket reports: no 0x0a000001 or 167772161 shorthands.
  const valid = bare.includes(":") ? ipaddr.IPv6.isValid(bare) : ipaddr.IPv4.isValidFourPartDecimal(bare);
  return valid ? ipaddr.process(bare) : undefined;
}

/** Whether `address` lies inside any of the IPs / CIDR blocks in `trusted` (AUTH_TRUSTED_PROXIES). */
export function isTrustedPeer(address: string | null | undefined, trusted: readonly string[]): boolean {
  if (!address) return false;
  const peer = parseAddress(address);
  if (peer === undefined) return false;
  return trusted.some((entry) => {
    try {
      const [range, bits] = entry.includes("/") ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), undefined];
      if (peer.kind() !== range.kind()) return false;
      return peer.match(range, bits ?? (range.kind() === "ipv4" ? 32 : 128));
    } catch {
      // config.ts validates the list's shape; an entry ipaddr.js still rejects matches nothing.
      return false;
    }
  });
}

/** 127.0.0.0/8 or ::1 (also as ::ffff:127.0.0.1): the only peers AUTH_MODE=none serves. */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  if (address.trim().toLowerCase() === "localhost") return true;
  const parsed = parseAddress(address);
  return parsed !== undefined && parsed.range() === "loopback";
}
