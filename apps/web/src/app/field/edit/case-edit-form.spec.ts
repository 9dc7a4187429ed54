import { changedFields, shownValues, tooLong } from './case-edit-form';

describe('case edit form', () => {
  const card = { whereabouts: '在家', plan: null, reasonNote: '厌学' };

  it('shows the card with the edits still waiting laid over it, latest last', () => {
    expect(
      shownValues(card, [
        { version: 3, plan: '每周家访' },
        { version: 3, plan: '每周两次家访', whereabouts: null },
      ]),
    ).toEqual({ whereabouts: null, plan: '每周两次家访', reasonNote: '厌学' });
  });

  it('finds the changed fields, trimmed; an emptied field is cleared', () => {
    expect(changedFields(card, { whereabouts: ' 在家 ', plan: ' 每周家访 ', reasonNote: '' })).toEqual({
      plan: '每周家访',
      reasonNote: null,
    });
    expect(changedFields(card, { whereabouts: '在家', plan: '', reasonNote: '厌学' })).toEqual({});
  });

  it('names the fields over the API’s limits', () => {
    expect(tooLong({ whereabouts: 'x'.repeat(501), plan: 'x'.repeat(4000), reasonNote: '' })).toEqual([
      'whereabouts',
    ]);
  });
});
