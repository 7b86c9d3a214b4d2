package com.example.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.mail.Authenticator;
import javax.mail.PasswordAuthentication;
import javax.mail.Session;
import org.springframework.beans.factory.annotation.Value;

public class DataSourceFactory {

    private static final String DB_URL = "jdbc:postgresql://db.internal.example.com:5432/app";

    public Connection legacyConnection() throws SQLException {
        return DriverManager.getConnection(DB_URL, "sa", "password1-example"); // ward-expect: credentials
    }

    public Connection urlWithPassword() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://mysql.example.com/shop?user=shop&password=shop-url-example"); // ward-expect: credentials
    }

    public HikariDataSource pooled() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DB_URL);
        config.setUsername("app");
        config.setPassword("hikari-example-pw"); // ward-expect: credentials
        config.setMaximumPoolSize(10);
        return new HikariDataSource(config);
    }

    public Session mailSession() {
        Properties props = new Properties();
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.host", "smtp.example.com");
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("alerts@example.com", "mail-example-pw".toCharArray()); // ward-expect: credentials
            }
        });
    }

    public Connection propsConnection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "reporting");
        p.setProperty("password", "reporting-example-pw"); // ward-expect: credentials
        return DriverManager.getConnection(DB_URL, p);
    }

    // ward-good: credentials
    public Connection envConnection() throws SQLException {
        return DriverManager.getConnection(DB_URL, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    // ward-good: credentials
    public HikariDataSource pooledFromConfig(@Value("${spring.datasource.password}") String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DB_URL);
        config.setUsername("app");
        config.setPassword(password);
        return new HikariDataSource(config);
    }

    // ward-good: credentials
    public Session mailSessionEnv() {
        Properties props = new Properties();
        props.put("mail.smtp.auth", "true");
        final String user = System.getenv("SMTP_USER");
        final char[] pass = System.getenv("SMTP_PASSWORD").toCharArray();
        return Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user, pass);
            }
        });
    }

    // ward-good: credentials
    public Connection propsConnectionEnv() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", System.getProperty("db.user"));
        p.setProperty("password", System.getenv().getOrDefault("DB_PASSWORD", ""));
        return DriverManager.getConnection(DB_URL, p);
    }
}
