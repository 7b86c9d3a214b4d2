package com.example.audit

import java.io.ObjectInputStream
import java.sql.Connection
import javax.sql.DataSource
import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.RequestParam
import org.springframework.web.bind.annotation.RestController

@RestController
class AuditDao(private val dataSource: DataSource, private val jdbc: JdbcTemplate) {

    @GetMapping("/audit")
    fun events(@RequestParam actor: String): List<String> =
        dataSource.connection.use { conn: Connection ->
            conn.createStatement().executeQuery("SELECT action FROM audit WHERE actor = '$actor'").use { rs -> // ward-expect: injection
                generateSequence { if (rs.next()) rs.getString(1) else null }.toList()
            }
        }

    @GetMapping("/audit/count")
    fun count(@RequestParam table: String): Int =
        jdbc.queryForObject("SELECT count(*) FROM ${table}", Int::class.java)!! // ward-expect: injection

    @GetMapping("/audit/export")
    fun export(@RequestParam dest: String): Int =
        Runtime.getRuntime().exec(arrayOf("sh", "-c", "pg_dump -t audit app > $dest")).waitFor() // ward-expect: injection

    fun restore(bytes: ByteArray): Any? = ObjectInputStream(bytes.inputStream()).readObject() // ward-expect: injection

    // ward-good: injection
    @GetMapping("/audit/safe")
    fun eventsSafe(@RequestParam actor: String): List<String> =
        jdbc.queryForList("SELECT action FROM audit WHERE actor = ?", String::class.java, actor)

    // ward-good: injection
    @GetMapping("/audit/export-safe")
    fun exportSafe(@RequestParam name: String): Int {
        require(name.matches(Regex("[a-z0-9_]{1,32}")))
        return ProcessBuilder("pg_dump", "-t", "audit", "-f", "/exports/$name.sql", "app").start().waitFor()
    }

    // ward-good: injection
    fun describe(actor: String) = "SELECT action FROM audit WHERE actor = '$actor' would be unsafe; use placeholders"
}
