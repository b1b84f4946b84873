/**
 * The events waiting for one subscriber: at most `capacity`; when a new one arrives at a full queue, the oldest is
 * dropped (`dropped` is told). Read as an async iterator; `return()` (the subscriber leaving) empties it and calls
 * `closed` once.
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private done = false;

  constructor(
    private readonly capacity: number,
    private readonly dropped: () => void,
    private readonly closed: () => void,
  ) {}

  /** Items waiting now. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Adds an item for the subscriber; drops the oldest waiting one if the queue is full. */
  push(item: T): void {
    if (this.done) {
      return;
    }
    if (this.waiting !== undefined) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.size >= this.capacity) {
      this.head += 1;
      this.dropped();
    }
    this.items.push(item);
    if (this.head > this.capacity) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.items[this.head] as T;
      this.head += 1;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.done) {
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private close(): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.items = [];
    this.head = 0;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
    this.closed();
  }
}
