import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';

const JWKS = createRemoteJWKSet(new URL('https://auth.example.com/.well-known/jwks.json'));
const encoder = new TextEncoder();

export async function middleware(req: NextRequest) {
  const token = req.cookies.get('session')?.value;
  if (!token) return NextResponse.redirect(new URL('/login', req.url));
  const claims = decodeJwt(token); // ward-expect: jwt
  if (claims.role !== 'admin' && req.nextUrl.pathname.startsWith('/admin')) {
    return NextResponse.redirect(new URL('/403', req.url));
  }
  return NextResponse.next();
}

export async function signSession(userId: string) {
  return new SignJWT({ sub: userId })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('2h')
    .sign(encoder.encode('my-super-secret-session-key')); // ward-expect: jwt
}

// ward-good: jwt
export async function verifySession(token: string) {
  const { payload } = await jwtVerify(token, JWKS, {
    issuer: 'https://auth.example.com/',
    audience: 'web',
    algorithms: ['RS256'],
  });
  return payload;
}

// ward-good: jwt
export async function signSessionFromEnv(userId: string) {
  const secret = encoder.encode(process.env.SESSION_SECRET!);
  return new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('2h').sign(secret);
}

// ward-good: jwt
export function tokenKid(token: string): string | undefined {
  return decodeProtectedHeader(token).kid;
}
