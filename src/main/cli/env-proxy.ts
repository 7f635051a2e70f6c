import { isIPv4 } from 'node:net';
import { ProxyAgent } from 'proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** The doctor's proxy agent, which can also say which proxy it last used. */
export interface EnvProxyAgent extends ProxyAgent {
  /** The proxy the latest connection used ("http://proxy:3128"), or null when direct. */
  readonly lastProxy: string | null;
}

/** Only literal loopback addresses: `127.0.0.1.nip.io` is a remote host. */
function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

/**
 * The proxy for a Realtime URL from the environment, or null for a direct connection.
 * The doctor runs under plain Node, where there is no system resolver: it follows the
 * environment like curl and npm do — HTTPS_PROXY for wss://, HTTP_PROXY for ws://,
 * ALL_PROXY for both, NO_PROXY for the exceptions (lower or upper case), read from
 * process.env by proxy-from-env, the resolver proxy-agent itself uses. Loopback (the
 * embedded simulator) is always direct, as in the app.
 */
export function proxyFromEnv(url: string): { url: string; variable: string } | null {
  const parsed = new URL(url);
  if (isLoopback(parsed.hostname)) return null;
  // WebSocket URLs take the proxy of their HTTP counterparts, as in browsers.
  const http = parsed.protocol === 'ws:' || parsed.protocol === 'http:' ? 'http' : 'https';
  parsed.protocol = `${http}:`;
  const proxy = getProxyForUrl(parsed.href);
  return proxy ? { url: proxy, variable: variableFor(http) } : null;
}

/** Which variable proxy-from-env read (lower case first, then upper case). */
function variableFor(protocol: 'http' | 'https'): string {
  for (const base of [`${protocol}_proxy`, 'all_proxy'])
    for (const name of [base, base.toUpperCase()]) if (process.env[name]) return name;
  return 'the environment';
}

/** An agent for `ws` that routes each connection as proxyFromEnv says. */
export function envProxyAgent(): EnvProxyAgent {
  let lastProxy: string | null = null;
  const agent = new ProxyAgent({
    getProxyForUrl: (url: string) => {
      lastProxy = proxyFromEnv(url)?.url ?? null;
      return lastProxy ?? '';
    },
  });
  return Object.defineProperty(agent, 'lastProxy', { get: () => lastProxy }) as EnvProxyAgent;
}
