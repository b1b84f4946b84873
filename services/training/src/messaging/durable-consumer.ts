import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type JetStreamManager } from 'nats';

/**
 * Creates a durable pull consumer, or brings the settings that may change (ack wait, deliveries) up to date; safe
 * when several replicas start together.
 */
export async function ensureDurable(
  jsm: JetStreamManager,
  stream: string,
  config: { name: string; filterSubject?: string; ackWaitMs: number; maxDeliver: number; deliverNew: boolean },
): Promise<void> {
  const wanted: Partial<ConsumerConfig> = {
    durable_name: config.name,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(config.ackWaitMs),
    max_deliver: config.maxDeliver,
    deliver_policy: config.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
    ...(config.filterSubject === undefined ? {} : { filter_subject: config.filterSubject }),
  };
  const existing = await jsm.consumers.info(stream, config.name).catch(() => undefined);
  if (existing === undefined) {
    try {
      await jsm.consumers.add(stream, wanted);
      return;
    } catch (error) {
      // Another replica created it meanwhile: fall through to the update check.
      if ((await jsm.consumers.info(stream, config.name).catch(() => undefined)) === undefined) {
        throw error;
      }
    }
  }
  const current = existing ?? (await jsm.consumers.info(stream, config.name));
  if (current.config.ack_wait !== wanted.ack_wait || current.config.max_deliver !== wanted.max_deliver) {
    await jsm.consumers.update(stream, config.name, { ack_wait: wanted.ack_wait, max_deliver: wanted.max_deliver });
  }
}
