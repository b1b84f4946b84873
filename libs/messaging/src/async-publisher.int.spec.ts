import { streamsFor } from '@ferry/contracts';
import { connectTestNats, deletePrefixStreams, readStream, uniquePrefix } from '@ferry/testing';
import type { NatsConnection } from 'nats';

import { AsyncJetStreamPublisher } from './async-publisher';
import { ensureStreams } from './streams';

describe('asynchronous JetStream acknowledgements on the real NATS', () => {
  const prefix = uniquePrefix('asyncpub');
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectTestNats();
  });

  afterAll(async () => {
    await nc.close();
    await deletePrefixStreams(prefix);
  });

  function send(publisher: AsyncJetStreamPublisher, subject: string, id: string): Promise<string> {
    return new Promise((resolve) =>
      publisher.publish(
        subject,
        JSON.stringify({ id }),
        id,
        () => resolve('ack'),
        (reason) => resolve(`fail: ${reason}`),
      ),
    );
  }

  it('fails a message no stream captures, acknowledges one that is stored, and stores a repeated id once', async () => {
    const publisher = new AsyncJetStreamPublisher(nc, 500);
    const subject = `${prefix}.predictions.d`;
    expect(await send(publisher, subject, 'a')).toMatch(/^fail: /);

    await ensureStreams(await nc.jetstreamManager(), [streamsFor(prefix).predictions]);
    const answers = await Promise.all(['a', 'b', 'c', 'a'].map((id) => send(publisher, subject, id)));
    expect(answers).toEqual(['ack', 'ack', 'ack', 'ack']);
    const stored = await readStream(`${prefix.toUpperCase()}_PREDICTIONS`);
    expect(stored.map((m) => m.msgId)).toEqual(['a', 'b', 'c']);
    expect(publisher.inflight).toBe(0);

    const pending = send(publisher, subject, 'd');
    publisher.close();
    expect(await pending).toMatch(/^(ack|fail: publisher closed)$/);
  });
});
