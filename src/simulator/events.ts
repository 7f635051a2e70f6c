import { EventEmitter } from 'node:events';

/** Node's EventEmitter with typed names and payloads; `on` returns its own unsubscribe. */
export class TypedEvents<Events extends Record<string, unknown>> {
  private readonly emitter = new EventEmitter();

  on<K extends keyof Events & string>(name: K, listener: (payload: Events[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  protected emit<K extends keyof Events & string>(name: K, payload: Events[K]): void {
    this.emitter.emit(name, payload);
  }

  removeAll(): void {
    this.emitter.removeAllListeners();
  }
}
