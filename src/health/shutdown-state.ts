import { Injectable } from '@nestjs/common';

/** Set at the very start of SIGTERM handling so readiness fails before anything is torn down. */
@Injectable()
export class ShutdownState {
  private since?: number;

  begin(): void {
    this.since ??= Date.now();
  }

  get shuttingDown(): boolean {
    return this.since !== undefined;
  }
}
