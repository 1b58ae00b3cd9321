package de.wsa.engine.outbox;

import java.util.List;

import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.operaton.bpm.engine.impl.history.event.HistoricExternalTaskLogEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.operaton.bpm.engine.impl.history.event.HistoryEvent;
import org.operaton.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.operaton.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second handler of the composite (after DbHistoryEventHandler, which assigns the ids of job
 * logs, external-task logs and variable details): serialises each event at once and queues
 * it on the command's {@link OutboxSession}.
 */
public class OutboxHistoryEventHandler implements HistoryEventHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxHistoryEventHandler.class);

  private final boolean includeUserOperations;
  private final boolean includeEngineLogs;

  public OutboxHistoryEventHandler(boolean includeUserOperations, boolean includeEngineLogs) {
    this.includeUserOperations = includeUserOperations;
    this.includeEngineLogs = includeEngineLogs;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    // Log states 0 created, 1 failed (retries left): fetchable now or later.
    if (event instanceof HistoricExternalTaskLogEntity log && (log.getState() == 0 || log.getState() == 1)) {
      CommandContext commandContext = Context.getCommandContext();
      if (commandContext != null) {
        commandContext.getSession(OutboxSession.class).externalTaskFetchable();
      }
    }
    if (carries(event)) {
      enqueue(EngineEventJson.fromHistoryEvent(event));
    }
  }

  /**
   * Whether the outbox carries this event. The engine's own history tables keep every event
   * either way (the database handler runs first); the outbox carries what its consumers read.
   * Left out unless asked for: user operations, and the engine's logs that no consumer reads —
   * external-task logs (two rows per service task), decision evaluations, form properties and
   * the logs of jobs other than timers (async continuations, history cleanup, batches). In a
   * 10-task process these were 20 of about 50 rows per instance, each a jsonb insert in the
   * engine's transaction and a row the projector reads again.
   */
  boolean carries(HistoryEvent event) {
    if (event instanceof UserOperationLogEntryEventEntity) {
      return includeUserOperations;
    }
    if (includeEngineLogs) {
      return true;
    }
    if (event instanceof HistoricJobLogEvent job) {
      String type = job.getJobDefinitionType();
      return type != null && type.startsWith("timer");
    }
    return !(event instanceof HistoricExternalTaskLogEntity
        || event instanceof HistoricDecisionEvaluationEvent
        || event instanceof HistoricFormPropertyEventEntity);
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    for (HistoryEvent event : events) {
      handleEvent(event);
    }
  }

  static void enqueue(EngineEventJson.Row row) {
    CommandContext commandContext = Context.getCommandContext();
    if (commandContext == null) {
      // never seen: history is always produced inside a command
      LOG.error("Engine event outside a command context, not written to the outbox: {}", row.type());
      return;
    }
    commandContext.getSession(OutboxSession.class).add(row);
  }
}
