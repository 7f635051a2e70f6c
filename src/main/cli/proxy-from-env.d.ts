// proxy-from-env 2 ships no types: the one function used here.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from *_PROXY / NO_PROXY in process.env, or "" for none. */
  export function getProxyForUrl(url: string | URL): string;
}
