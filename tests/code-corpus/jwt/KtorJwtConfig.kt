package com.example.plugins

import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.Application
import io.ktor.server.application.call
import io.ktor.server.application.install
import io.ktor.server.auth.Authentication
import io.ktor.server.auth.jwt.JWTPrincipal
import io.ktor.server.auth.jwt.jwt
import io.ktor.server.response.respond
import java.util.Date

private val legacySecret = "ktor-sample-secret" // ward-expect: jwt

fun Application.configureLegacySecurity() {
    install(Authentication) {
        jwt("legacy") {
            verifier(
                JWT.require(Algorithm.HMAC256(legacySecret))
                    .withAudience("legacy")
                    .build()
            )
            validate { credential -> JWTPrincipal(credential.payload) }
        }
    }
}

fun issueLegacy(user: String): String =
    JWT.create()
        .withSubject(user)
        .withExpiresAt(Date(System.currentTimeMillis() + 3_600_000))
        .sign(Algorithm.HMAC512("hardcoded-hmac512-secret")) // ward-expect: jwt

fun subjectOf(token: String): String? = JWT.decode(token).subject // ward-expect: jwt

// ward-good: jwt
fun Application.configureSecurity() {
    val secret = environment.config.property("jwt.secret").getString()
    val issuer = environment.config.property("jwt.issuer").getString()
    val audience = environment.config.property("jwt.audience").getString()
    install(Authentication) {
        jwt("auth-jwt") {
            realm = "ktor sample app"
            verifier(
                JWT.require(Algorithm.HMAC256(secret))
                    .withAudience(audience)
                    .withIssuer(issuer)
                    .build()
            )
            validate { credential ->
                if (credential.payload.getClaim("username").asString() != "") JWTPrincipal(credential.payload) else null
            }
            challenge { _, _ -> call.respond(HttpStatusCode.Unauthorized, "Token is not valid or has expired") }
        }
    }
}

// ward-good: jwt
fun issue(user: String, secret: String = System.getenv("JWT_SECRET")): String =
    JWT.create().withSubject(user).sign(Algorithm.HMAC256(secret))
