import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RegionsModule } from '../regions/regions.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { SessionStore } from './session.store';

@Module({
  imports: [RegionsModule],
  controllers: [AuthController],
  providers: [AuthService, SessionStore, LoginThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionStore],
})
export class AuthModule {}
