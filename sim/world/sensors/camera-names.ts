/** The engineering cameras by name (their models are in camera-model.ts): light enough for the command line. */
export const CAMERA_NAMES = ['front_hazcam', 'rear_hazcam', 'navcam'] as const;

export type CameraName = (typeof CAMERA_NAMES)[number];
