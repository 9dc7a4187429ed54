import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it.each([
    ['short1A!', 'too_short'],
    ['alllowercaseletters', 'too_simple'],
    ['lowercase1234567', 'too_simple'],
    ['x'.repeat(129), 'too_long'],
    ['Baoxue@2026', null],
    ['Zone-admin-2026!', null],
    ['UPPER lower 123', null],
  ])('%s → %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });
});
