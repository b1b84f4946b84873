import type { EventEnvelope } from '@ferry/contracts';
import { headers, type JetStreamClient, type PubAck } from 'nats';

/** Publishes an event envelope to JetStream with its id as Nats-Msg-Id, so a retry is stored once. */
export async function publishEnvelope(
  js: JetStreamClient,
  subject: string,
  envelope: EventEnvelope,
  timeoutMs = 5000,
): Promise<PubAck> {
  const h = headers();
  h.set('Ferry-Event-Type', envelope.type);
  return js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id, headers: h, timeout: timeoutMs });
}
