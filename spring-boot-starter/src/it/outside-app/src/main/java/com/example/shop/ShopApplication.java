package com.example.shop;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class ShopApplication {

    private final JdbcTemplate jdbc;

    public ShopApplication(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    @GetMapping("/customers")
    Map<String, Object> customers() {
        return Map.of("count", jdbc.queryForObject("SELECT COUNT(*) FROM customers", Long.class),
                "emails", jdbc.queryForList("SELECT email FROM customers ORDER BY id", String.class),
                "tag", String.valueOf(jdbc.queryForObject("SELECT @tandem_version", String.class)));
    }
}
