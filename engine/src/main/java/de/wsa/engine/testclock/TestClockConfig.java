package de.wsa.engine.testclock;

import de.wsa.engine.security.RestAuthenticationConfig;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TEST ONLY. With ENGINE_TEST_CLOCK=true, protects /engine-test/* with the same HTTP Basic
 * credentials as the REST API ({@link TestClockController} serves it). Without it neither
 * exists and /engine-test/* answers 404.
 */
@Configuration
@ConditionalOnProperty(prefix = "wsa.test-clock", name = "enabled", havingValue = "true")
public class TestClockConfig {

  public static final String PREFIX = "/engine-test";

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineTestAuthenticationFilter() {
    return RestAuthenticationConfig.basicAuthFilter("wsa-engine-test-auth", PREFIX, 0);
  }
}
