// What a request says about its client when it came through reverse proxies
// we trust (TRUST_PROXY=true): the client's address, whether it used https,
// and the host it asked for. The only owner of the X-Forwarded-* headers.
//
// Each proxy appends what it saw to the right of a forwarded header, after
// whatever the client itself wrote. So with `hops` trusted proxies in front
// of us, the entry `hops` from the right was written by the outermost of
// them: the real client's address. Everything to its left is the client's
// own writing and could be anything. A header with fewer entries than there
// are hops did not pass through every proxy we expect and is not trusted.
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

export interface ProxySettings {
  /** Whether reverse proxies stand in front of the server (TRUST_PROXY). */
  trustProxy: boolean;
  /** How many trusted proxies append to X-Forwarded-For (TRUST_PROXY_HOPS); default 1. */
  trustedProxyHops?: number;
}

/** The proxy settings alone, so no other service rides along into a request's facts. */
export function proxySettingsOf(settings: ProxySettings): ProxySettings {
  return { trustProxy: settings.trustProxy, trustedProxyHops: settings.trustedProxyHops };
}

type HeaderSource = Headers | IncomingHttpHeaders;

// Yoga's requests carry @whatwg-node's Headers, not the global class: told apart by shape.
const isFetchHeaders = (headers: HeaderSource): headers is Headers => typeof (headers as Partial<Headers>).get === 'function';

/** A header's value; repeated headers count as one comma-separated list, as HTTP defines. */
function headerOf(headers: HeaderSource, name: string): string | undefined {
  if (isFetchHeaders(headers)) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The entry the outermost trusted proxy wrote into a forwarded header, or undefined when it is not to be trusted. */
export function trustedForwardedValue(headers: HeaderSource, name: string, proxy: ProxySettings): string | undefined {
  if (!proxy.trustProxy) return undefined;
  const value = headerOf(headers, name);
  if (value === undefined) return undefined;
  const entries = value.split(',').map((entry) => entry.trim());
  const hops = proxy.trustedProxyHops ?? 1;
  return entries.length >= hops ? entries[entries.length - hops] || undefined : undefined;
}

/**
 * The client's IP address: the one the trusted proxy saw, else the socket's peer. Some proxies write
 * the client's port too (`192.0.2.1:4711`, `[2001:db8::1]:4711`): the address is what counts, or every
 * client behind such a proxy would share the proxy's own address and its limits.
 */
export function clientAddress(headers: HeaderSource, socketAddress: string | null, proxy: ProxySettings): string | null {
  const forwarded = trustedForwardedValue(headers, 'x-forwarded-for', proxy);
  const address = forwarded === undefined ? undefined : withoutPort(forwarded);
  return address !== undefined && isIP(address) !== 0 ? address : socketAddress;
}

function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed?.[1]) return bracketed[1];
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  return ipv4WithPort?.[1] ?? entry;
}

/** Whether the client reached us over https: directly, or through a trusted proxy that says so. */
export function cameOverHttps(headers: HeaderSource, encryptedSocket: boolean, proxy: ProxySettings): boolean {
  return encryptedSocket || trustedForwardedValue(headers, 'x-forwarded-proto', proxy)?.toLowerCase() === 'https';
}

/** The host the client asked for (lower case): the trusted proxy's X-Forwarded-Host, else Host. */
export function requestedHost(headers: HeaderSource, proxy: ProxySettings): string | undefined {
  return (trustedForwardedValue(headers, 'x-forwarded-host', proxy) ?? headerOf(headers, 'host'))?.toLowerCase();
}
