package ua.kyiv.hromada.engine;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class RestAuthenticationConfig {

  /*
   * The Camunda REST API ships wide open: anyone who can reach the port can
   * deploy processes (including scripts) and read or change every variable.
   * Loopback binding alone is not enough on a shared host, so every call must
   * carry HTTP Basic credentials of an engine user; this also makes the
   * engine attribute actions (claims, completions) to that user.
   */
  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> processEngineAuthenticationFilter() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>();
    registration.setName("camunda-auth");
    registration.setFilter(new AuthenticateEverythingFilter());
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    return registration;
  }

  /*
   * Stock Camunda lets GET /engine-rest/engine (the engine list) through
   * unauthenticated. We want "no credentials, no answer" without exceptions,
   * so anonymous callers cannot even probe that an engine is there; the
   * request is then checked against the default engine like any other.
   */
  static class AuthenticateEverythingFilter extends ProcessEngineAuthenticationFilter {
    @Override
    protected boolean requiresEngineAuthentication(String requestUrl) {
      return true;
    }
  }
}
