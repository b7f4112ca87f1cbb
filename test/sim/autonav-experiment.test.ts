import { describe, expect, it } from 'vitest';
import { EXPERIMENT, experimentCell, experimentTable, parseExperimentArgs, readmeExperimentTable, runExperiment } from '../../bench/autonav-experiment';

/*
 * The rock-abundance experiment the README reports (JPL's ENav protocol: 30 terrains for each rock
 * abundance, an 80 m goal, the path tree and arc voting), rerun trial for trial: the table is what
 * the code gives today, every path-tree trial stays inside the truth's safety limits, no trial fails
 * within a metre of its start, and arc voting does no better than the path tree where rocks are dense.
 */
describe('the rock-abundance experiment (ENav protocol, 30 terrains a cell)', () => {
  it('reproduces the README table, safely, and never fails at the start', async () => {
    const { seeds, goalM, ks, modes, layouts } = EXPERIMENT;
    const trials = await runExperiment(seeds, goalM, ks, modes, layouts);
    expect(experimentTable(trials, ks, modes, goalM, layouts)).toEqual(readmeExperimentTable());
    for (const layout of layouts) {
      for (const k of ks) {
        for (const mode of modes) {
          const c = experimentCell(trials, k, mode, goalM, layout);
          expect(c.trials).toBe(seeds);
          // ACE keeps the path tree inside the truth's limits; arc voting checks steps and tilt only,
          // and may take a bogie to its stop (its fault protection then stops it).
          if (mode === 'AUTONAV') expect(c.violations, `${mode} at k ${k}, ${layout}`).toBe(0);
          expect(c.nearStart, `${mode} at k ${k}, ${layout}`).toBe(0);
        }
        if (k >= 0.1) expect(experimentCell(trials, k, 'ARC_VOTING', goalM, layout).reached, `k ${k}, ${layout}`).toBeLessThanOrEqual(experimentCell(trials, k, 'AUTONAV', goalM, layout).reached);
      }
    }
  }, 3_600_000);
});

describe('npm run experiment arguments', () => {
  it('defaults to the README experiment and takes seeds, goal, abundances and modes', () => {
    expect(parseExperimentArgs([])).toEqual(EXPERIMENT);
    expect(parseExperimentArgs(['5', '40', '0.1,0.2', 'AUTONAV'])).toEqual({ seeds: 5, goalM: 40, ks: [0.1, 0.2], modes: ['AUTONAV'], layouts: ['uniform', 'clustered'] });
    expect(parseExperimentArgs(['5', '40', '0.1', 'AUTONAV', 'clustered'])).toMatchObject({ layouts: ['clustered'] });
  });

  it('names the bad argument', () => {
    expect(parseExperimentArgs(['abc'])).toMatch(/SEEDS .* not 'abc'/);
    expect(parseExperimentArgs(['5', '-3'])).toMatch(/GOAL_M .* not '-3'/);
    expect(parseExperimentArgs(['5', '40', '0.1,x'])).toMatch(/K .* not '0.1,x'/);
    expect(parseExperimentArgs(['5', '40', '0'])).toMatch(/K .* not '0'/);
    expect(parseExperimentArgs(['5', '40', '0.1', 'AUTONAV,FOO'])).toMatch(/MODE .* not 'AUTONAV,FOO'/);
    expect(parseExperimentArgs(['5', '40', '0.1', 'AUTONAV', 'piles'])).toMatch(/LAYOUT .* not 'piles'/);
    expect(parseExperimentArgs(['5', '40', '0.1', 'AUTONAV', 'uniform', 'more'])).toMatch(/unexpected argument 'more'/);
  });
});
