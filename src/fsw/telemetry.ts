import { Subject } from 'rxjs';
import type { ChannelName, ChannelValue } from './telemetry-dictionary';

export type TelemetryValue = number | string | number[];

/** One telemetry sample of a channel of the dictionary (telemetry-dictionary.ts). */
export type TelemetrySample = {
  [C in ChannelName]: { timeS: number; channel: C; value: ChannelValue<C> };
}[ChannelName];

/**
 * Telemetry channels: each holds its latest value (what a snapshot downlinks); every write also
 * goes to the stream (what the recorder keeps). Channel names are `component.quantity_unit`.
 */
export class Telemetry {
  readonly stream = new Subject<TelemetrySample>();
  private readonly latest = new Map<ChannelName, TelemetrySample>();

  constructor(private readonly now: () => number) {}

  write<C extends ChannelName>(channel: C, value: ChannelValue<C>): void {
    const sample = { timeS: this.now(), channel, value } as TelemetrySample;
    this.latest.set(channel, sample);
    this.stream.next(sample);
  }

  read<C extends ChannelName>(channel: C): ChannelValue<C> | undefined {
    return this.latest.get(channel)?.value as ChannelValue<C> | undefined;
  }

  /** All channels' latest samples, in channel-name order. */
  snapshot(): TelemetrySample[] {
    return [...this.latest.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  }
}
