import type { HardwarePorts, StereoFrame } from '../../../src/fsw/ports';

/*
 * The door flight software is handed (src/DESIGN.md, the one rule): a frozen object of functions whose
 * answers are flight software's own. The simulator's hardware (SimHardware) holds the truth vehicle,
 * its terrain and the truth frame behind each capture; none of that is reachable from what this
 * returns, because the hardware is captured in closures only and every answer is a fresh object. What
 * the hardware keeps is copied: a frame's image is the truth render's pixels (flight software writing
 * into it must not change what the referee and the people's frames see, nor may it hold the truth
 * buffer). The stereo's ranges, points and validity are made for this answer alone and handed over
 * as they are: copying them cost ~0.8 MB of allocation per capture.
 */

/** The ports flight software may hold: functions over `hardware`, no reference to it. */
export function flightPorts(hardware: HardwarePorts): HardwarePorts {
  const ports: HardwarePorts = {
    clock: { nowS: () => hardware.clock.nowS() },
    cameras: { capture: (camera, pointing) => copyFrame(hardware.cameras.capture(camera, pointing && { ...pointing })) },
    imu: { read: () => ({ ...hardware.imu.read() }) },
    encoders: { read: () => copySample(hardware.encoders.read(), 'wheelAngleRad') },
    suspension: { read: () => ({ ...hardware.suspension.read() }) },
    motors: { read: () => copySample(hardware.motors.read(), 'currentA') },
    power: { read: () => ({ ...hardware.power.read() }) },
    visualOdometry: {
      update: (camera) => {
        const sample = hardware.visualOdometry.update(camera);
        return sample && { ...sample };
      },
    },
    // The command is copied on the way out too: the hardware keeps it while flight software goes on.
    mobility: { command: (cmd) => hardware.mobility.command({ steerRad: cmd.steerRad.slice(), wheelRateRadS: cmd.wheelRateRadS.slice() }) },
    sunSensor: { measureHeading: () => ({ ...hardware.sunSensor.measureHeading() }) },
  };
  for (const port of Object.values(ports)) Object.freeze(port);
  return Object.freeze(ports);
}

function copySample<T extends { timeS: number }, K extends keyof T>(sample: T, key: K): T {
  return { ...sample, [key]: (sample[key] as unknown as number[]).slice() };
}

/** A stereo frame flight software owns: the truth image copied, the calibration arrays copied, the measurement its own. */
function copyFrame(f: StereoFrame): StereoFrame {
  return {
    ...f,
    centreRover: [f.centreRover[0], f.centreRover[1], f.centreRover[2]],
    roverFromCamera: f.roverFromCamera.slice(),
    image: f.image.slice(),
  };
}
