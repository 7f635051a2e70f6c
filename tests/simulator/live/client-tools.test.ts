import { describe, expect, it } from 'vitest';
import { namesClientTool } from '../../../src/simulator/live/client-tools';

describe('namesClientTool', () => {
  const tools = ['calculator', 'open_url'];

  it('finds "delegate" or a tool name as whole words, whatever the case and punctuation', () => {
    expect(namesClientTool('Please DELEGATE this.', tools)).toBe(true);
    expect(namesClientTool('use the calculator, thanks', tools)).toBe(true);
    expect(namesClientTool('can you open url example.com', tools)).toBe(true);
  });

  it('does not match inside a longer word, nor a tool the client did not declare', () => {
    expect(namesClientTool('the calculators are broken', tools)).toBe(false);
    expect(namesClientTool('what does the clock say', tools)).toBe(false);
    expect(namesClientTool('', tools)).toBe(false);
  });
});
