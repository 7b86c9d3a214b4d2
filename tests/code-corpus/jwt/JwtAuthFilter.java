package com.example.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import io.jsonwebtoken.security.Keys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Date;
import javax.crypto.SecretKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

@Component
public class JwtAuthFilter extends OncePerRequestFilter {

    private static final String SECRET = "mySuperSecretKeyForJwtSigningThatIsLongEnough123"; // ward-expect: jwt

    private final PublicKey publicKey;
    private final SecretKey hmacKey;

    public JwtAuthFilter(PublicKey publicKey, @Value("${jwt.secret}") String secret) {
        this.publicKey = publicKey;
        this.hmacKey = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    public String generateToken(String username) {
        return Jwts.builder()
                .setSubject(username)
                .setIssuedAt(new Date())
                .setExpiration(new Date(System.currentTimeMillis() + 86_400_000))
                .signWith(SignatureAlgorithm.HS512, SECRET)
                .compact();
    }

    public String legacyToken(String username) {
        return Jwts.builder().setSubject(username).signWith(SignatureAlgorithm.HS256, "secret").compact(); // ward-expect: jwt
    }

    public Claims parseAnything(String token) {
        return (Claims) Jwts.parser().parse(token).getBody(); // ward-expect: jwt
    }

    public Claims parseUnsecured(String token) {
        return Jwts.parser()
                .unsecured()
                .build()
                .parseUnsecuredClaims(token) // ward-expect: jwt
                .getPayload();
    }

    public String subjectFromAuth0(String token) {
        DecodedJWT jwt = JWT.decode(token); // ward-expect: jwt
        return jwt.getSubject();
    }

    public Algorithm auth0Hmac() {
        return Algorithm.HMAC256("auth0-jwt-hmac-secret-example"); // ward-expect: jwt
    }

    // ward-good: jwt
    public Claims parseSigned(String token) {
        Jws<Claims> jws = Jwts.parser()
                .verifyWith(hmacKey)
                .build()
                .parseSignedClaims(token);
        return jws.getPayload();
    }

    // ward-good: jwt
    public String subjectVerified(String token) {
        Algorithm algorithm = Algorithm.RSA256((RSAPublicKey) publicKey, null);
        DecodedJWT jwt = JWT.require(algorithm)
                .withIssuer("https://auth.example.com/")
                .build()
                .verify(token);
        return jwt.getSubject();
    }

    // ward-good: jwt
    public Claims parseWithPublicKey(String token) {
        return Jwts.parserBuilder()
                .setSigningKey(publicKey)
                .build()
                .parseClaimsJws(token)
                .getBody();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            // ward-good: jwt
            Claims claims = parseSigned(header.substring(7));
            request.setAttribute("user", claims.getSubject());
        }
        chain.doFilter(request, response);
    }
}
