import { stageReached } from './my-work.query';

describe('the stage an item has reached', () => {
  it('is the stage before the next one to fire, none before the first, the last once all fired', () => {
    expect(stageReached('due')).toBeNull();
    expect(stageReached('next_level')).toBe('due');
    expect(stageReached('second_level')).toBe('next_level');
    expect(stageReached('bureau_leader')).toBe('second_level');
    expect(stageReached(null)).toBe('bureau_leader');
  });
});
