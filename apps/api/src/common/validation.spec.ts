import { IsInt, IsString, MaxLength, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { validationDetails } from './validation';

class Guardian {
  @IsString()
  @MaxLength(5)
  name!: string;
}

class Child {
  @IsInt()
  grade!: number;

  @ValidateNested({ each: true })
  @Type(() => Guardian)
  guardians!: Guardian[];
}

describe(validationDetails.name, () => {
  it('names nested fields with dotted paths and the broken rule', () => {
    const child = plainToInstance(Child, {
      grade: 'x',
      guardians: [{ name: 'ok' }, { name: 'much too long' }],
    });
    const details = validationDetails(validateSync(child));
    expect(details).toEqual([
      { field: 'grade', rule: 'isInt', message: 'grade must be an integer number' },
      {
        field: 'guardians.1.name',
        rule: 'maxLength',
        message: 'name must be shorter than or equal to 5 characters',
      },
    ]);
  });
});

describe('validationDetails: what is reported', () => {
  class Login {
    @IsString()
    @MaxLength(5)
    username!: string;
  }

  it('reports a missing field once, as required', () => {
    const details = validationDetails(validateSync(plainToInstance(Login, {})));
    expect(details).toEqual([expect.objectContaining({ field: 'username', rule: 'isString' })]);
  });

  it('reports a wrong type by its type rule alone', () => {
    const details = validationDetails(validateSync(plainToInstance(Login, { username: 123456 })));
    expect(details.map((d) => d.rule)).toEqual(['isString']);
  });
});
