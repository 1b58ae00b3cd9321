package de.wsa.engine.outbox;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.history.handler.CompositeHistoryEventHandler;
import org.operaton.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.operaton.bpm.engine.impl.interceptor.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Transactional outbox of engine events (table engine_events):
 * <ul>
 *   <li>history handler = composite of DbHistoryEventHandler, then the outbox handler;</li>
 *   <li>OutboxSession in customSessionFactories: one JDBC batch per transaction;</li>
 *   <li>EventSubscriptionManager replaced to add rows for event subscriptions.</li>
 * </ul>
 */
@Component
public class OutboxPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPlugin.class);

  private final DataSource dataSource;
  private final boolean includeUserOperations;
  private final boolean includeEngineLogs;
  private CompositeHistoryEventHandler handler;

  public OutboxPlugin(DataSource dataSource,
                      @Value("${wsa.outbox.include-user-operations:false}") boolean includeUserOperations,
                      @Value("${wsa.outbox.include-engine-logs:false}") boolean includeEngineLogs) {
    this.dataSource = dataSource;
    this.includeUserOperations = includeUserOperations;
    this.includeEngineLogs = includeEngineLogs;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    OutboxSchema.ensure(dataSource);

    handler = new CompositeHistoryEventHandler(
        new DbHistoryEventHandler(),
        new OutboxHistoryEventHandler(includeUserOperations, includeEngineLogs));
    configuration.setHistoryEventHandler(handler);

    List<SessionFactory> factories = configuration.getCustomSessionFactories() == null
        ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomSessionFactories());
    factories.add(new OutboxSession.Factory());
    factories.add(new OutboxEventSubscriptionManager.Factory());
    configuration.setCustomSessionFactories(factories);
    LOG.info("Engine-event outbox on: history events and event subscriptions go to {} (user operations: {}, engine logs: {})",
        OutboxSchema.TABLE, includeUserOperations, includeEngineLogs);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getHistoryEventHandler() != handler) {
      throw new IllegalStateException("Another plugin replaced the outbox history event handler");
    }
    if (!configuration.getCustomHistoryEventHandlers().isEmpty()) {
      LOG.warn("Ignored custom history event handlers (the outbox composite is set explicitly): {}",
          configuration.getCustomHistoryEventHandlers());
    }
  }
}
