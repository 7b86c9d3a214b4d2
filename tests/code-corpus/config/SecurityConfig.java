package com.example.config;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

@Configuration
public class SecurityConfig {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{8,12}");

    @Bean
    public SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http
            .csrf(AbstractHttpConfigurer::disable) // ward-expect: config
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/login", "/css/**").permitAll()
                .anyRequest().authenticated())
            .formLogin(form -> form.loginPage("/login"));
        return http.build();
    }

    public SecurityFilterChain legacyChain(HttpSecurity http) throws Exception {
        http.csrf().disable() // ward-expect: config
            .authorizeRequests().anyRequest().authenticated()
            .and().formLogin();
        return http.build();
    }

    public SecurityFilterChain adminChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/admin/**")
            .csrf(csrf -> csrf.disable()) // ward-expect: config
            .httpBasic(b -> {});
        return http.build();
    }

    @Bean
    public CorsConfigurationSource corsConfigurationSource() {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOriginPatterns(List.of("*"));
        config.setAllowCredentials(true); // ward-expect: config
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    public static boolean isAccountNumber(String input) {
        return ACCOUNT.matcher(input).find(); // ward-expect: config
    }

    // ward-good: config
    public SecurityFilterChain safeChain(HttpSecurity http) throws Exception {
        http
            .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse()))
            .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
            .formLogin(form -> form.loginPage("/login"));
        return http.build();
    }

    // ward-good: config
    public SecurityFilterChain webhookChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/hooks/**")
            .csrf(csrf -> csrf.ignoringRequestMatchers("/hooks/github"))
            .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    // ward-good: config
    public CorsConfigurationSource safeCors() {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(List.of("https://app.example.com"));
        config.setAllowCredentials(true);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    // ward-good: config
    public static boolean isAccountNumberStrict(String input) {
        return ACCOUNT.matcher(input).matches();
    }
}

@RestController
class ProfileController {

    @CrossOrigin(origins = "*", allowCredentials = "true") // ward-expect: config
    @PostMapping("/profile/email")
    public String updateEmail(@RequestParam String email) {
        return email;
    }

    // ward-good: config
    @CrossOrigin(origins = "*")
    @GetMapping("/public/status")
    public String status() {
        return "ok";
    }

    // ward-good: config
    @CrossOrigin(origins = "https://app.example.com", allowCredentials = "true")
    @GetMapping("/profile")
    public String profile() {
        return "me";
    }
}
