/**
 * How the simulator reads a tool call out of the user's words, for both protocols: where a
 * tool is named (`mentionAt`) and the arguments it is called with (`argumentsFor`). The
 * rules are in realtime/tool-calls.ts's header; GPT-Live's Responses delegation uses the same.
 */

/** Where `name` is said in `text` — case-insensitive, whole word, `_`/`-` also a space — or -1. */
export function mentionAt(text: string, name: string): number {
  const pattern = name
    .split(/[_\- ]/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[_\\- ]');
  const match = new RegExp(`(?<![A-Za-z0-9_])${pattern}(?![A-Za-z0-9_])`, 'i').exec(text);
  return match ? match.index : -1;
}

interface PropertySchema {
  type?: string | string[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
}

export function argumentsFor(schema: unknown, message: string): Record<string, unknown> {
  // The schema comes from the client: read it defensively.
  const object = isRecord(schema) ? schema : {};
  const properties = isRecord(object.properties) ? object.properties : {};
  const required = new Set(Array.isArray(object.required) ? object.required : []);
  const inline = embeddedJson(message);
  const args: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(properties)) {
    const property: PropertySchema = isRecord(raw) ? raw : {};
    if (inline && name in inline) {
      args[name] = inline[name];
      continue;
    }
    const said = namedValue(message, name);
    const converted = said === null ? undefined : convert(said, property);
    if (converted !== undefined) args[name] = converted;
    else if (property.default !== undefined) args[name] = property.default;
    else if (property.const !== undefined) args[name] = property.const;
    else if (Array.isArray(property.enum) && property.enum.length) args[name] = property.enum[0];
    else if (required.has(name)) args[name] = emptyOf(property);
  }
  return args;
}

function embeddedJson(message: string): Record<string, unknown> | null {
  const start = message.indexOf('{');
  const end = message.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  const parsed = safeJson(message.slice(start, end + 1));
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
}

function namedValue(message: string, name: string): string | null {
  const key = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(
    `(?<![A-Za-z0-9_])${key}\\s*[=:]\\s*(?:"([^"]*)"|'([^']*)'|([^\\s,;]+))`,
    'i',
  ).exec(message);
  if (!match) return null;
  return match[1] ?? match[2] ?? (match[3] ?? '').replace(/[.!?]+$/, '');
}

function typeOf(property: PropertySchema): string {
  const type = Array.isArray(property.type)
    ? property.type.find((t) => t !== 'null')
    : property.type;
  return typeof type === 'string' ? type : 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convert(value: string, property: PropertySchema): unknown {
  let converted: unknown;
  switch (typeOf(property)) {
    case 'number':
    case 'integer': {
      const n = Number(value);
      converted =
        Number.isFinite(n) && (typeOf(property) === 'number' || Number.isInteger(n))
          ? n
          : undefined;
      break;
    }
    case 'boolean':
      converted = /^(true|yes|on)$/i.test(value)
        ? true
        : /^(false|no|off)$/i.test(value)
          ? false
          : undefined;
      break;
    case 'array':
      converted = value.split('|').filter(Boolean);
      break;
    case 'object':
      converted = safeJson(value) ?? undefined;
      break;
    default:
      converted = value;
  }
  if (
    converted !== undefined &&
    Array.isArray(property.enum) &&
    !property.enum.includes(converted)
  ) {
    return undefined;
  }
  return converted;
}

function emptyOf(property: PropertySchema): unknown {
  switch (typeOf(property)) {
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      return '';
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
