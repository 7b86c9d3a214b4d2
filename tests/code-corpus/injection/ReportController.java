package com.example.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ReportController {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public ReportController(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    @GetMapping("/reports/user")
    public List<String> userReport(@RequestParam String userId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection conn = dataSource.getConnection(); Statement stmt = conn.createStatement()) {
            ResultSet rs = stmt.executeQuery("SELECT title FROM reports WHERE owner_id = " + userId); // ward-expect: injection
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @GetMapping("/reports/search")
    public List<Map<String, Object>> search(@RequestParam String q, @RequestParam(defaultValue = "title") String sort) {
        String sql = "SELECT * FROM reports WHERE title LIKE '%" + q + "%' ORDER BY " + sort;
        return jdbc.queryForList(sql); // ward-expect: injection
    }

    @PostMapping("/reports/archive")
    public int archive(@RequestParam String before) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            PreparedStatement ps = conn.prepareStatement(
                    "UPDATE reports SET archived = true WHERE created < '" + before + "'"); // ward-expect: injection
            return ps.executeUpdate();
        }
    }

    @GetMapping("/reports/count")
    public Integer count(@RequestParam String status) {
        return jdbc.queryForObject(String.format("SELECT count(*) FROM reports WHERE status = '%s'", status), Integer.class); // ward-expect: injection
    }

    @PostMapping("/tools/convert")
    public String convert(@RequestParam String file) throws IOException {
        Process p = Runtime.getRuntime().exec("libreoffice --headless --convert-to pdf " + file); // ward-expect: injection
        return new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
    }

    @PostMapping("/tools/grep")
    public String grep(HttpServletRequest request) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "grep -r " + request.getParameter("pattern") + " /srv/docs"); // ward-expect: injection
        Process p = pb.start();
        return new String(p.getInputStream().readAllBytes());
    }

    public Object receive(int port) throws Exception {
        try (ServerSocket server = new ServerSocket(port); Socket s = server.accept()) {
            ObjectInputStream in = new ObjectInputStream(s.getInputStream());
            return in.readObject(); // ward-expect: injection
        }
    }

    @PostMapping("/session/restore")
    public Object restore(HttpServletRequest request) throws Exception {
        try (ObjectInputStream ois = new ObjectInputStream(request.getInputStream())) {
            return ois.readObject(); // ward-expect: injection
        }
    }

    // ward-good: injection
    @GetMapping("/reports/user-safe")
    public List<String> userReportSafe(@RequestParam long userId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT title FROM reports WHERE owner_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    // ward-good: injection
    @GetMapping("/reports/search-safe")
    public List<Map<String, Object>> searchSafe(@RequestParam String q) {
        return jdbc.queryForList("SELECT * FROM reports WHERE title LIKE ? ORDER BY title", "%" + q + "%");
    }

    // ward-good: injection
    @PostMapping("/tools/convert-safe")
    public int convertSafe(@RequestParam String file) throws Exception {
        Process p = new ProcessBuilder("libreoffice", "--headless", "--convert-to", "pdf", file).start();
        return p.waitFor();
    }

    // ward-good: injection
    @GetMapping("/reports/total")
    public Integer total() {
        String sql = "SELECT count(*) FROM reports " + "WHERE archived = false";
        return jdbc.queryForObject(sql, Integer.class);
    }

    // ward-good: injection
    public void logQuery(String userId) {
        System.out.println("SELECT for owner " + userId + " took too long");
    }
}
