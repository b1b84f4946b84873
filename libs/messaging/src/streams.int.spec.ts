import { createEnvelope, Events, streamsFor, subjectOf } from '@ferry/contracts';
import { connectTestNats, deletePrefixStreams, uniquePrefix } from '@ferry/testing';
import type { NatsConnection } from 'nats';

import { publishEnvelope } from './publish';
import { ensureStreams } from './streams';

describe('streams on the real NATS', () => {
  const prefix = uniquePrefix('messaging');
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectTestNats();
  });

  afterAll(async () => {
    await nc.close();
    await deletePrefixStreams(prefix);
  });

  it('creates the prefix streams idempotently, also when replicas race', async () => {
    const jsm = await nc.jetstreamManager();
    const specs = Object.values(streamsFor(prefix));
    await Promise.all([ensureStreams(jsm, specs), ensureStreams(jsm, specs), ensureStreams(jsm, specs)]);
    await ensureStreams(jsm, specs);
    for (const spec of specs) {
      const info = await jsm.streams.info(spec.name);
      expect([...info.config.subjects].sort()).toEqual([...spec.subjects].sort());
    }
  });

  it('brings the subjects of an existing stream up to date', async () => {
    const jsm = await nc.jetstreamManager();
    const events = streamsFor(prefix).events;
    await jsm.streams.update(events.name, { subjects: [`${prefix}.registry.>`] });
    await ensureStreams(jsm, [events]);
    const info = await jsm.streams.info(events.name);
    expect([...info.config.subjects].sort()).toEqual([...events.subjects].sort());
  });

  it('stores an event once when it is published twice with the same id', async () => {
    const jsm = await nc.jetstreamManager();
    await ensureStreams(jsm, [streamsFor(prefix).events]);
    const envelope = createEnvelope(
      Events.modelCreated,
      {
        id: '7d3c8a3e-1f57-4bb4-8a0a-2b7d7c7c2f10',
        name: 'm',
        description: '',
        tags: [],
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        createdBy: null,
      },
      { source: 'test' },
    );
    const js = nc.jetstream();
    const subject = subjectOf(Events.modelCreated, prefix);
    const first = await publishEnvelope(js, subject, envelope);
    const second = await publishEnvelope(js, subject, envelope);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    const stored = await jsm.streams.getMessage(streamsFor(prefix).events.name, { seq: first.seq });
    expect(stored.header.get('Nats-Msg-Id')).toBe(envelope.id);
    expect(stored.json<{ id: string }>().id).toBe(envelope.id);
  });
});
