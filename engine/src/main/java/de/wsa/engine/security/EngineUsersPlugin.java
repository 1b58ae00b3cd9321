package de.wsa.engine.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the REST service accounts from ENGINE_REST_USERS ("name:password,name:password")
 * in the engine's identity service once the engine is built, updates the password of those
 * that exist, and unlocks them (a lock left by failed logins would otherwise outlive a
 * restart). Also keeps the password of the webapp admin user in line with
 * ENGINE_ADMIN_PASSWORD (the starter creates that user, but never updates it).
 */
@Component
public class EngineUsersPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(EngineUsersPlugin.class);

  private final String restUsers;
  private final String adminUser;
  private final String adminPassword;

  public EngineUsersPlugin(@Value("${wsa.rest-users:}") String restUsers,
                           @Value("${operaton.bpm.admin-user.id:}") String adminUser,
                           @Value("${operaton.bpm.admin-user.password:}") String adminPassword) {
    this.restUsers = restUsers;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    IdentityService identity = processEngine.getIdentityService();
    Map<String, String> accounts = parse(restUsers);
    if (accounts.isEmpty()) {
      LOG.warn("ENGINE_REST_USERS is empty: no service account can call /engine-rest");
    }
    accounts.forEach((name, password) -> ensureUser(identity, name, password, true));
    if (!adminUser.isBlank() && !adminPassword.isBlank()) {
      // created by the starter (CreateAdminUserConfiguration); only keep its password current
      ensureUser(identity, adminUser, adminPassword, false);
    }
  }

  static Map<String, String> parse(String spec) {
    Map<String, String> result = new LinkedHashMap<>();
    if (spec == null) {
      return result;
    }
    for (String entry : spec.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      if (colon <= 0 || colon == e.length() - 1) {
        throw new IllegalArgumentException("ENGINE_REST_USERS: expected name:password, got an entry without both parts");
      }
      result.put(e.substring(0, colon), e.substring(colon + 1));
    }
    return result;
  }

  static void ensureUser(IdentityService identity, String id, String password, boolean create) {
    User user = identity.createUserQuery().userId(id).singleResult();
    if (user == null) {
      if (!create) {
        return;
      }
      user = identity.newUser(id);
      user.setFirstName(id);
      user.setLastName("service account");
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("Created engine user '{}'", id);
    } else {
      identity.unlockUser(id);
      if (!identity.checkPassword(id, password)) {
        // the failed check counted as a failed login: clear it, then re-read the user
        // (the lock bookkeeping changed its revision) and set the new password
        identity.unlockUser(id);
        User current = identity.createUserQuery().userId(id).singleResult();
        current.setPassword(password);
        identity.saveUser(current);
        LOG.info("Updated the password of engine user '{}'", id);
      }
    }
  }
}
