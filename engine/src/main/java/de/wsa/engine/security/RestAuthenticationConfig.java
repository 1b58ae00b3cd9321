package de.wsa.engine.security;

import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTP Basic authentication for the REST API with Operaton's own filter and provider:
 * every request under /engine-rest/* must carry the credentials of a user of the engine's
 * identity service (the service accounts of ENGINE_REST_USERS), otherwise 401.
 */
@Configuration
public class RestAuthenticationConfig {

  public static final String REST_PREFIX = "/engine-rest";

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthenticationFilter() {
    return basicAuthFilter("wsa-engine-rest-auth", REST_PREFIX);
  }

  /** Also used for the test clock (see TestClockConfig). */
  public static FilterRegistrationBean<ProcessEngineAuthenticationFilter> basicAuthFilter(String name, String prefix) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new AlwaysAuthenticateFilter());
    registration.setName(name);
    registration.addUrlPatterns(prefix + "/*");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, prefix);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  /**
   * Operaton's filter lets {@code GET /engine-rest/engine} (the list of engine names) through
   * without credentials. Here nothing passes unauthenticated, so that endpoint needs the
   * credentials too (and serves as the authenticated readiness probe).
   */
  static class AlwaysAuthenticateFilter extends ProcessEngineAuthenticationFilter {
    @Override
    protected boolean requiresEngineAuthentication(String requestUrl) {
      return true;
    }
  }
}
