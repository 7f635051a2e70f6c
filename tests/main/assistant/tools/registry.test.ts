import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_OUTPUT_CHARS, ToolRegistry } from '../../../../src/main/assistant/tools/registry';
import { defineTool } from '../../../../src/main/assistant/tools/tool';

const echo = defineTool({
  name: 'echo',
  description: 'Echo a word.',
  parameters: z.object({
    word: z.string().min(1),
    times: z.number().int().min(1).max(3).default(1),
  }),
  approval: 'auto',
  describe: ({ word }) => `Echo ${word}`,
  run: ({ word, times }) => word.repeat(times),
});

function prepared(registry: ToolRegistry, name: string, args: string) {
  const result = registry.prepare(name, args);
  if (!result.ok) throw new Error(result.output);
  return result.call;
}

describe('ToolRegistry', () => {
  it('declares each tool with a JSON schema made from its zod parameters', () => {
    const [declaration] = new ToolRegistry([echo]).declarations();
    expect(declaration).toMatchObject({
      type: 'function',
      name: 'echo',
      description: 'Echo a word.',
    });
    const schema = declaration!.parameters as Record<string, unknown>;
    expect(schema.$schema).toBeUndefined();
    expect(schema).toMatchObject({
      type: 'object',
      properties: {
        word: { type: 'string', minLength: 1 },
        times: { type: 'integer', maximum: 3 },
      },
      required: ['word'],
    });
  });

  it('rejects invalid and duplicate names', () => {
    const registry = new ToolRegistry([echo]);
    expect(() => registry.register(echo)).toThrow(/already/);
    expect(() => registry.register({ ...echo, name: 'has space' })).toThrow(/Invalid tool name/);
  });

  it('validates arguments and applies defaults', async () => {
    const registry = new ToolRegistry([echo]);
    const call = prepared(registry, 'echo', '{"word":"hi","times":2}');
    expect(call.summary).toBe('Echo hi');
    expect(await registry.execute(call)).toEqual({
      ok: true,
      output: '{"result":"hihi"}',
      summary: 'Echo hi',
    });
    expect((await registry.execute(prepared(registry, 'echo', '{"word":"a"}'))).output).toBe(
      '{"result":"a"}',
    );
  });

  it.each([
    ['unknown tool', 'nope', '{}', /no tool named "nope"/],
    ['malformed JSON', 'echo', '{"word":', /not valid JSON/],
    ['wrong type', 'echo', '{"word":5}', /Invalid arguments/],
    ['out of range', 'echo', '{"word":"a","times":9}', /Invalid arguments/],
    ['an array', 'echo', '[1]', /Invalid arguments/],
  ])('turns %s into an error result for the model', (_label, name, args, message) => {
    const result = new ToolRegistry([echo]).prepare(name, args);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(JSON.parse(result.output).error).toMatch(message);
  });

  it('reports a throwing tool as an error result', async () => {
    const registry = new ToolRegistry([
      defineTool({
        ...echo,
        name: 'boom',
        run: () => {
          throw new Error('disk on fire');
        },
      }),
      defineTool({ ...echo, name: 'reject', run: () => Promise.reject(new Error('nope')) }),
    ]);
    for (const name of ['boom', 'reject']) {
      const result = await registry.execute(prepared(registry, name, '{"word":"x"}'));
      expect(result.ok).toBe(false);
      expect(JSON.parse(result.output).error).toMatch(/The tool failed: (disk on fire|nope)/);
    }
  });

  it('stops waiting for a tool after its timeout and aborts its signal', async () => {
    let aborted = false;
    const registry = new ToolRegistry([
      defineTool({
        ...echo,
        name: 'slow',
        timeoutMs: 30,
        run: (_args, { signal }) =>
          new Promise((resolve) => {
            signal.addEventListener('abort', () => (aborted = true));
            setTimeout(resolve, 5_000).unref();
          }),
      }),
    ]);
    const result = await registry.execute(prepared(registry, 'slow', '{"word":"x"}'));
    expect(result.ok).toBe(false);
    expect(JSON.parse(result.output).error).toMatch(/did not finish within 0.03 s/);
    expect(aborted).toBe(true);
  });

  it('cancels a call when the caller aborts', async () => {
    const registry = new ToolRegistry([
      defineTool({ ...echo, name: 'hang', run: () => new Promise(() => undefined) }),
    ]);
    const controller = new AbortController();
    const pending = registry.execute(prepared(registry, 'hang', '{"word":"x"}'), controller.signal);
    controller.abort();
    expect(JSON.parse((await pending).output).error).toMatch(/cancelled/);
  });

  it('cuts a very long result so the model is not flooded', async () => {
    const registry = new ToolRegistry([
      defineTool({ ...echo, name: 'long', run: () => 'x'.repeat(50_000) }),
    ]);
    const result = await registry.execute(prepared(registry, 'long', '{"word":"x"}'));
    expect(result.output.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
    expect(JSON.parse(result.output).truncated).toMatch(/50000 characters/);
  });
});
