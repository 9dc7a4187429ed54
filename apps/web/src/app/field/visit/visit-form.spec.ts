import { emptyVisit, followUpOn, visitProblems, visitRequest, withPerson } from './visit-form';

const TODAY = '2026-12-02';

describe('visit form', () => {
  it('starts as a home visit today with nothing else set', () => {
    expect(visitRequest(emptyVisit(TODAY), 'c1')).toEqual({
      clientId: 'c1',
      kind: 'home_visit',
      occurredOn: TODAY,
    });
  });

  it('sends the filled fields trimmed, and the location when recorded', () => {
    const draft = {
      ...emptyVisit(TODAY),
      outcome: 'willing_to_return' as const,
      peoplePresent: ' 父亲、本人 ',
      notes: ' 家长同意下周一送回学校 ',
      nextFollowUpOn: followUpOn(TODAY, 7),
      location: { latitude: 35.41, longitude: 116.59, accuracyMeters: 20 },
    };
    expect(visitRequest(draft, 'c2')).toEqual({
      clientId: 'c2',
      kind: 'home_visit',
      occurredOn: TODAY,
      outcome: 'willing_to_return',
      peoplePresent: '父亲、本人',
      notes: '家长同意下周一送回学校',
      nextFollowUpOn: '2026-12-09',
      location: { latitude: 35.41, longitude: 116.59, accuracyMeters: 20 },
    });
  });

  it.each([
    [3, '2026-12-05'],
    [7, '2026-12-09'],
    [14, '2026-12-16'],
    [30, '2027-01-01'],
  ])('a quick pick of %i days sets %s', (days, expected) => {
    expect(followUpOn(TODAY, days)).toBe(expected);
  });

  it('names the field and the rule the API would refuse', () => {
    const problems = visitProblems(
      {
        ...emptyVisit(TODAY),
        occurredOn: '2026-12-03',
        nextFollowUpOn: '2026-12-01',
        notes: 'x'.repeat(4001),
      },
      TODAY,
    );
    expect(problems.occurredOn?.zh).toBe('家访日期不能晚于今天');
    expect(problems.nextFollowUpOn?.zh).toBe('下次跟进日期不能早于家访日期');
    expect(problems.notes?.zh).toContain('4000');
    expect(visitProblems(emptyVisit(TODAY), TODAY)).toEqual({});
    expect(visitProblems({ ...emptyVisit(TODAY), occurredOn: '' }, TODAY).occurredOn?.zh).toBe(
      '请选择家访日期',
    );
  });

  it('adds a guardian to the people present once', () => {
    expect(withPerson('', '张三')).toBe('张三');
    expect(withPerson('本人', '张三')).toBe('本人、张三');
    expect(withPerson('本人，张三', '张三')).toBe('本人，张三');
  });
});
