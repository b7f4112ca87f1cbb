import { Subject } from 'rxjs';
import { EVENTS, type EventArgs, type EventName, type EventSeverity } from './event-dictionary';

export type { EventSeverity } from './event-dictionary';

/** One event of the dictionary (event-dictionary.ts) as raised: when, its arguments, and the message made from them. */
export type FswEvent = {
  [N in EventName]: {
    /** Rover clock time (s). */
    timeS: number;
    /** The dictionary's numeric id: stable across runs and versions. */
    id: number;
    /** Symbolic name, e.g. FP_TILT_LIMIT. */
    name: N;
    /** The component that raised it. */
    component: string;
    severity: EventSeverity;
    /** The typed arguments: what the ground and tools read. */
    args: EventArgs<N>;
    /** For people: the dictionary's format of the arguments. */
    message: string;
  };
}[EventName];

/** The onboard event log: every component reports here; the stream goes down the link and into the run's events.jsonl. */
export class EventLog {
  readonly stream = new Subject<FswEvent>();
  readonly history: FswEvent[] = [];

  constructor(private readonly now: () => number) {}

  emit<N extends EventName>(name: N, args: EventArgs<N>): FswEvent {
    const event = eventAt(name, args, this.now());
    this.history.push(event);
    this.stream.next(event);
    return event;
  }
}

/** The event `name` with `args` as raised at `timeS`: id, component, severity and message from the dictionary. */
export function eventAt<N extends EventName>(name: N, args: EventArgs<N>, timeS: number): FswEvent {
  const spec = EVENTS[name];
  const message = (spec.format as (a: EventArgs<N>, t: number) => string)(args, timeS);
  return { timeS, id: spec.id, name, component: spec.component, severity: spec.severity, args, message } as FswEvent;
}
