package com.example.config

import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.security.config.annotation.web.builders.HttpSecurity
import org.springframework.security.config.annotation.web.invoke
import org.springframework.security.web.SecurityFilterChain
import org.springframework.web.servlet.config.annotation.CorsRegistry
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer

@Configuration
class WebSecurity : WebMvcConfigurer {

    @Bean
    fun filterChain(http: HttpSecurity): SecurityFilterChain {
        http {
            csrf { disable() } // ward-expect: config
            authorizeHttpRequests { authorize(anyRequest, authenticated) }
            formLogin { }
        }
        return http.build()
    }

    override fun addCorsMappings(registry: CorsRegistry) {
        registry.addMapping("/**")
            .allowedOriginPatterns("*")
            .allowCredentials(true) // ward-expect: config
    }

    private val zip = Regex("[0-9]{5}")

    fun isZip(s: String): Boolean = zip.containsMatchIn(s) // ward-expect: config

    // ward-good: config
    fun isZipStrict(s: String): Boolean = zip.matches(s)

    // ward-good: config
    fun publicCors(registry: CorsRegistry) {
        registry.addMapping("/public/**").allowedOrigins("*").allowedMethods("GET")
    }

    // ward-good: config
    fun appCors(registry: CorsRegistry) {
        registry.addMapping("/api/**").allowedOrigins("https://app.example.com").allowCredentials(true)
    }
}
