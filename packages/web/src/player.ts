import { DEFAULT_SPEED } from './state';

export interface PlayerHost {
  /** The epoch shown (or already asked for). */
  epoch(): number;
  /** A request is out: wait for it before asking for more (the worker never falls behind). */
  busy(): boolean;
  atEnd(): boolean;
  goto(epoch: number): void;
  changed(): void;
}

/**
 * Play at a speed in epochs per second, paced by animation frames: each frame asks for as many epochs
 * as the time since the last one is worth, so a fast speed skips drawing epochs instead of piling up work.
 */
export class Player {
  playing = false;
  speed = DEFAULT_SPEED;
  private acc = 0;
  private last = 0;

  constructor(private readonly host: PlayerHost) {}

  toggle(): void {
    if (this.playing) this.stop();
    else this.play();
  }

  play(): void {
    if (this.playing || this.host.atEnd()) return;
    this.playing = true;
    this.acc = 1;
    this.last = performance.now();
    requestAnimationFrame(this.tick);
    this.host.changed();
  }

  stop(): void {
    if (!this.playing) return;
    this.playing = false;
    this.host.changed();
  }

  setSpeed(perSecond: number): void {
    this.speed = perSecond;
  }

  private readonly tick = (now: number): void => {
    if (!this.playing) return;
    // A stall (a hidden tab, a slow epoch) does not turn into a burst: at most a quarter second is owed.
    this.acc = Math.min(this.acc + ((now - this.last) * this.speed) / 1000, Math.max(1, this.speed / 4));
    this.last = now;
    if (!this.host.busy()) {
      if (this.host.atEnd()) return this.stop();
      const k = Math.floor(this.acc);
      if (k >= 1) {
        this.acc -= k;
        this.host.goto(this.host.epoch() + k);
      }
    }
    requestAnimationFrame(this.tick);
  };
}
