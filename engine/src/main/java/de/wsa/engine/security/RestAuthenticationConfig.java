package de.wsa.engine.security;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTP Basic authentication for the REST API with Operaton's own filter and provider:
 * every request under /engine-rest/* must carry the credentials of a user of the engine's
 * identity service (the service accounts of ENGINE_REST_USERS), otherwise 401. A check that
 * passed is remembered for ENGINE_REST_AUTH_CACHE_SECONDS (see
 * {@link CachingBasicAuthenticationProvider}).
 */
@Configuration
public class RestAuthenticationConfig {

  public static final String REST_PREFIX = "/engine-rest";
  /** Init parameter of the filter: how long a passed check is remembered, in seconds. */
  static final String CACHE_SECONDS_PARAM = "wsa.authentication-cache-seconds";

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthenticationFilter(
      @Value("${wsa.rest-auth-cache-seconds:60}") long cacheSeconds) {
    return basicAuthFilter("wsa-engine-rest-auth", REST_PREFIX, cacheSeconds);
  }

  /** Also used for the test clock (see TestClockConfig). */
  public static FilterRegistrationBean<ProcessEngineAuthenticationFilter> basicAuthFilter(
      String name, String prefix, long cacheSeconds) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new AlwaysAuthenticateFilter());
    registration.setName(name);
    registration.addUrlPatterns(prefix + "/*");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        CachingBasicAuthenticationProvider.class.getName());
    registration.addInitParameter(CACHE_SECONDS_PARAM, Long.toString(cacheSeconds));
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
    public void init(FilterConfig config) throws ServletException {
      super.init(config);
      if (authenticationProvider instanceof CachingBasicAuthenticationProvider caching)
        caching.setTtlSeconds(Long.parseLong(config.getInitParameter(CACHE_SECONDS_PARAM)));
    }

    @Override
    protected boolean requiresEngineAuthentication(String requestUrl) {
      return true;
    }
  }
}
