package ua.kyiv.hromada.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

@SpringBootApplication
public class EngineApplication {

  static final String ADMIN_PASSWORD_PROPERTY = "camunda.bpm.admin-user.password";

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(EngineApplication.class);
    app.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) event ->
        requireAdminPassword(event.getEnvironment()));
    app.run(args);
  }

  /*
   * Spring Boot's @ConfigurationProperties binding tolerates unresolved
   * placeholders, so a missing HROMADA_ENGINE_ADMIN_PASSWORD would silently
   * create the admin user with the literal text "${HROMADA_ENGINE_ADMIN_PASSWORD}"
   * as its password. Check before any bean (and so the engine) exists, so a
   * bad configuration never reaches the database.
   */
  static void requireAdminPassword(ConfigurableEnvironment env) {
    String password;
    try {
      password = env.getProperty(ADMIN_PASSWORD_PROPERTY);
    } catch (IllegalArgumentException unresolved) {
      password = null;
    }
    if (password == null || password.isBlank()) {
      throw new IllegalStateException(
          "HROMADA_ENGINE_ADMIN_PASSWORD is not set: refusing to start the engine without an admin password");
    }
  }
}
