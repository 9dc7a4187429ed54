import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ChangePasswordRequest, LoginRequest } from '@baoxue/contracts';
import { PASSWORD_MAX_LENGTH } from '@baoxue/domain';

export class LoginDto implements LoginRequest {
  /** 登录名, e.g. `village.official`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  /** At least 10 characters from three of: lower case, upper case, digits, symbols. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}
