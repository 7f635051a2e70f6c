import { describe, expect, it } from 'vitest';
import { serverErrorMeaning } from '../../../src/main/conversation/server-error-meaning';

const error = (code: string | null, causedBy: string | null = null) => ({ code, causedBy });

describe('serverErrorMeaning', () => {
  it('a reply already under way is retried, not shown', () => {
    expect(
      serverErrorMeaning(error('conversation_already_has_active_response', 'response.create')),
    ).toBe('reply-busy');
  });

  it('races, expiry and permanent errors are left alone (the link handles the last two)', () => {
    expect(serverErrorMeaning(error('response_cancel_not_active', 'response.cancel'))).toBe(
      'ignore',
    );
    expect(serverErrorMeaning(error('session_expired'))).toBe('ignore');
    expect(serverErrorMeaning(error('invalid_api_key', 'input_audio_buffer.commit'))).toBe(
      'ignore',
    );
  });

  it('a refused commit or reply request is undone; anything else is only shown', () => {
    expect(
      serverErrorMeaning(error('input_audio_buffer_commit_empty', 'input_audio_buffer.commit')),
    ).toBe('commit-refused');
    expect(serverErrorMeaning(error('invalid_value', 'response.create'))).toBe('reply-refused');
    expect(serverErrorMeaning(error('invalid_value', 'input_audio_buffer.append'))).toBe('report');
    expect(serverErrorMeaning(error(null))).toBe('report');
  });
});
