import { Subject } from 'rxjs';

export type TelemetryValue = number | string | boolean | number[];

/** One telemetry sample. */
export interface TelemetrySample {
  timeS: number;
  channel: string;
  value: TelemetryValue;
}

/**
 * Telemetry channels: each holds its latest value (what a snapshot downlinks); every write also
 * goes to the stream (what the recorder keeps). Channel names are `component.quantity_unit`.
 */
export class Telemetry {
  readonly stream = new Subject<TelemetrySample>();
  private readonly latest = new Map<string, TelemetrySample>();

  constructor(private readonly now: () => number) {}

  write(channel: string, value: TelemetryValue): void {
    const sample = { timeS: this.now(), channel, value };
    this.latest.set(channel, sample);
    this.stream.next(sample);
  }

  read(channel: string): TelemetryValue | undefined {
    return this.latest.get(channel)?.value;
  }

  /** All channels' latest samples, in channel-name order. */
  snapshot(): TelemetrySample[] {
    return [...this.latest.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  }
}
