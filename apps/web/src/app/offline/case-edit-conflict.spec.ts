import fc from 'fast-check';
import { EDITABLE_CASE_FIELDS } from '@baoxue/contracts';
import { reconcileEdit, resolveEdit } from './case-edit-conflict';

const current = (fields: Partial<Record<'whereabouts' | 'plan' | 'reasonNote', string | null>>) => ({
  version: 9,
  updatedAt: '2026-12-01T00:00:00Z',
  whereabouts: null,
  plan: null,
  reasonNote: null,
  ...fields,
});

describe(reconcileEdit.name, () => {
  it('keeps the user’s value for a field the server left as it was, at the new version', () => {
    const result = reconcileEdit(
      { version: 3, plan: '新计划' },
      { plan: '旧计划', whereabouts: null },
      current({ plan: '旧计划', whereabouts: '外出务工' }),
    );
    expect(result).toEqual({ conflicts: [], resend: { version: 9, plan: '新计划' } });
  });

  it('asks the user when both changed the same field differently', () => {
    const result = reconcileEdit(
      { version: 3, plan: '新计划' },
      { plan: '旧计划' },
      current({ plan: '别人的计划' }),
    );
    expect(result).toEqual({
      conflicts: [{ field: 'plan', mine: '新计划', theirs: '别人的计划' }],
      resend: null,
    });
  });

  it('keeps the untouched fields beside the ones to decide', () => {
    const result = reconcileEdit(
      { version: 3, plan: '新计划', whereabouts: null },
      { plan: '旧计划', whereabouts: '外省' },
      current({ plan: '别人的计划', whereabouts: '外省' }),
    );
    expect(result.conflicts.map((c) => c.field)).toEqual(['plan']);
    expect(result.resend).toEqual({ version: 9, whereabouts: null });
  });

  it('has nothing to send when the server already holds the user’s values', () => {
    expect(reconcileEdit({ version: 3, plan: '同' }, { plan: '旧' }, current({ plan: '同' }))).toEqual({
      conflicts: [],
      resend: null,
    });
  });

  it('asks when the value read is unknown', () => {
    expect(
      reconcileEdit({ version: 3, plan: '新' }, undefined, current({ plan: '旧' })).conflicts,
    ).toHaveLength(1);
  });

  it('never loses a value: every edited field is resent, decided, or already on the server', () => {
    const value = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null });
    const fields = fc.record({ whereabouts: value, plan: value, reasonNote: value });
    fc.assert(
      fc.property(
        fields,
        fields,
        fields,
        fc.array(fc.constantFrom(...EDITABLE_CASE_FIELDS)),
        (base, mine, server, edited) => {
          const edit = { version: 1, ...Object.fromEntries(edited.map((f) => [f, mine[f]])) };
          const { conflicts, resend } = reconcileEdit(edit, base, current(server));
          for (const field of new Set(edited)) {
            const decided = conflicts.some((c) => c.field === field && c.mine === mine[field]);
            const resent = resend?.[field] === mine[field];
            const onServer = server[field] === mine[field];
            expect(decided || resent || onServer).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 6 },
    );
  });
});

describe(resolveEdit.name, () => {
  const edit = { version: 3, whereabouts: '县城', plan: '新计划' };
  const server = current({ whereabouts: '外省', plan: '别人的计划' });

  it('sends the fields the user kept at the server’s version', () => {
    expect(resolveEdit(edit, server, { whereabouts: 'mine', plan: 'theirs' })).toEqual({
      version: 9,
      whereabouts: '县城',
    });
  });

  it('leaves nothing to send when the user keeps every server value', () => {
    expect(resolveEdit(edit, server, { whereabouts: 'theirs', plan: 'theirs' })).toBeNull();
  });
});
