package de.wsa.engine.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Creates the outbox table if it is missing (idempotent; an advisory lock keeps several
 * nodes starting at once from racing on CREATE ... IF NOT EXISTS). Needs PostgreSQL 13+
 * (xid8, pg_current_xact_id).
 */
public final class OutboxSchema {

  public static final String TABLE = "engine_events";

  /** Arbitrary constant for pg_advisory_xact_lock ("wsa-engine-events"). */
  private static final long LOCK_KEY = 0x777361656576L;

  static final String[] DDL = {
      "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + " seq bigserial PRIMARY KEY,"
          + " txid xid8 NOT NULL DEFAULT pg_current_xact_id(),"
          + " at timestamptz NOT NULL DEFAULT now(),"
          + " type text NOT NULL,"
          + " process_instance_id text,"
          + " payload jsonb NOT NULL)",
      "CREATE INDEX IF NOT EXISTS " + TABLE + "_txid_seq ON " + TABLE + " (txid, seq)",
  };

  private OutboxSchema() {
  }

  public static void ensure(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        for (String ddl : DDL) {
          statement.execute(ddl);
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the outbox table " + TABLE, e);
    }
  }
}
