/** A tiny typed event emitter that runs in Node, the renderer and the preload alike. */
export type Listener<T> = (payload: T) => void;

/**
 * Emitting is the hot side (every audio delta passes through several): each event's
 * listeners are an array replaced on every change, so `emit` walks it without copying,
 * and a listener added or removed during an emit takes effect from the next one.
 */
export class Emitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, readonly Listener<never>[]>();

  /** Adding a listener that is already there changes nothing (one call per emit). */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    const current = this.listeners.get(name) ?? [];
    const added = listener as Listener<never>;
    if (!current.includes(added)) this.listeners.set(name, [...current, added]);
    return () => {
      const now = this.listeners.get(name);
      if (!now?.includes(added)) return;
      const rest = now.filter((l) => l !== added);
      if (rest.length > 0) this.listeners.set(name, rest);
      else this.listeners.delete(name);
    };
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const list = this.listeners.get(name);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) (list[i] as Listener<Events[K]>)(payload);
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
