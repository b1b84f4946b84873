import { defaultProcessMetrics, MetricsRegistry } from '@ferry/metrics';

/**
 * The gateway's Prometheus metrics: WebSocket connections, open subscriptions, events queued and dropped for slow
 * subscribers (per subscription field), undecodable messages, and refused requests.
 */
export class GatewayTelemetry {
  readonly registry = new MetricsRegistry();
  readonly connections;
  readonly subscriptions;
  readonly events;
  readonly dropped;
  readonly invalid;
  readonly refused;
  readonly direct;

  constructor() {
    defaultProcessMetrics(this.registry);
    this.connections = this.registry.gauge('ferry_gateway_ws_connections', 'Open graphql-ws connections.');
    this.subscriptions = this.registry.gauge('ferry_gateway_subscriptions', 'Open subscriptions, by field.', ['field']);
    this.events = this.registry.counter(
      'ferry_gateway_subscription_events_total',
      'Events queued for subscribers, by field (one per subscriber).',
      ['field'],
    );
    this.dropped = this.registry.counter(
      'ferry_gateway_subscription_dropped_total',
      "Events dropped because a subscriber's buffer was full (oldest first), by field.",
      ['field'],
    );
    this.invalid = this.registry.counter(
      'ferry_gateway_subscription_invalid_total',
      'NATS messages that could not be read as the event their subject carries, by subject kind.',
      ['field'],
    );
    this.refused = this.registry.counter(
      'ferry_gateway_refused_total',
      'Requests and connections refused for their key or role, by code.',
      ['code'],
    );
    this.direct = this.registry.counter(
      'ferry_gateway_direct_operations_total',
      'Operations answered whole by one subgraph without a query plan (the direct route, ADR 0006), by subgraph.',
      ['subgraph'],
    );
  }
}
