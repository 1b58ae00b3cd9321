package de.wsa.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.Tenant;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic authentication that remembers a successful check for a short time.
 *
 * <p>Operaton's provider and filter check every request against the identity tables: the
 * password (one transaction), the user's groups and tenants (one each). Our callers are
 * service accounts that send the same credentials with every call (a worker's fetch and
 * complete, the gateway's start and correlate), so those three transactions were a large part
 * of the engine's database work per REST call. Here a request whose Authorization header is
 * the same as one that passed less than {@code ttlSeconds} ago is let in with the user,
 * groups and tenants found then.
 *
 * <p>Only successes are remembered, keyed by a SHA-256 digest of engine name and header (the
 * password itself is not kept). A wrong password is always checked against the identity
 * service (and counts as a failed attempt there). A changed or removed password stops working
 * at the latest {@code ttlSeconds} later; 0 turns the cache off.
 */
public class CachingBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  /** More distinct valid credentials than any deployment has: then start over. */
  private static final int MAX_ENTRIES = 1_000;

  private record Remembered(String user, List<String> groups, List<String> tenants, long expiresAtNanos) {}

  private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();
  private volatile long ttlNanos = 0;

  /** Set by the filter from its init parameter (the provider is created by class name). */
  void setTtlSeconds(long seconds) {
    if (seconds < 0) throw new IllegalArgumentException("authentication cache seconds must be >= 0, got " + seconds);
    this.ttlNanos = seconds * 1_000_000_000L;
    remembered.clear();
  }

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    long ttl = ttlNanos;
    if (header == null || ttl == 0) return super.extractAuthenticatedUser(request, engine);

    String key = digest(engine.getName() + "\n" + header);
    long now = System.nanoTime();
    Remembered hit = remembered.get(key);
    if (hit != null && now - hit.expiresAtNanos() < 0) return result(hit);

    AuthenticationResult checked = super.extractAuthenticatedUser(request, engine);
    if (!checked.isAuthenticated()) {
      remembered.remove(key);
      return checked;
    }
    String user = checked.getAuthenticatedUser();
    IdentityService identity = engine.getIdentityService();
    // The same lookups as ProcessEngineAuthenticationFilter#getGroupsOfUser / #getTenantsOfUser.
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    List<String> tenants = identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list()
        .stream().map(Tenant::getId).toList();
    if (remembered.size() >= MAX_ENTRIES) remembered.clear();
    Remembered entry = new Remembered(user, groups, tenants, now + ttl);
    remembered.put(key, entry);
    return result(entry);
  }

  private static AuthenticationResult result(Remembered r) {
    AuthenticationResult result = AuthenticationResult.successful(r.user());
    // Non-null lists: the filter then sets them as they are, without asking the database.
    result.setGroups(r.groups());
    result.setTenants(r.tenants());
    return result;
  }

  private static String digest(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
