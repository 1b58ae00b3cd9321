package de.wsa.engine.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.interceptor.Session;
import org.operaton.bpm.engine.impl.interceptor.SessionFactory;

/**
 * Per command context: collects the outbox rows of one engine transaction and writes them in
 * one JDBC batch when the engine flushes its sessions, on the command context's own
 * connection. The rows therefore commit or roll back together with the engine's writes.
 */
public class OutboxSession implements Session {

  static final String INSERT =
      "INSERT INTO " + OutboxSchema.TABLE + " (type, process_instance_id, payload) VALUES (?, ?, ?::jsonb)";

  private final CommandContext commandContext;
  private final List<EngineEventJson.Row> rows = new ArrayList<>();
  private boolean flushed;
  private boolean wakeWorkers;

  OutboxSession(CommandContext commandContext) {
    this.commandContext = commandContext;
  }

  void add(EngineEventJson.Row row) {
    if (flushed) {
      // an event after this session's flush (another session producing history while it
      // flushes): still in the transaction, so write it at once
      write(List.of(row));
    } else {
      rows.add(row);
    }
  }

  /**
   * An external task was created, or failed with retries left (fetchable again later): the
   * other nodes wake their waiting fetches when this transaction commits. Whether or not the
   * outbox carries the external-task log that told us.
   */
  void externalTaskFetchable() {
    if (flushed) {
      notifyWorkers();
    } else {
      wakeWorkers = true;
    }
  }

  @Override
  public void flush() {
    if (!rows.isEmpty()) {
      write(rows);
      rows.clear();
    }
    if (wakeWorkers) {
      notifyWorkers();
      wakeWorkers = false;
    }
    flushed = true;
  }

  @Override
  public void close() {
    rows.clear();
  }

  private void write(List<EngineEventJson.Row> batch) {
    Connection connection = commandContext.getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      for (EngineEventJson.Row row : batch) {
        statement.setString(1, row.type());
        statement.setString(2, row.processInstanceId());
        statement.setString(3, row.payload());
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new ProcessEngineException("Could not write " + batch.size() + " row(s) to " + OutboxSchema.TABLE, e);
    }
  }

  /** Delivered when this transaction commits (PostgreSQL queues NOTIFY until then). */
  private void notifyWorkers() {
    Connection connection = commandContext.getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement notify = connection.prepareStatement("NOTIFY " + de.wsa.engine.cluster.ExternalTaskWakeUp.CHANNEL)) {
      notify.execute();
    } catch (SQLException e) {
      throw new ProcessEngineException("Could not notify " + de.wsa.engine.cluster.ExternalTaskWakeUp.CHANNEL, e);
    }
  }

  /** Registered in customSessionFactories; opened lazily on the first row of a command. */
  public static class Factory implements SessionFactory {
    @Override
    public Class<?> getSessionType() {
      return OutboxSession.class;
    }

    @Override
    public Session openSession() {
      return new OutboxSession(org.operaton.bpm.engine.impl.context.Context.getCommandContext());
    }
  }
}
