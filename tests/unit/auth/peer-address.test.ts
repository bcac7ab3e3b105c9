// Which TCP peers are believed: AUTH_TRUSTED_PROXIES (IPs and CIDRs) and the loopback check of AUTH_MODE=none.
import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isTrustedPeer } from "@/lib/auth/peer-address";

describe("isTrustedPeer", () => {
  const trusted = ["10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1"];

  it("accepts addresses inside a CIDR block or equal to a listed IP", () => {
    expect(isTrustedPeer("10.20.30.40", trusted)).toBe(true);
    expect(isTrustedPeer("192.168.1.7", trusted)).toBe(true);
    expect(isTrustedPeer("fd12:3456::1", trusted)).toBe(true);
    expect(isTrustedPeer("::1", trusted)).toBe(true);
  });

  it("matches IPv4-mapped IPv6 peers (how Node reports IPv4 on a dual-stack socket) against IPv4 rules", () => {
    expect(isTrustedPeer("::ffff:10.1.2.3", trusted)).toBe(true);
    expect(isTrustedPeer("::ffff:192.168.1.8", trusted)).toBe(false);
  });

  it("rejects addresses just outside a block and other hosts", () => {
    expect(isTrustedPeer("11.0.0.1", trusted)).toBe(false);
    expect(isTrustedPeer("192.168.1.8", trusted)).toBe(false);
    expect(isTrustedPeer("fe80::1", trusted)).toBe(false);
    expect(isTrustedPeer("127.0.0.1", trusted)).toBe(false);
  });

  it("rejects a missing or malformed peer, and everything when the list is empty", () => {
    expect(isTrustedPeer(undefined, trusted)).toBe(false);
    expect(isTrustedPeer("", trusted)).toBe(false);
    expect(isTrustedPeer("10.0.0.1, 1.2.3.4", trusted)).toBe(false);
    expect(isTrustedPeer("not-an-ip", trusted)).toBe(false);
    expect(isTrustedPeer("10.0.0.1", [])).toBe(false);
  });

  it("does not read the IPv4 shorthands some parsers accept (0x7f000001, 2130706433) as addresses", () => {
    expect(isTrustedPeer("0x0a000001", trusted)).toBe(false);
    expect(isTrustedPeer("167772161", trusted)).toBe(false);
  });
});

describe("isLoopbackAddress", () => {
  it("knows 127.0.0.0/8, ::1 and the IPv4-mapped form", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", "localhost"]) {
      expect(isLoopbackAddress(a), a).toBe(true);
    }
  });

  it("refuses every other address, including the wildcard 0.0.0.0 and ::", () => {
    for (const a of ["0.0.0.0", "::", "10.0.0.1", "192.168.0.10", "example.com", ""]) {
      expect(isLoopbackAddress(a), a).toBe(false);
    }
  });
});
