/*
 * The telemetry channel dictionary, as F Prime keeps one: every channel flight software writes, with a
 * stable numeric id, its type and unit. Channel names are `component.quantity_unit`. The ground reads
 * channels by these names only (a misspelt name does not compile). `rover dictionary` prints it as JSON.
 */

/** Channel value types: a 64-bit float, an unsigned or signed count, a string, or a fixed-length float vector. */
export type ChannelType = 'F64' | 'U32' | 'I32' | 'string' | `F64[${number}]`;
type ValueOf<T extends ChannelType> = T extends 'string' ? string : T extends `F64[${number}]` ? number[] : number;

export interface ChannelSpec<T extends ChannelType = ChannelType> {
  id: number;
  type: T;
  /** SI unit or '' for none. */
  unit: string;
  description: string;
}

const channel = <T extends ChannelType>(spec: ChannelSpec<T>): ChannelSpec<T> => spec;

export const CHANNELS = {
  'cmd.dispatched_count': channel({ id: 0x101, type: 'U32', unit: '', description: 'Commands dispatched since boot.' }),
  'cmd.error_count': channel({ id: 0x102, type: 'U32', unit: '', description: 'Commands rejected or failed since boot.' }),
  'cmd.last_mnemonic': channel({ id: 0x103, type: 'string', unit: '', description: 'The last command received.' }),
  'seq.state': channel({ id: 0x201, type: 'string', unit: '', description: 'Sequencer state: idle, loaded, running, waiting, done, aborted.' }),
  'seq.id': channel({ id: 0x202, type: 'string', unit: '', description: 'The loaded sequence.' }),
  'seq.step_index': channel({ id: 0x203, type: 'I32', unit: '', description: 'The last step dispatched (-1 before the first).' }),
  'fp.mode': channel({ id: 0x301, type: 'string', unit: '', description: 'Fault protection mode: NOMINAL or SAFE.' }),
  'fp.tripped': channel({ id: 0x302, type: 'string', unit: '', description: 'The monitors tripped since the last clear, comma-separated.' }),
  'fp.tilt_deg': channel({ id: 0x303, type: 'F64', unit: 'deg', description: 'Tilt from the IMU, as the tilt monitor sees it (0.1 deg).' }),
  'fp.slip': channel({ id: 0x304, type: 'F64', unit: '', description: 'Slip measured by VO against wheel odometry (0..1).' }),
  'nav.pose_estimate_m': channel({ id: 0x401, type: 'F64[2]', unit: 'm', description: 'Onboard position estimate (site x, y).' }),
  'nav.heading_deg': channel({ id: 0x402, type: 'F64', unit: 'deg', description: 'Onboard heading, counter-clockwise from east.' }),
  'nav.odometer_m': channel({ id: 0x403, type: 'F64', unit: 'm', description: 'Distance driven by the onboard estimate.' }),
  'nav.look_pose': channel({ id: 0x404, type: 'F64[3]', unit: 'm, m, deg', description: 'Where autonomous navigation looked from: site x, y and heading.' }),
  'att.roll_deg': channel({ id: 0x405, type: 'F64', unit: 'deg', description: 'Roll from the IMU, positive left side up.' }),
  'att.pitch_deg': channel({ id: 0x406, type: 'F64', unit: 'deg', description: 'Pitch from the IMU, positive nose up.' }),
  'autonav.cycles': channel({ id: 0x501, type: 'U32', unit: '', description: 'Navigation cycles of the current traverse.' }),
  'autonav.checks_last_cycle': channel({ id: 0x502, type: 'U32', unit: '', description: 'Path checks of the last cycle.' }),
  'autonav.checks_total': channel({ id: 0x503, type: 'U32', unit: '', description: 'Path checks of the current traverse.' }),
  'mob.suspension_deg': channel({ id: 0x601, type: 'F64[3]', unit: 'deg', description: 'Rocker, left bogie and right bogie angles.' }),
  'mob.wheel_current_a': channel({ id: 0x602, type: 'F64[6]', unit: 'A', description: 'Drive motor currents, WHEELS order (LF LM LR RF RM RR).' }),
  'pwr.energy_used_wh': channel({ id: 0x701, type: 'F64', unit: 'Wh', description: 'Energy the loads drew since the start of the run.' }),
  'pwr.soc': channel({ id: 0x702, type: 'F64', unit: 'fraction', description: 'Battery state of charge (0..1).' }),
};

export type ChannelName = keyof typeof CHANNELS;
export type ChannelValue<C extends ChannelName> = ValueOf<(typeof CHANNELS)[C]['type']>;

/** The dictionary as tools read it (`rover dictionary`), ids in order. */
export function channelDictionary(): ({ name: ChannelName } & ChannelSpec)[] {
  return (Object.entries(CHANNELS) as [ChannelName, ChannelSpec][]).map(([name, c]) => ({ name, ...c })).sort((a, b) => a.id - b.id);
}
