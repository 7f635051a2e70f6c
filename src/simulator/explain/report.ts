import type { Finding } from './finding';

/** A finding in plain words, for a terminal: what happened, what the service does, the fix. */
export function findingText(finding: Finding): string {
  const where = finding.event
    ? `event #${finding.event.position}${finding.event.type ? ` (${finding.event.type}` : ' ('}${
        finding.event.eventId ? `, event_id "${finding.event.eventId}"` : ', no event_id'
      })`
    : 'the connection';
  return [
    `[explain] connection ${finding.connection}, ${where}, ${(finding.atMs / 1000).toFixed(1)} s in:`,
    `  What happened: ${finding.what}`,
    `  The real service: ${finding.service}`,
    `  Fix: ${finding.fix}`,
    '',
  ].join('\n');
}

/** A finding as one JSON line (no newlines inside), for scripts and bug reports. */
export function findingJsonLine(finding: Finding): string {
  return `${JSON.stringify({
    finding: finding.code,
    connection: finding.connection,
    event_position: finding.event?.position ?? null,
    event_type: finding.event?.type ?? null,
    event_id: finding.event?.eventId ?? null,
    what: finding.what,
    service: finding.service,
    fix: finding.fix,
    at_ms: finding.atMs,
  })}\n`;
}
