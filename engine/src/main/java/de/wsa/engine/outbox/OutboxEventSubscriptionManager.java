package de.wsa.engine.outbox;

import org.operaton.bpm.engine.impl.interceptor.Session;
import org.operaton.bpm.engine.impl.interceptor.SessionFactory;
import org.operaton.bpm.engine.impl.persistence.entity.EventSubscriptionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.EventSubscriptionManager;

/**
 * Event subscriptions (message, signal, conditional, compensate) produce no history in
 * Camunda 7 / Operaton. Every subscription is inserted and deleted through the
 * EventSubscriptionManager session (EventSubscriptionEntity.insert()/delete(), one delete
 * statement by id, no bulk deletes), so this subclass, registered in place of the
 * engine's, adds an outbox row for each, in the same transaction.
 */
public class OutboxEventSubscriptionManager extends EventSubscriptionManager {

  @Override
  public void insert(EventSubscriptionEntity subscription) {
    super.insert(subscription); // assigns the id
    OutboxHistoryEventHandler.enqueue(EngineEventJson.fromEventSubscription(subscription, "create", true));
  }

  @Override
  public void deleteEventSubscription(EventSubscriptionEntity subscription) {
    super.deleteEventSubscription(subscription);
    OutboxHistoryEventHandler.enqueue(EngineEventJson.fromEventSubscription(subscription, "delete", false));
  }

  /** Same session type as the engine's factory, so it replaces it. */
  public static class Factory implements SessionFactory {
    @Override
    public Class<?> getSessionType() {
      return EventSubscriptionManager.class;
    }

    @Override
    public Session openSession() {
      return new OutboxEventSubscriptionManager();
    }
  }
}
