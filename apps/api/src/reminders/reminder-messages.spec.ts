import { MessageItem, maskedChildName, reminderNotifications, reminderText } from './reminder-messages';
import { ResponsiblePerson } from './reminder-recipients';

const item: MessageItem = {
  id: 'item-1',
  kind: 'follow_up',
  ref: '2026-12-02',
  dueOn: '2026-12-09',
  caseId: 'case-1',
  subjectName: '张小明',
};
const responsibles: ResponsiblePerson[] = [
  { id: 'r1', name: '王五', line: 'government', level: 'village', userId: 'u1', hasUser: true, phone: null },
  {
    id: 'r2',
    name: '李老师',
    line: 'education',
    level: 'class',
    userId: null,
    hasUser: false,
    phone: '13800000000',
  },
];

describe('reminder messages', () => {
  it('masks a child to the family name and one star', () => {
    expect(maskedChildName('张小明')).toBe('张*');
    expect(maskedChildName('欧阳娜娜')).toBe('欧*');
    expect(maskedChildName('')).toBe('*');
  });

  it('reminds on the due day, and says how late when it goes out later', () => {
    expect(reminderText(item, 'due', '2026-12-09', responsibles, 'village')).toEqual({
      title: '【到期提醒】劝返跟进：张*',
      body: '劝返跟进今日到期（2026-12-09）。请及时处理。',
    });
    expect(reminderText(item, 'due', '2026-12-10', responsibles, 'village').body).toBe(
      '劝返跟进已于2026-12-09到期，逾期1天。请及时处理。',
    );
  });

  it('names what is overdue, by how long, since when, who was responsible and where it goes', () => {
    const text = reminderText(item, 'next_level', '2026-12-12', responsibles, 'town');
    expect(text.title).toBe('【逾期3天】劝返跟进：张*');
    expect(text.body).toBe(
      '劝返跟进应于2026-12-09完成，已逾期3天仍未处理。责任人：王五（村级）、李老师（班级/教师）。现上报至乡镇级，请督促落实。',
    );
    expect(reminderText(item, 'bureau_leader', '2026-12-16', responsibles, 'bureau_leader').body).toContain(
      '现上报至教育局领导',
    );
  });

  it('never carries the full name; one notification per recipient under its own key', () => {
    const inputs = reminderNotifications(
      item,
      'next_level',
      '2026-12-11',
      responsibles,
      [
        { userId: 'u9', responsibleId: null, level: 'town' },
        { userId: null, responsibleId: 'r2', level: 'class' },
      ],
      true,
    );
    expect(inputs.map((input) => input.dedupeKey)).toEqual([
      'item:item-1:next_level:user:u9',
      'item:item-1:next_level:responsible:r2',
    ]);
    for (const input of inputs) {
      expect(input).toMatchObject({
        kind: 'escalation',
        stage: 'next_level',
        link: '/cases/case-1',
        sms: true,
      });
      expect(JSON.stringify(input)).not.toContain('张小明');
    }
  });

  it('names the school and period of a school report and links to my work', () => {
    const report: MessageItem = {
      ...item,
      kind: 'school_report',
      ref: '2026-12',
      caseId: null,
      subjectName: '进士张小学',
    };
    const [input] = reminderNotifications(
      report,
      'due',
      '2026-12-28',
      [],
      [{ userId: 'p1', responsibleId: null, level: 'school' }],
      false,
    );
    expect(input).toMatchObject({
      kind: 'reminder',
      link: '/work',
      title: '【到期提醒】学校月报：进士张小学（2026-12）',
    });
  });
});
