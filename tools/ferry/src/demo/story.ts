/** A step that did not verify: the demo prints which step and why, in one line, and exits non-zero. */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** Fails the current step unless `condition` holds. */
export function verify(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new StepFailure(message);
  }
}

/** Settles like `promise`, or fails the step after `ms` milliseconds saying what did not happen. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `read` every `intervalMs` until `done` holds for its answer; fails saying what was last seen. */
export async function until<T>(
  ms: number,
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  describe: (value: T) => string = (value) => JSON.stringify(value),
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    if (Date.now() >= deadline) {
      throw new StepFailure(`${what} within ${ms / 1000} s (last seen: ${describe(value)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** What a step verified: one line after its timing, and optional detail lines below it. */
export interface StepOutcome {
  /** What happened, e.g. `Trained "segments" v1`; the timing follows it. */
  done: string;
  /** What was checked against the platform's answers. */
  verified: string;
  details?: string[];
}

/** Numbered steps printed as a story: `✓ 3. Trained "segments" v1 in 2.1 s — k=4, inertia …`. */
export class Story {
  private number = 0;
  private readonly started = Date.now();
  private silenced = false;

  constructor(private readonly write: (line: string) => void) {}

  /** Runs one step; a failure is printed with the step's number and title and rethrown. */
  async step(title: string, run: () => Promise<StepOutcome>): Promise<void> {
    this.number += 1;
    const begun = Date.now();
    let outcome: StepOutcome;
    try {
      outcome = await run();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.print(`✗ ${this.number}. ${title} — failed after ${seconds(Date.now() - begun)}: ${why}`);
      throw new StepFailure(`step ${this.number} (${title}) failed: ${why}`);
    }
    this.print(`✓ ${this.number}. ${outcome.done} in ${seconds(Date.now() - begun)} — ${outcome.verified}`);
    for (const line of outcome.details ?? []) {
      this.print(`     ${line}`);
    }
  }

  /** Prints nothing more: the demo was interrupted and is tearing down what a step may still be waiting on. */
  silence(): void {
    this.silenced = true;
  }

  private print(line: string): void {
    if (!this.silenced) {
      this.write(line);
    }
  }

  /** Milliseconds since the story began. */
  elapsedMs(): number {
    return Date.now() - this.started;
  }
}

/** `2.1 s` */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A metric as printed: a number to `digits` decimals. */
export function fmt(value: unknown, digits: number): string {
  return typeof value === 'number' ? value.toFixed(digits) : String(value);
}

/** `8,000` */
export function fmtInt(value: number): string {
  return value.toLocaleString('en-US');
}

/** `46.8 %` */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
