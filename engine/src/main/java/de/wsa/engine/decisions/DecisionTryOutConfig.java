package de.wsa.engine.decisions;

import de.wsa.engine.security.RestAuthenticationConfig;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Protects /engine-wsa/* (the host's own endpoints beside the REST API, e.g.
 * {@link DecisionTryOutController}) with the same HTTP Basic credentials as /engine-rest.
 */
@Configuration
public class DecisionTryOutConfig {

  public static final String PREFIX = "/engine-wsa";

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineWsaAuthenticationFilter() {
    return RestAuthenticationConfig.basicAuthFilter("wsa-engine-wsa-auth", PREFIX, 60);
  }
}
