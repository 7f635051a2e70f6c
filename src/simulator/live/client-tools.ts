const words = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ');

/**
 * Whether the user's words name "delegate" or one of the client's tools, as whole words
 * (`open_url` matches "open url"): under client delegation, that makes the model delegate.
 */
export function namesClientTool(text: string, clientTools: readonly string[]): boolean {
  const said = ` ${words(text)} `;
  return ['delegate', ...clientTools].some((name) => said.includes(` ${words(name).trim()} `));
}
