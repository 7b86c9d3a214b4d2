import { Injectable, Module, UnauthorizedException } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { PassportModule, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

export const jwtConstants = {
  secret: 'DO NOT USE THIS VALUE. INSTEAD, CREATE A COMPLEX SECRET AND KEEP IT SAFE OUTSIDE OF THE SOURCE CODE.', // ward-expect: jwt
};

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: true, // ward-expect: jwt
      secretOrKey: process.env.JWT_SECRET,
    });
  }

  async validate(payload: { sub: string; username: string }) {
    return { userId: payload.sub, username: payload.username };
  }
}

@Injectable()
export class StrictJwtStrategy extends PassportStrategy(Strategy, 'jwt-strict') {
  // ward-good: jwt
  constructor(config: ConfigService) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: config.getOrThrow<string>('JWT_SECRET'),
      algorithms: ['HS256'],
    });
  }

  async validate(payload: { sub: string }) {
    return { userId: payload.sub };
  }
}

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  whoAmI(token: string): string {
    const claims = this.jwt.decode(token) as { sub: string } | null; // ward-expect: jwt
    if (!claims) throw new UnauthorizedException();
    return claims.sub;
  }

  // ward-good: jwt
  async whoAmIVerified(token: string): Promise<string> {
    const claims = await this.jwt.verifyAsync<{ sub: string }>(token);
    return claims.sub;
  }
}

@Module({
  imports: [
    PassportModule,
    JwtModule.register({
      secret: 'secretKey', // ward-expect: jwt
      signOptions: { expiresIn: '60s' },
    }),
  ],
  providers: [JwtStrategy, TokenService],
})
export class LegacyAuthModule {}

// ward-good: jwt
@Module({
  imports: [
    ConfigModule,
    JwtModule.registerAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        secret: config.getOrThrow<string>('JWT_SECRET'),
        signOptions: { expiresIn: '15m', algorithm: 'HS256' },
      }),
    }),
  ],
  providers: [StrictJwtStrategy, TokenService],
})
export class AuthModule {}
