import { CaseState, TRANSITIONS, TransitionName } from '@baoxue/domain';

export interface Move {
  transition: TransitionName;
  to: CaseState;
}

/**
 * The moves a random case history may take, from the domain's transition table: for each
 * state, the named transitions that leave it, in the order given (a seeded walk picks by index).
 */
export function lifecycleMoves(names: readonly TransitionName[]): Record<CaseState, Move[]> {
  const moves = {} as Record<CaseState, Move[]>;
  for (const name of names) {
    const { from, to } = TRANSITIONS[name];
    for (const state of from) (moves[state] ??= []).push({ transition: name, to });
  }
  return moves;
}
