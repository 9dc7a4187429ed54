import { requestedFields } from './case-fields.service';
import { UpdateCaseFieldsDto } from './dto/case-fields.dto';

const dto = (fields: Partial<UpdateCaseFieldsDto>): UpdateCaseFieldsDto =>
  Object.assign(new UpdateCaseFieldsDto(), { version: 1, ...fields });

describe(requestedFields.name, () => {
  it.each([
    [{ plan: '每周家访' }, { plan: '每周家访' }],
    [{ plan: '  每周家访\n' }, { plan: '每周家访' }],
    [{ whereabouts: null }, { whereabouts: null }],
    [{ whereabouts: '   ' }, { whereabouts: null }],
    [{ reasonNote: '' }, { reasonNote: null }],
    [{}, {}],
    [
      { whereabouts: '在家', plan: undefined, reasonNote: null },
      { whereabouts: '在家', reasonNote: null },
    ],
  ])('%j → %j (absent fields are left out; empty texts clear)', (given, expected) => {
    expect(requestedFields(dto(given))).toEqual(expected);
  });
});
