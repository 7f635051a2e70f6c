import { isIPv4 } from 'node:net';

/** Where the relay connects and how it proves who it is, from the URL and the environment. */
export type UpstreamAuth =
  | { url: string; headers: Record<string, string>; key: string; keyVariable: string }
  | { problem: string };

/** Only literal loopback addresses: `127.0.0.1.nip.io` or `127.evil.example` are not. */
function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

/** Query parameters that carry credentials: the relay adds the key itself. */
const SECRET_PARAMS =
  /^(api[-_]?key|key|token|access[-_]?token|auth|authorization|secret|client[-_]?secret|sig)$/i;

export function upstreamAuth(raw: string, env: NodeJS.ProcessEnv): UpstreamAuth {
  if (!raw) return { problem: '--relay needs the service URL.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: `--relay: "${raw}" is not a URL.` };
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:')
    return { problem: '--relay: the URL must start with wss:// (or ws:// on this machine).' };
  // The key must not cross a network in clear text.
  if (url.protocol === 'ws:' && !isLoopback(url.hostname))
    return {
      problem:
        '--relay: ws:// is allowed only to this machine; use wss:// so the key is encrypted.',
    };
  if (url.username || url.password)
    return { problem: '--relay: leave credentials out of the URL.' };
  for (const name of url.searchParams.keys())
    if (SECRET_PARAMS.test(name))
      return {
        problem: `--relay: leave credentials out of the URL (${name}); the relay adds the key from the environment.`,
      };
  const azure = url.hostname.endsWith('.openai.azure.com');
  const keyVariable = azure && env.AZURE_OPENAI_API_KEY ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
  const key = (env[keyVariable] ?? '').trim();
  if (!key)
    return {
      problem: `set ${azure ? 'AZURE_OPENAI_API_KEY or OPENAI_API_KEY' : 'OPENAI_API_KEY'} to the key the relay should add (the client needs none).`,
    };
  const headers: Record<string, string> = azure
    ? { 'api-key': key }
    : { Authorization: `Bearer ${key}` };
  return { url: url.href, headers, key, keyVariable };
}
