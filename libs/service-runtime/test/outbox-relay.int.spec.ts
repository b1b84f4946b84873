import { createEnvelope, Events, jetStreamName, streamsFor, subjectOf, type FerryConfig } from '@ferry/contracts';
import { ensureStreams } from '@ferry/messaging';
import {
  appendToOutbox,
  CreateOutbox1764214800000,
  openDatabase,
  OutboxRecord,
  type Database,
} from '@ferry/persistence';
import { cleanUpTest, connectTestNats, readStream, testConfig, TEST_DIALECTS, uniquePrefix } from '@ferry/testing';
import type { NatsConnection } from 'nats';
import pino from 'pino';

import { OutboxRelay } from '../src/outbox-relay';

function modelEvent(name: string) {
  const now = new Date().toISOString();
  return createEnvelope(
    Events.modelCreated,
    { id: crypto.randomUUID(), name, description: '', tags: [], createdAt: now, updatedAt: now, createdBy: null },
    { source: 'test' },
  );
}

describe.each(TEST_DIALECTS)('outbox relay on %s', (dialect) => {
  const prefix = uniquePrefix(`outbox-${dialect}`);
  let config: FerryConfig;
  let db: Database;
  let nc: NatsConnection;

  beforeAll(async () => {
    config = testConfig(prefix, dialect);
    db = await openDatabase({
      service: 'registry',
      config,
      entities: [OutboxRecord],
      migrations: [CreateOutbox1764214800000],
    });
    await db.migrate();
    nc = await connectTestNats();
  });

  afterAll(async () => {
    await db.close();
    await nc.close();
    await cleanUpTest(prefix, config);
  });

  it('keeps events while NATS refuses them and publishes them in commit order once it can', async () => {
    const subject = subjectOf(Events.modelCreated, prefix);
    const envelopes = ['a', 'b', 'c'].map(modelEvent);
    await db.dataSource.transaction(async (manager) => {
      for (const envelope of envelopes) {
        await appendToOutbox(manager, subject, envelope);
      }
    });
    const relay = new OutboxRelay(db, nc.jetstream({ timeout: 500 }), pino({ level: 'silent' }));
    // No stream captures the subject yet: the publish fails and nothing is lost.
    await relay.flush();
    const kept = await db.dataSource.getRepository(OutboxRecord).find();
    expect(kept).toHaveLength(3);
    expect(kept.find((r) => r.id === envelopes[0]?.id)?.attempts).toBe(1);

    const jsm = await nc.jetstreamManager();
    await ensureStreams(jsm, [streamsFor(prefix).events]);
    await relay.flush();
    await relay.stop();
    expect(await db.dataSource.getRepository(OutboxRecord).count()).toBe(0);
    const stored = await readStream(jetStreamName(prefix, 'EVENTS'));
    const ids = stored.map((m) => m.msgId);
    expect(ids).toEqual(envelopes.map((e) => e.id));
  });
});
