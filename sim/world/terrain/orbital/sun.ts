import { degToRad } from '../../../../src/core/geometry';
import type { Vec3 } from '../../../../src/core/geometry';

/** Unit vector toward the sun in the site frame (x east, y north, z up). */
export function sunDirection(elevationDeg: number, azimuthDeg: number): Vec3 {
  const el = degToRad(elevationDeg), az = degToRad(azimuthDeg);
  return { x: Math.cos(el) * Math.sin(az), y: Math.cos(el) * Math.cos(az), z: Math.sin(el) };
}
