package io.acme.auth

import io.jsonwebtoken.Jwts
import io.jsonwebtoken.security.Keys
import java.time.Instant
import java.util.Date

object TokenSigner {
    // HMAC key shared with the gateway (must match GATEWAY_SIGNING_KEY there)
    private const val SIGNING_SECRET = "h0DYieS8i/qJViwrx4gAW67JFo6U4tWFGZy+GiZxCDwXGHfshmJjstkso0zQOQJ+"

    private val key = Keys.hmacShaKeyFor(SIGNING_SECRET.toByteArray())

    fun sign(subject: String, ttlSeconds: Long = 900): String =
        Jwts.builder()
            .subject(subject)
            .issuedAt(Date.from(Instant.now()))
            .expiration(Date.from(Instant.now().plusSeconds(ttlSeconds)))
            .signWith(key)
            .compact()
}
