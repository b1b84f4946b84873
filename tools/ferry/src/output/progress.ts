/** A progress bar on stderr: redrawn in place on a terminal, a line per visible step (every 10 %) otherwise. */
export class ProgressBar {
  private lastLine = '';
  private lastDecile = -1;
  private lastStep: string | undefined;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 30,
  ) {}

  /** Shows a fraction in [0, 1] (or none, when the total is unknown) and a label after it. */
  update(fraction: number | null | undefined, label: string): void {
    const known = typeof fraction === 'number' && Number.isFinite(fraction);
    const clamped = known ? Math.min(1, Math.max(0, fraction)) : 0;
    const filled = Math.round(clamped * this.width);
    const bar = known
      ? `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%`
      : '[…]';
    const line = `${bar} ${label}`;
    if (this.stream.isTTY === true) {
      if (line !== this.lastLine) {
        this.stream.write(`\r\x1b[2K${line}`);
        this.drawn = true;
      }
    } else {
      // Off a terminal (logs, CI, pipes): one line per tenth done, or when the step (first word) changes.
      const decile = known ? Math.floor(clamped * 10) : -1;
      const step = label.split(' ')[0] ?? '';
      if (decile !== this.lastDecile || step !== this.lastStep) {
        this.stream.write(`${line}\n`);
        this.lastDecile = decile;
        this.lastStep = step;
      }
    }
    this.lastLine = line;
  }

  /** Ends the bar's line (on a terminal) so what follows starts on a fresh one. */
  done(): void {
    if (this.drawn) {
      this.stream.write('\n');
      this.drawn = false;
    }
  }
}
