import { BoundedQueue } from './bounded-queue';

describe('BoundedQueue', () => {
  it('keeps the newest items up to its capacity, counting the dropped ones', async () => {
    let dropped = 0;
    const queue = new BoundedQueue<number>(
      3,
      () => (dropped += 1),
      () => undefined,
    );
    for (let i = 1; i <= 10; i++) {
      queue.push(i);
    }
    expect(queue.size).toBe(3);
    expect(dropped).toBe(7);
    const read = [await queue.next(), await queue.next(), await queue.next()].map((r) => r.value);
    expect(read).toEqual([8, 9, 10]);
    expect(queue.size).toBe(0);
  });

  it('stays bounded over a long stream that is never read', () => {
    let dropped = 0;
    const queue = new BoundedQueue<{ payload: string }>(
      100,
      () => (dropped += 1),
      () => undefined,
    );
    for (let i = 0; i < 100_000; i++) {
      queue.push({ payload: String(i) });
    }
    expect(queue.size).toBe(100);
    expect(dropped).toBe(99_900);
    expect((queue as unknown as { items: unknown[] }).items.length).toBeLessThanOrEqual(201);
  });

  it('hands an item straight to a waiting reader', async () => {
    const queue = new BoundedQueue<string>(
      1,
      () => undefined,
      () => undefined,
    );
    const waiting = queue.next();
    queue.push('a');
    queue.push('b');
    expect(await waiting).toEqual({ value: 'a', done: false });
    expect(await queue.next()).toEqual({ value: 'b', done: false });
  });

  it('ends on return: a waiting reader is released, items are dropped, and closed is called once', async () => {
    let closed = 0;
    const queue = new BoundedQueue<string>(
      5,
      () => undefined,
      () => (closed += 1),
    );
    const waiting = queue.next();
    await queue.return();
    await queue.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    queue.push('late');
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });
});
