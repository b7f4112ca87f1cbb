import type { Activity, CommandHandler, CommandResponse } from '../../../src/fsw/cmd/dispatcher';
import { EventLog } from '../../../src/fsw/events';
import { Telemetry } from '../../../src/fsw/telemetry';

/*
 * Test doubles for the command path: a fake clock (a number the test sets), and handlers standing in
 * for real components: instant ones and activities that end after a set time, OK or failing.
 */

export class FakeClock {
  t = 0;
  readonly now = (): number => this.t;
}

export function fswBus(clock: FakeClock): { events: EventLog; telemetry: Telemetry } {
  return { events: new EventLog(clock.now), telemetry: new Telemetry(clock.now) };
}

export interface TimedActivity extends Activity {
  cancelled?: string;
  steps: number;
}

/** An activity that ends `durationS` after its dispatch with `outcome`; records cancels and steps. */
export function timedActivity(name: string, startS: number, durationS: number, outcome: CommandResponse = { status: 'OK' }): TimedActivity {
  const a: TimedActivity = {
    name,
    steps: 0,
    step(nowS) {
      a.steps++;
      return nowS >= startS + durationS - 1e-9 ? outcome : 'running';
    },
    cancel(reason) {
      a.cancelled = reason;
    },
  };
  return a;
}

/** Handlers that note every call, so a test can see what ran and when. */
export class Recorder {
  readonly calls: { mnemonic: string; args: Record<string, unknown>; t: number }[] = [];
  readonly activities: TimedActivity[] = [];

  instant(mnemonic: string, response: CommandResponse = { status: 'OK' }): CommandHandler {
    return (args, nowS) => {
      this.calls.push({ mnemonic, args, t: nowS });
      return response;
    };
  }

  /** An activity lasting `durationS` (or a function of the arguments), ending with `outcome`. */
  activity(mnemonic: string, durationS: number | ((args: Record<string, unknown>) => number), outcome: CommandResponse = { status: 'OK' }): CommandHandler {
    return (args, nowS) => {
      this.calls.push({ mnemonic, args, t: nowS });
      const a = timedActivity(mnemonic, nowS, typeof durationS === 'number' ? durationS : durationS(args), outcome);
      this.activities.push(a);
      return a;
    };
  }

  mnemonics(): string[] {
    return this.calls.map((c) => c.mnemonic);
  }
}
