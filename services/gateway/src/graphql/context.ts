import type { Identity } from '@ferry/contracts';

/** What every resolver of the gateway (and every subgraph call it makes) knows about the request. */
export interface GatewayContext {
  /** The API key's identity; null only with FERRY_AUTH=off, where every caller may do everything. */
  identity: Identity | null;
}
