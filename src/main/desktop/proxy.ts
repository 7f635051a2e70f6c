import { ProxyAgent } from 'proxy-agent';
import { isLoopbackHost } from '../../shared/settings-schema';

/**
 * Turns the first usable entry of a PAC-style answer ("PROXY host:8080; DIRECT", what
 * Electron's session.resolveProxy returns) into a proxy URL, or "" for a direct connection.
 */
export function proxyUrlFromPac(pac: string): string {
  for (const entry of pac.split(';')) {
    const [kind = '', hostPort] = entry.trim().split(/\s+/);
    const scheme = PAC_SCHEMES[kind.toUpperCase()];
    if (kind.toUpperCase() === 'DIRECT') return '';
    if (scheme && hostPort && /^[\w.\-[\]:]+$/.test(hostPort)) return `${scheme}://${hostPort}`;
  }
  return '';
}

const PAC_SCHEMES: Record<string, string> = {
  PROXY: 'http',
  HTTP: 'http',
  HTTPS: 'https',
  SOCKS: 'socks4',
  SOCKS4: 'socks4',
  SOCKS5: 'socks5',
};

/** The proxy agent, which can also say which proxy the latest connection went through. */
export interface SystemProxyAgent extends ProxyAgent {
  /** The proxy the latest connection used ("http://proxy:3128"), or null when direct. */
  readonly lastProxy: string | null;
}

/**
 * An agent for `ws` that asks the system (Chromium's resolver: system settings, PAC files,
 * WPAD) which proxy to use for each connection. The embedded simulator on loopback is
 * always reached directly.
 */
export function systemProxyAgent(
  resolveProxy: (url: string) => Promise<string>,
  log: (message: string) => void = () => undefined,
): SystemProxyAgent {
  let lastProxy: string | null = null;
  const agent = new ProxyAgent({
    getProxyForUrl: async (url) => {
      const parsed = new URL(url);
      if (isLoopbackHost(parsed.hostname)) return ((lastProxy = null), '');
      // Chromium resolves WebSocket URLs with the rules of their HTTP counterparts.
      parsed.protocol = parsed.protocol === 'ws:' ? 'http:' : 'https:';
      let proxy = '';
      try {
        proxy = proxyUrlFromPac(await resolveProxy(parsed.href));
      } catch (error) {
        log(`proxy lookup failed, connecting directly: ${String(error)}`);
      }
      lastProxy = proxy || null;
      return proxy;
    },
  });
  return Object.defineProperty(agent, 'lastProxy', { get: () => lastProxy }) as SystemProxyAgent;
}
