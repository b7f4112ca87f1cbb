import { InputError } from '../../core/errors';
import { checkPlanScenario, loadPlanFile } from '../plan';
import type { PlanOutcome, Planner, PlanRequest } from './planner';

/** A human rover planner's plan, read from its file (validated like any plan; it must be for this scenario). */
export class HumanPlanner implements Planner {
  readonly name = 'human' as const;

  constructor(private readonly file: string) {}

  async plan(request: PlanRequest): Promise<PlanOutcome> {
    const plan = loadPlanFile(this.file);
    checkPlanScenario(plan, this.file, request.scenario);
    if (plan.provenance.planner !== 'human') {
      throw new InputError(this.file, 'provenance.planner', `is "${plan.provenance.planner}"; a human plan file says "human"`);
    }
    return { plan, attachments: [] };
  }
}
