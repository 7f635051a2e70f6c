import type { TranscriptMessage } from '../../shared/ipc';

/**
 * How a spoken turn that waits for the connection appears in the transcript: under a stand-in
 * id where it was made (it has no server item yet), as its length, until the server commits it.
 */
export function waitingSpeech(placeholderId: string, durationMs: number): TranscriptMessage {
  return {
    role: 'user',
    itemId: placeholderId,
    text: speechLength(durationMs),
    final: false,
    waiting: true,
  };
}

/** The server committed the waiting turn: from now on its entry is this item. */
export function committedSpeech(
  itemId: string,
  placeholderId: string,
  durationMs: number,
): TranscriptMessage {
  return {
    role: 'user',
    itemId,
    text: speechLength(durationMs),
    final: false,
    replaces: placeholderId,
  };
}

function speechLength(durationMs: number): string {
  return `🎙 ${(durationMs / 1000).toFixed(1)} s of speech`;
}
