import { Subject } from 'rxjs';

/** Event severities, as F Prime names them. */
export type EventSeverity = 'DIAGNOSTIC' | 'ACTIVITY_LO' | 'ACTIVITY_HI' | 'COMMAND' | 'WARNING_LO' | 'WARNING_HI' | 'FATAL';

/** One event: what happened onboard, when, and how much it matters. */
export interface FswEvent {
  /** Rover clock time (s). */
  timeS: number;
  /** Numeric id, stable across runs (the event dictionary's key). */
  id: number;
  /** Symbolic name, e.g. FP_TILT_LIMIT. */
  name: string;
  /** The component that raised it. */
  component: string;
  severity: EventSeverity;
  message: string;
}

/**
 * The onboard event log: every component reports here; the stream goes down the link and into
 * the run's events.jsonl. Ids are assigned per name in order of first use, per run: the same run
 * gives the same ids.
 */
export class EventLog {
  readonly stream = new Subject<FswEvent>();
  readonly history: FswEvent[] = [];
  private readonly ids = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  emit(component: string, name: string, severity: EventSeverity, message: string): FswEvent {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(name, id);
    }
    const event: FswEvent = { timeS: this.now(), id, name, component, severity, message };
    this.history.push(event);
    this.stream.next(event);
    return event;
  }
}
