/** Keys `--json` always carries (null only when a figure cannot be measured here, with why). */
export const REQUIRED_KEYS = [
  'encode_ratio_vs_wavtools',
  'encode_ratio_vs_beta',
  'encode_ratio_vs_agents',
  'decode_ratio_vs_wavtools',
  'decode_ratio_vs_beta',
  'decode_ratio_vs_agents',
  'idle_ipc_messages_per_s',
  'ipc_bytes_per_audio_byte',
  'added_latency_ms_p50',
  'added_latency_ms_p95',
  'barge_in_silence_ms',
  'reconnect_ms_p50',
  'lag_ms_p99',
  'rss_growth_mb_per_hour',
] as const;
