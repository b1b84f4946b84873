import type { FerryClient } from '../client/client';

import { drawUser, type Era, type SeededRandom, type User } from './users';

const PREDICT = `mutation Predict($deployment: String!, $inputs: JSON!) {
  predict(deployment: $deployment, inputs: $inputs) { predictionIds modelVersion { version } }
}`;

interface PredictAnswer {
  predict: { predictionIds: string[]; modelVersion: { version: number } };
}

export interface TrafficOptions {
  deployment: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Users per request. */
  usersPerRequest: number;
  /** Pause of each sender between requests, so traffic leaves the two cores room to train. */
  pauseMs: number;
}

/**
 * Live users hitting a deployment through the gateway's `predict` until stopped. Every request
 * is counted: answered (with one prediction id per user, by the model version it names) or failed (with why).
 */
export class LiveTraffic {
  /** Which population the users are drawn from; switching it is the distribution shift. */
  era: Era = 'v1';
  requests = 0;
  users = 0;
  readonly failures: string[] = [];
  /** Answered requests per model version. */
  readonly byVersion = new Map<number, number>();
  private running = false;
  private senders: Promise<void>[] = [];
  /** The longest time the deployment went without answering any request, once answers began. */
  longestGapMs = 0;
  private lastAnswerAt: number | undefined;
  /** Requests each sender has completed. */
  private rounds: number[] = [];

  /**
   * @param answered where every prediction id the platform answers is added, to match the records on the
   * predictions subscription
   */
  constructor(
    private readonly client: FerryClient,
    private readonly random: SeededRandom,
    private readonly answered: Set<string>,
    private readonly options: TrafficOptions,
  ) {}

  start(): void {
    this.running = true;
    this.rounds = Array.from({ length: this.options.concurrency }, () => 0);
    this.senders = this.rounds.map((_, sender) => this.send(sender));
  }

  /** Stops sending and waits for the requests in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.senders);
  }

  /** Resolves once every sender has completed a request it started after this call (so none is in flight from before). */
  async nextRound(): Promise<void> {
    const target = this.rounds.map((done) => done + 2);
    while (this.running && this.rounds.some((done, sender) => done < (target[sender] ?? 0))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  get failed(): number {
    return this.failures.length;
  }

  private async send(sender: number): Promise<void> {
    while (this.running) {
      const users: User[] = Array.from({ length: this.options.usersPerRequest }, () => drawUser(this.random, this.era));
      try {
        const { predict } = await this.client.request<PredictAnswer>(PREDICT, {
          deployment: this.options.deployment,
          inputs: users,
        });
        if (predict.predictionIds.length !== users.length) {
          throw new Error(`${predict.predictionIds.length} prediction ids for ${users.length} users`);
        }
        const version = predict.modelVersion.version;
        this.byVersion.set(version, (this.byVersion.get(version) ?? 0) + 1);
        for (const id of predict.predictionIds) {
          this.answered.add(id);
        }
        this.requests += 1;
        this.users += users.length;
        const now = Date.now();
        if (this.lastAnswerAt !== undefined) {
          this.longestGapMs = Math.max(this.longestGapMs, now - this.lastAnswerAt);
        }
        this.lastAnswerAt = now;
      } catch (error) {
        this.requests += 1;
        this.failures.push(error instanceof Error ? error.message : String(error));
      }
      this.rounds[sender] = (this.rounds[sender] ?? 0) + 1;
      if (this.options.pauseMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs));
      }
    }
  }
}
