package de.wsa.engine.outbox;

import java.util.List;

import org.operaton.bpm.engine.impl.context.Context;
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

  public OutboxHistoryEventHandler(boolean includeUserOperations) {
    this.includeUserOperations = includeUserOperations;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    if (!includeUserOperations && event instanceof UserOperationLogEntryEventEntity) {
      return;
    }
    enqueue(EngineEventJson.fromHistoryEvent(event));
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
