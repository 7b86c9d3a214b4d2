<?php

declare(strict_types=1);

namespace App\Http\Middleware;

use Closure;
use Firebase\JWT\JWT;
use Firebase\JWT\Key;
use Firebase\JWT\JWK;
use Illuminate\Http\Request;

class JwtAuthenticate
{
    private const JWT_KEY = 'example_key_please_change'; // ward-expect: jwt

    public function issue(int $userId): string
    {
        $payload = [
            'iss' => 'https://app.example.com',
            'sub' => $userId,
            'iat' => time(),
            'exp' => time() + 3600,
        ];
        return JWT::encode($payload, self::JWT_KEY, 'HS256');
    }

    public function issueAdmin(): string
    {
        return JWT::encode(['sub' => 1, 'admin' => true], 'secret123', 'HS256'); // ward-expect: jwt
    }

    public function legacyDecode(string $jwt, string $publicKey)
    {
        // php-jwt 5.x signature: allowed algs as third argument
        return JWT::decode($jwt, $publicKey, array('RS256', 'HS256')); // ward-expect: jwt
    }

    public function userIdFromToken(string $jwt): int
    {
        [, $body] = explode('.', $jwt);
        $claims = json_decode(base64_decode(strtr($body, '-_', '+/')), true); // ward-expect: jwt
        return (int) $claims['sub'];
    }

    // ward-good: jwt
    public function decode(string $jwt): object
    {
        JWT::$leeway = 60;
        return JWT::decode($jwt, new Key(getenv('JWT_SECRET'), 'HS256'));
    }

    // ward-good: jwt
    public function decodeRs256(string $jwt): object
    {
        $publicKey = file_get_contents(__DIR__ . '/../../../storage/keys/jwt.pub');
        return JWT::decode($jwt, new Key($publicKey, 'RS256'));
    }

    // ward-good: jwt
    public function decodeWithJwks(string $jwt, array $jwks): object
    {
        return JWT::decode($jwt, JWK::parseKeySet($jwks, 'RS256'));
    }

    // ward-good: jwt
    public function issueFromEnv(int $userId): string
    {
        return JWT::encode(['sub' => $userId, 'exp' => time() + 900], $_ENV['JWT_SECRET'], 'HS256');
    }

    public function handle(Request $request, Closure $next)
    {
        $token = $request->bearerToken();
        if (!$token) {
            return response()->json(['error' => 'Token not provided'], 401);
        }
        // ward-good: jwt
        $request->attributes->set('jwt', $this->decode($token));
        return $next($request);
    }
}
