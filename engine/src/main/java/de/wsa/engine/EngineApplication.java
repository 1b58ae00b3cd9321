package de.wsa.engine;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Engine host of the WSA Orchestrator: Operaton with its REST API and webapps on PostgreSQL.
 * Everything is configured from environment variables, see application.yaml and README.md.
 */
@SpringBootApplication
public class EngineApplication {

  private static final Logger LOG = LoggerFactory.getLogger(EngineApplication.class);

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(EngineApplication.class);
    app.setDefaultProperties(webappDefaults(System.getenv()));
    app.run(args);
  }

  /**
   * The starter creates the webapp admin user only when {@code operaton.bpm.admin-user.id} is
   * present at all (an empty value would still count), so it is set here, from
   * ENGINE_ADMIN_USER / ENGINE_ADMIN_PASSWORD, only when both are given. Without an admin
   * the webapps are switched off: otherwise the admin webapp's first-run setup would let any
   * caller create an administrator, and with it a login for the REST API.
   */
  static Map<String, Object> webappDefaults(Map<String, String> env) {
    Map<String, Object> props = new HashMap<>();
    String user = trimToNull(env.get("ENGINE_ADMIN_USER"));
    String password = trimToNull(env.get("ENGINE_ADMIN_PASSWORD"));
    if (user != null && password != null) {
      props.put("operaton.bpm.admin-user.id", user);
      props.put("operaton.bpm.admin-user.password", password);
    } else {
      if (user != null || password != null) {
        LOG.warn("ENGINE_ADMIN_USER and ENGINE_ADMIN_PASSWORD must be set together; webapps stay off");
      } else {
        LOG.info("No ENGINE_ADMIN_USER/ENGINE_ADMIN_PASSWORD: the webapps (cockpit, admin, tasklist) are off");
      }
      props.put("operaton.bpm.webapp.enabled", "false");
    }
    return props;
  }

  static String trimToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }
}
