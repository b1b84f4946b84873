import type { EventEnvelope } from '@ferry/contracts';
import {
  Column,
  Entity,
  Index,
  PrimaryColumn,
  type EntityManager,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';

import { dialectOf } from './database';

/**
 * The transactional outbox: an event is written in the same transaction as the change it announces,
 * and a relay publishes it to JetStream afterwards (with its id as Nats-Msg-Id). A change is never
 * committed without its event, nor an event published for a change that rolled back.
 */
@Entity({ name: 'outbox' })
@Index('outbox_pending', ['publishedAt', 'sequence'])
export class OutboxRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Insertion order, so events leave in the order they were committed. */
  @Column({ type: 'bigint' })
  sequence!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'published_at', type: 'varchar', length: 32, nullable: true })
  publishedAt!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;
}

let lastSequence = 0n;

/** A sequence that grows across calls in this process and across restarts (time-based, never repeating). */
function nextSequence(): string {
  const now = BigInt(Date.now()) * 1000n;
  lastSequence = now > lastSequence ? now : lastSequence + 1n;
  return lastSequence.toString();
}

/** Records an event to publish once the surrounding transaction commits. */
export async function appendToOutbox(manager: EntityManager, subject: string, envelope: EventEnvelope): Promise<void> {
  await manager.insert(OutboxRecord, {
    id: envelope.id,
    sequence: nextSequence(),
    subject,
    payload: JSON.stringify(envelope),
    createdAt: envelope.occurredAt,
    publishedAt: null,
    attempts: 0,
  });
}

/** Creates the outbox table: every service that publishes events lists this migration first. */
export class CreateOutbox1764214800000 implements MigrationInterface {
  name = 'CreateOutbox1764214800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const bigint = dialectOf(queryRunner) === 'postgres' ? 'bigint' : 'integer';
    await queryRunner.query(`CREATE TABLE "outbox" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "sequence" ${bigint} NOT NULL,
      "subject" varchar(255) NOT NULL,
      "payload" text NOT NULL,
      "created_at" varchar(32) NOT NULL,
      "published_at" varchar(32),
      "attempts" integer NOT NULL DEFAULT 0
    )`);
    await queryRunner.query(`CREATE INDEX "outbox_pending" ON "outbox" ("published_at", "sequence")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox"`);
  }
}
