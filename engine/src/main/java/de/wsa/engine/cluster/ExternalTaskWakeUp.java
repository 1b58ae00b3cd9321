package de.wsa.engine.cluster;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.operaton.bpm.engine.impl.ProcessEngineImpl;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's waiting fetch-and-lock requests (the workers' long polls) when an external
 * task was created on <em>any</em> node. The engine wakes them only for tasks created in the
 * same JVM, so with several nodes a worker polling one node would wait out its whole long
 * poll for a task another node created. The outbox session sends {@code NOTIFY
 * wsa_external_tasks} in the creating transaction (delivered on commit only); every node
 * listens on its own connection and signals the engine's waiting requests.
 */
@Component
public class ExternalTaskWakeUp implements SmartLifecycle {

  public static final String CHANNEL = "wsa_external_tasks";

  private static final Logger LOG = LoggerFactory.getLogger(ExternalTaskWakeUp.class);

  private final DataSource dataSource;
  private volatile boolean running;
  private Thread thread;

  public ExternalTaskWakeUp(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::listen, "wsa-external-task-wake-up");
    thread.setDaemon(true);
    thread.start();
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications != null && notifications.length > 0) {
            ProcessEngineImpl.EXT_TASK_CONDITIONS.signalAll();
          }
        }
      } catch (Exception e) {
        if (!running) {
          return;
        }
        // The database restarted or the connection broke: listen again shortly. Meanwhile the
        // long polls still end by their timeout, so nothing waits for ever.
        LOG.warn("Listening for external tasks of other nodes failed ({}); trying again", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
