import { COMMANDS } from '../../../src/fsw/cmd/dictionary';
import { eventDictionary } from '../../../src/fsw/event-dictionary';
import { paramDictionary } from '../../../src/fsw/params';
import { channelDictionary } from '../../../src/fsw/telemetry-dictionary';

/** The flight software's dictionaries as one JSON document for tools: commands, events, telemetry channels, parameters. */
export function flightDictionaries(): { commands: unknown[]; events: unknown[]; channels: unknown[]; parameters: unknown[] } {
  return {
    // Cross-argument rules are code, not data: tools get each argument's own type, unit and range.
    commands: COMMANDS.map(({ rules: _rules, ...command }) => command),
    events: eventDictionary(),
    channels: channelDictionary(),
    parameters: paramDictionary(),
  };
}

export function dictionaryCommand(log: (line: string) => void): void {
  log(JSON.stringify(flightDictionaries(), null, 2));
}
