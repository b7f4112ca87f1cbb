import type { Dispatcher } from '../cmd/dispatcher';
import type { MotionGuard } from '../mobility/commands';
import type { FaultProtection } from './fault-protection';

/** Fault protection's commands: enter SAFE mode, and the ground's clearing of the faults. */
export function registerFaultCommands(d: Dispatcher, fault: FaultProtection): void {
  d.register('FP_ENTER_SAFE_MODE', () => {
    fault.enterSafeMode('commanded by the ground');
    return { status: 'OK' };
  });
  d.register('FP_CLEAR_FAULT', () => {
    fault.clear();
    return { status: 'OK' };
  });
}

/** Motion refused while in SAFE mode, until the ground sends FP_CLEAR_FAULT. */
export function refuseMotionInSafeMode(fault: Pick<FaultProtection, 'mode'>): MotionGuard {
  return (make) => (a) => (fault.mode === 'SAFE' ? { status: 'EXECUTION_ERROR', message: 'in SAFE mode: motion refused until FP_CLEAR_FAULT' } : make(a));
}
