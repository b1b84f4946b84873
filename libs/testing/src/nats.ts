import { deletePrefixStreamsOn } from '@ferry/messaging';
import { connect, type NatsConnection } from 'nats';

/** The machine's NATS for tests: NATS_URL or the local default. */
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A connection of the test's own, for watching what services publish. */
export function connectTestNats(): Promise<NatsConnection> {
  return connect({ servers: TEST_NATS_URL.split(','), name: 'ferry-test' });
}

/** Deletes every stream, bucket and object store named from the prefix (the machine's NATS outlives every run). */
export async function deletePrefixStreams(prefix: string): Promise<void> {
  const nc = await connectTestNats();
  try {
    await deletePrefixStreamsOn(nc, prefix);
  } finally {
    await nc.close();
  }
}

/** A message stored in a stream, as tests inspect it. */
export interface StoredMessage {
  subject: string;
  msgId: string | undefined;
  body: Record<string, unknown>;
}

/** Every message a stream holds, oldest first. */
export async function readStream(stream: string): Promise<StoredMessage[]> {
  const nc = await connectTestNats();
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream);
    const messages: StoredMessage[] = [];
    if (info.state.messages === 0) {
      return messages;
    }
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq });
      messages.push({
        subject: m.subject,
        msgId: m.header?.get('Nats-Msg-Id'),
        body: m.json<Record<string, unknown>>(),
      });
    }
    return messages;
  } finally {
    await nc.close();
  }
}
