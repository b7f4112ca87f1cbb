import type { ValidatedSequence } from '../../../src/fsw/seq/seqjson';
import type { DownlinkItem } from '../../../src/ground/downlink';
import type { RoverFsw } from '../../../src/fsw/topology';
import type { MarsLink } from './link';

export type { DownlinkItem } from '../../../src/ground/downlink';

/** Downlink record sizes (bytes) [assumed]: an event with its text, a telemetry sample. */
const EVENT_BYTES = 128;
const SAMPLE_BYTES = 48;

/**
 * Connects the rover's flight software to the Earth–Mars link: sequences delivered at an uplink pass
 * are loaded and started onboard (their load response becomes an event); every event and telemetry
 * sample is queued for the next downlink pass. Returns a function that disconnects.
 */
export function connectLink(link: MarsLink<ValidatedSequence, DownlinkItem>, fsw: RoverFsw): () => void {
  const subscriptions = [
    link.delivered$.subscribe(({ payload, label }) => {
      fsw.receiveSequence(payload, label);
    }),
    fsw.events.stream.subscribe((event) => link.queueTelemetry(EVENT_BYTES, { kind: 'event', event })),
    fsw.telemetry.stream.subscribe((sample) => link.queueTelemetry(SAMPLE_BYTES, { kind: 'telemetry', sample })),
  ];
  return () => subscriptions.forEach((s) => s.unsubscribe());
}
