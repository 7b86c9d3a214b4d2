package com.example.db

import com.zaxxer.hikari.HikariConfig
import com.zaxxer.hikari.HikariDataSource
import io.ktor.server.config.ApplicationConfig
import org.jetbrains.exposed.sql.Database

object Db {
    fun connectLegacy(): Database =
        Database.connect(
            url = "jdbc:postgresql://localhost:5432/app",
            driver = "org.postgresql.Driver",
            user = "postgres",
            password = "exposed-example-pw", // ward-expect: credentials
        )

    fun pool(): HikariDataSource = HikariDataSource(HikariConfig().apply {
        jdbcUrl = "jdbc:mysql://mysql.internal.example.com/shop"
        username = "shop"
        password = "kotlin-hikari-example" // ward-expect: credentials
    })

    // ward-good: credentials
    fun connect(config: ApplicationConfig): Database =
        Database.connect(
            url = config.property("db.url").getString(),
            driver = "org.postgresql.Driver",
            user = config.property("db.user").getString(),
            password = config.property("db.password").getString(),
        )

    // ward-good: credentials
    fun poolEnv(): HikariDataSource = HikariDataSource(HikariConfig().apply {
        jdbcUrl = System.getenv("JDBC_URL")
        username = System.getenv("DB_USER")
        password = System.getenv("DB_PASSWORD")
    })
}
