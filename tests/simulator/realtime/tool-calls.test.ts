import { describe, expect, it } from 'vitest';
import {
  chooseToolCall,
  mcpNeedsApproval,
  runMcpTool,
} from '../../../src/simulator/realtime/tool-calls';
import { argumentsFor } from '../../../src/simulator/tool-arguments';
import type { DeclaredTool } from '../../../src/simulator/realtime/wire-schemas';

const fn = (name: string, parameters: Record<string, unknown> = {}): DeclaredTool => ({
  type: 'function',
  name,
  parameters,
});

describe('deterministic tool choice', () => {
  const tools = [fn('get_weather'), fn('set_timer'), fn('play')];

  it('calls the tool named earliest in the message, as a whole word, in any case or spacing', () => {
    expect(chooseToolCall('please SET TIMER then get-weather', tools, 'auto')).toMatchObject({
      name: 'set_timer',
    });
    expect(chooseToolCall('get_weather', tools, 'auto')).toMatchObject({ name: 'get_weather' });
    expect(chooseToolCall('display the replay', tools, 'auto')).toBeNull();
    expect(chooseToolCall('forget_weather', tools, 'auto')).toBeNull();
  });

  it('honours tool_choice none, required and a forced function', () => {
    expect(chooseToolCall('play', tools, 'none')).toBeNull();
    expect(chooseToolCall('nothing named', tools, 'required')).toMatchObject({
      name: 'get_weather',
    });
    expect(chooseToolCall('get_weather', tools, { type: 'function', name: 'play' })).toMatchObject({
      name: 'play',
    });
    expect(chooseToolCall('play', [], 'required')).toBeNull();
  });
});

describe('arguments from the message', () => {
  const schema = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      count: { type: 'integer' },
      ratio: { type: 'number' },
      loud: { type: 'boolean' },
      tags: { type: 'array' },
      mode: { type: 'string', enum: ['a', 'b'] },
      note: { type: ['string', 'null'], default: 'none' },
      extra: { type: 'string' },
    },
    required: ['city', 'count', 'loud', 'tags', 'mode'],
  };

  it('reads name=value and name: value, quoted or bare, converting to each type', () => {
    expect(
      argumentsFor(schema, "city: 'San José', count=3 ratio=0.5 loud=yes tags=x|y mode=b."),
    ).toEqual({
      city: 'San José',
      count: 3,
      ratio: 0.5,
      loud: true,
      tags: ['x', 'y'],
      mode: 'b',
      note: 'none',
    });
  });

  it('falls back to defaults, the first enum value and empty values for required properties', () => {
    expect(argumentsFor(schema, 'count=2.5 mode=z')).toEqual({
      city: '',
      count: 0,
      loud: false,
      tags: [],
      mode: 'a',
      note: 'none',
    });
  });

  it('prefers a JSON object in the message', () => {
    expect(
      argumentsFor(schema, 'do it {"city":"Lyon","count":9,"extra":"e"} city=Paris'),
    ).toMatchObject({ city: 'Lyon', count: 9, extra: 'e' });
  });
});

describe('canned MCP tools', () => {
  it('echo, add and any other tool', () => {
    expect(runMcpTool('echo', '{"text":"hi"}')).toBe('hi');
    expect(runMcpTool('add', '{"a":1.5,"b":2}')).toBe('3.5');
    expect(JSON.parse(runMcpTool('search', '{"q":"x"}'))).toEqual({
      tool: 'search',
      arguments: { q: 'x' },
    });
  });

  it('approval: required by default, never / always / per-tool filters', () => {
    const server = { type: 'mcp' as const, server_label: 's' };
    expect(mcpNeedsApproval(server, 'echo')).toBe(true);
    expect(mcpNeedsApproval({ ...server, require_approval: 'never' }, 'echo')).toBe(false);
    expect(
      mcpNeedsApproval(
        { ...server, require_approval: { never: { tool_names: ['echo'] } } },
        'echo',
      ),
    ).toBe(false);
    expect(
      mcpNeedsApproval({ ...server, require_approval: { never: { tool_names: ['echo'] } } }, 'add'),
    ).toBe(true);
    expect(
      mcpNeedsApproval({ ...server, require_approval: { always: { tool_names: ['add'] } } }, 'add'),
    ).toBe(true);
  });
});

describe('hostile tool schemas', () => {
  it('never throw: non-object properties, a non-array required or enum', () => {
    for (const schema of [
      null,
      5,
      'x',
      { properties: 5 },
      { properties: { a: null, b: 3, c: { type: 7 } }, required: 'a' },
      { properties: { a: { enum: 'abc' } }, required: ['a'] },
    ]) {
      expect(() => argumentsFor(schema, 'a=1 {"b": 2')).not.toThrow();
    }
    expect(argumentsFor({ properties: { a: { enum: 'abc' } }, required: ['a'] }, 'a=z')).toEqual({
      a: 'z',
    });
  });
});
