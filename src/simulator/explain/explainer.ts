import type { IncomingMessage } from 'node:http';
import { ClientObserver, type ObserverLimits } from './client-observer';
import type { EventLogFile } from './event-log-file';
import type { Finding } from './finding';
import type { ConnectionTap } from './socket-tap';

export interface ExplainOptions {
  /** Each finding, once per connection. */
  onFinding?: (finding: Finding) => void;
  /** Every frame both ways, audio elided and secrets redacted. */
  log?: EventLogFile | undefined;
  /** Tests shorten the waits. */
  limits?: Partial<ObserverLimits>;
}

/** Builds the tap for one connection: the observer that explains, and the event log. */
export function explainConnection(
  connection: number,
  request: Pick<IncomingMessage, 'headers'>,
  options: ExplainOptions,
): ConnectionTap {
  const opened = performance.now();
  const observer = new ClientObserver(
    connection,
    (finding) => options.onFinding?.(finding),
    () => performance.now() - opened,
    options.limits,
  );
  observer.handshake(request.headers);
  return {
    clientMessage(data, isBinary) {
      options.log?.record(connection, 'sent', data.toString('utf8'), isBinary);
      observer.clientMessage(data, isBinary);
    },
    serverMessage(text) {
      options.log?.record(connection, 'received', text, false);
      observer.serverMessage(text);
    },
    serverClosing: () => observer.serverClosing(),
    closed(code) {
      observer.closed(code);
      options.log?.flush();
    },
    tick: (buffered) => observer.backlog(buffered),
    pingUnanswered: (waited) => observer.pingUnanswered(waited),
  };
}
