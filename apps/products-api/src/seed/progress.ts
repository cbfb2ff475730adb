/**
 * A small progress bar, no dependency. On a TTY it redraws one line in place
 * (`\r`, bar, count/total, percent, rate, ETA); elsewhere (CI logs, files,
 * pipes) it prints a plain line every `stepPercent` percent, without control
 * characters.
 */

/** What the bar writes to: `process.stderr`, or any object with `write` (and `isTTY`). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width; lines are kept shorter than this on a TTY. */
  readonly columns?: number;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  stream: ProgressStream;
  /** Word before the numbers. Default `progress`. */
  label?: string;
  /** Characters of the bar on a TTY. Default 24. */
  width?: number;
  /** Clock in ms. Default `performance.now`. */
  now?: () => number;
  /** Least time between two TTY redraws, in ms (the last one is always drawn). Default 80. */
  redrawIntervalMs?: number;
  /** Non-TTY: a line every this many percent. Default 10. */
  stepPercent?: number;
}

/** A progress display for `done` of `total` items. */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly label: string;
  private readonly width: number;
  private readonly now: () => number;
  private readonly redrawIntervalMs: number;
  private readonly stepPercent: number;
  private readonly tty: boolean;
  /** Time of the first update: rate and ETA measure the work, not the set-up before it. */
  private startedAt: number | undefined;
  private done = 0;
  private total = 0;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private lastLength = 0;
  private drawn = false;
  private lastStep = 0;
  private lastPrintedDone = -1;
  private finished = false;

  constructor(options: ProgressBarOptions) {
    this.stream = options.stream;
    this.label = options.label ?? 'progress';
    this.width = Math.max(1, Math.floor(options.width ?? 24));
    this.now = options.now ?? (() => performance.now());
    this.redrawIntervalMs = options.redrawIntervalMs ?? 80;
    this.stepPercent = Math.min(100, Math.max(1, options.stepPercent ?? 10));
    this.tty = options.stream.isTTY === true;
  }

  /** Records progress and draws when due; the first call starts the clock. `done` is clamped to `0..total`. */
  update(done: number, total: number): void {
    if (this.finished) return;
    this.startedAt ??= this.now();
    this.total = Math.max(0, Math.floor(total));
    this.done = Math.min(this.total, Math.max(0, Math.floor(done)));
    if (this.total === 0) return;
    if (this.tty) {
      const at = this.now();
      if (this.done === this.total || at - this.lastDrawAt >= this.redrawIntervalMs) this.redraw(at);
    } else {
      const step = Math.floor((this.done / this.total) * (100 / this.stepPercent));
      if (step > this.lastStep || (this.done === this.total && this.lastPrintedDone !== this.done)) {
        this.lastStep = step;
        this.printLine();
      }
    }
  }

  /** Draws the final state and ends the line (TTY). Idempotent; nothing is written when nothing was to do. */
  finish(): void {
    if (this.finished) return;
    if (this.total > 0) {
      if (this.tty) {
        this.redraw(this.now());
        this.stream.write('\n');
      } else if (this.lastPrintedDone !== this.done) {
        this.printLine();
      }
    }
    this.finished = true;
  }

  /** The text of the current state: `label [bar] done/total pct rate ETA` (the bar only on a TTY). */
  render(at: number = this.now()): string {
    const { done, total } = this;
    const ratio = total === 0 ? 1 : done / total;
    const percent = `${Math.floor(ratio * 100)}%`;
    const elapsedS = Math.max(0, at - (this.startedAt ?? at)) / 1000;
    const rate = elapsedS > 0 ? done / elapsedS : 0;
    const rateText = `${formatRate(rate)}/s`;
    const eta = done >= total ? '0s' : rate > 0 ? formatDuration((total - done) / rate) : '--';
    const counts = `${String(done).padStart(String(total).length)}/${total}`;
    if (!this.tty) return `${this.label}: ${counts} (${percent}), ${rateText}, ETA ${eta}`;
    const filled = Math.round(ratio * this.width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}]`;
    const line = `${this.label} ${bar} ${counts} ${percent.padStart(4)} ${rateText} ETA ${eta}`;
    const columns = this.stream.columns;
    if (columns !== undefined && columns > 0 && line.length >= columns) {
      return `${this.label} ${counts} ${percent} ETA ${eta}`.slice(0, Math.max(0, columns - 1));
    }
    return line;
  }

  private redraw(at: number): void {
    const line = this.render(at);
    const padding = ' '.repeat(Math.max(0, this.lastLength - line.length));
    this.stream.write(`\r${line}${padding}`);
    this.lastLength = line.length;
    this.lastDrawAt = at;
    this.drawn = true;
  }

  private printLine(): void {
    this.stream.write(`${this.render()}\n`);
    this.lastPrintedDone = this.done;
  }

  /** Whether anything was drawn on a TTY line (so a caller knows to end it). */
  get hasOpenLine(): boolean {
    return this.tty && this.drawn && !this.finished;
  }
}

/** A rate per second: one decimal below 10 (`8.3`), whole numbers above (`42`, `1234`). */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0';
  return perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond));
}

/** `7s`, `2m05s`, `1h04m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
