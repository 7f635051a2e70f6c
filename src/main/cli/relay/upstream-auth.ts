/** Where the relay connects and how it proves who it is, from the URL and the environment. */
export type UpstreamAuth =
  | { url: string; headers: Record<string, string>; key: string; keyVariable: string }
  | { problem: string };

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

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
