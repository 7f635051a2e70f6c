/**
 * Token estimates for GPT-Live's limits. The field measured the 500-token append limit at
 * about 1,756 characters accepted and 1,900 refused, so ~3.6 characters per token: 1,800
 * characters is exactly 500. The backend's usage counts ~4 characters per token, as the
 * Realtime side does.
 */
export const liveTokens = (text: string): number => Math.ceil((text.length * 5) / 18);
export const backendTokens = (text: string): number => Math.ceil(text.length / 4);

export const APPEND_TOKEN_LIMIT = 500;
export const INSTRUCTIONS_TOKEN_LIMIT = 16_384;
export const INPUT_MESSAGE_LIMIT = 128;
export const INPUT_TOKEN_LIMIT = 8_192;
