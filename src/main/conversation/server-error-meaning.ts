import { isPermanentErrorCode, type ServerErrorInfo } from '../engine/diagnose';

/** What a server error means to the conversation (every kind but `ignore` and `reply-busy` is shown). */
export type ServerErrorMeaning =
  /** A reply is already under way: the response sequencer asks again once it is done. */
  | 'reply-busy'
  /** Nothing for the conversation to do or show: a harmless race, or the link handles it. */
  | 'ignore'
  /** The spoken turn's commit was refused: its reply will not come. */
  | 'commit-refused'
  /** The request for a reply was refused: it will not come. */
  | 'reply-refused'
  /** Anything else: shown, nothing undone. */
  | 'report';

export function serverErrorMeaning(
  error: Pick<ServerErrorInfo, 'code' | 'causedBy'>,
): ServerErrorMeaning {
  if (error.code === 'conversation_already_has_active_response') return 'reply-busy';
  if (error.code === 'response_cancel_not_active') return 'ignore'; // a harmless race
  if (error.code === 'session_expired') return 'ignore'; // the close follows; the link reconnects
  if (isPermanentErrorCode(error.code)) return 'ignore'; // the link ends the session and says why
  if (error.causedBy === 'input_audio_buffer.commit') return 'commit-refused';
  if (error.causedBy === 'response.create') return 'reply-refused';
  return 'report';
}
