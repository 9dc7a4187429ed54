import { dueRecipients, ResponsiblePerson, targetLevels } from './reminder-recipients';

const person = (over: Partial<ResponsiblePerson>): ResponsiblePerson => ({
  id: 'r',
  name: '某人',
  line: 'government',
  level: 'village',
  userId: null,
  hasUser: false,
  phone: null,
  ...over,
});

describe('reminder recipients', () => {
  const subject = (responsibles: ResponsiblePerson[], isSchoolReport = false) => ({
    regionPath: '/37/',
    schoolId: null,
    isSchoolReport,
    responsibles,
  });

  it('reaches responsible persons by account, else by phone, each once; a disabled account never', () => {
    expect(
      dueRecipients([
        person({ id: 'a', userId: 'u1', hasUser: true }),
        person({ id: 'b', userId: 'u1', hasUser: true, line: 'education', level: 'class' }),
        person({ id: 'c', phone: '13800000000' }),
        person({ id: 'd' }),
        person({ id: 'e', hasUser: true, phone: '13900000000' }),
      ]),
    ).toEqual([
      { userId: 'u1', responsibleId: null, level: 'village' },
      { userId: null, responsibleId: 'c', level: 'village' },
    ]);
  });

  it('escalates along each responsible person’s own line', () => {
    const both = subject([
      person({ level: 'village' }),
      person({ line: 'education', level: 'class' }),
      person({ line: 'education', level: 'grade' }),
    ]);
    expect(targetLevels(both, 'next_level')).toEqual(['town', 'school']);
    expect(targetLevels(both, 'second_level')).toEqual(['county', 'bureau']);
    expect(targetLevels(both, 'bureau_leader')).toEqual(['bureau_leader']);
    // Already at the top of its line: only the bureau leader remains.
    expect(targetLevels(subject([person({ level: 'county' })]), 'next_level')).toEqual([]);
    expect(targetLevels(subject([]), 'bureau_leader')).toEqual(['bureau_leader']);
  });

  it('escalates a school report as the school: the bureau, then the leader', () => {
    expect(targetLevels(subject([], true), 'next_level')).toEqual(['bureau']);
    expect(targetLevels(subject([], true), 'second_level')).toEqual([]);
  });
});
