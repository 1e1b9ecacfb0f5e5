/**
 * The provider simulator: RunComfy's and RunningHub's HTTP APIs with jobs, media and faults, for the
 * local server (`/api/simulator`), `weft simulate` and the tests. See README.md.
 */
export { createSimulator } from './simulator.ts';
export { startSimulator, type RunningSimulator } from './server.ts';
export { keyFingerprint } from './http.ts';
export { FAULT_NAMES, JOB_FAULTS, CALL_FAULTS } from './types.ts';
export type { FaultName, FaultRule, SimCall, SimCallName, SimProvider, Simulator, SimulatorOptions, Timing } from './types.ts';
