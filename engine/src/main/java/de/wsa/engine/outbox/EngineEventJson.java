package de.wsa.engine.outbox;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.operaton.bpm.engine.history.HistoricDecisionOutputInstance;
import org.operaton.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.operaton.bpm.engine.impl.history.event.HistoricDecisionInstanceEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricDecisionOutputInstanceEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricDetailEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricExternalTaskLogEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricIdentityLinkLogEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.operaton.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricScopeInstanceEvent;
import org.operaton.bpm.engine.impl.history.event.HistoricTaskInstanceEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.operaton.bpm.engine.impl.history.event.HistoryEvent;
import org.operaton.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.operaton.bpm.engine.impl.context.Context;
import org.operaton.bpm.engine.impl.interceptor.CommandContext;
import org.operaton.bpm.engine.impl.persistence.entity.TaskEntity;
import org.operaton.bpm.engine.impl.persistence.entity.EventSubscriptionEntity;
import org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.util.ClockUtil;

/**
 * Turns engine history events (and event subscriptions) into outbox rows: a {@code type}
 * ({@code <event class simple name>:<event type>}) and a JSON payload of the event's fields.
 * Runs while the event object is still in the state of this event (the engine reuses event
 * objects, e.g. the activity-start object later becomes the end event). Null fields are left
 * out; dates are ISO-8601 UTC strings.
 */
public final class EngineEventJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private EngineEventJson() {
  }

  /** One outbox row before it is written. */
  public record Row(String type, String processInstanceId, String payload) {
  }

  public static Row fromHistoryEvent(HistoryEvent event) {
    ObjectNode p = MAPPER.createObjectNode();
    base(p, event);

    // most specific first
    if (event instanceof HistoricActivityInstanceEventEntity e) {
      activity(p, e);
    } else if (event instanceof HistoricProcessInstanceEventEntity e) {
      processInstance(p, e);
    } else if (event instanceof HistoricTaskInstanceEventEntity e) {
      task(p, e);
    } else if (event instanceof HistoricVariableUpdateEventEntity e) {
      variable(p, e);
    } else if (event instanceof HistoricFormPropertyEventEntity e) {
      detail(p, e);
      put(p, "propertyId", e.getPropertyId());
      put(p, "propertyValue", e.getPropertyValue() == null ? null : String.valueOf(e.getPropertyValue()));
    } else if (event instanceof HistoricIncidentEventEntity e) {
      incident(p, e);
    } else if (event instanceof HistoricIdentityLinkLogEventEntity e) {
      identityLink(p, e);
    } else if (event instanceof HistoricJobLogEvent e) {
      job(p, e);
    } else if (event instanceof HistoricExternalTaskLogEntity e) {
      externalTask(p, e);
    } else if (event instanceof HistoricDecisionEvaluationEvent e) {
      decision(p, e);
    } else if (event instanceof UserOperationLogEntryEventEntity e) {
      userOperation(p, e);
    } else if (event instanceof HistoricScopeInstanceEvent e) {
      scope(p, e);
    }

    String eventType = eventType(event);
    p.put("eventType", eventType);
    String processInstanceId = p.hasNonNull("processInstanceId") ? p.get("processInstanceId").asText() : null;
    return new Row(event.getClass().getSimpleName() + ":" + eventType, processInstanceId, write(p));
  }

  /**
   * The engine's event type; job logs, external-task logs, decision evaluations and user
   * operation logs carry none, so theirs is derived from the log state (create / fail /
   * success / delete), or is "evaluate" / "create".
   */
  static String eventType(HistoryEvent event) {
    if (event.getEventType() != null) {
      return event.getEventType();
    }
    if (event instanceof HistoricJobLogEvent e) {
      return logState(e.getState());
    }
    if (event instanceof HistoricExternalTaskLogEntity e) {
      return logState(e.getState());
    }
    if (event instanceof HistoricDecisionEvaluationEvent) {
      return "evaluate";
    }
    if (event instanceof UserOperationLogEntryEventEntity) {
      return "create";
    }
    return "";
  }

  private static String logState(int state) {
    return switch (state) {
      case 0 -> "create";
      case 1 -> "fail";
      case 2 -> "success";
      case 3 -> "delete";
      default -> "state-" + state;
    };
  }

  /** Created / deleted event subscriptions (message, signal, conditional, compensate). */
  public static Row fromEventSubscription(EventSubscriptionEntity s, String operation, boolean withActivity) {
    ObjectNode p = MAPPER.createObjectNode();
    put(p, "id", s.getId());
    put(p, "eventType", operation);
    put(p, "subscriptionType", s.getEventType());
    put(p, "eventName", s.getEventName());
    put(p, "activityId", s.getActivityId());
    put(p, "processInstanceId", s.getProcessInstanceId());
    put(p, "executionId", s.getExecutionId());
    put(p, "configuration", s.getConfiguration());
    put(p, "tenantId", s.getTenantId());
    put(p, "created", s.getCreated());
    put(p, "timestamp", ClockUtil.getCurrentTime());
    if (withActivity) {
      // only on create: activity and execution are in memory then (no extra queries)
      ActivityImpl activity = s.getActivity();
      if (activity != null) {
        put(p, "activityName", activity.getName());
        Object activityType = activity.getProperty("type");
        if (activityType != null) {
          put(p, "activityType", activityType.toString());
        }
      }
      if (s.getExecutionId() != null) {
        ExecutionEntity execution = s.getExecution();
        if (execution != null) {
          put(p, "processDefinitionId", execution.getProcessDefinitionId());
          put(p, "rootProcessInstanceId", execution.getRootProcessInstanceId());
          put(p, "businessKey", execution.getProcessBusinessKey());
        }
      }
    }
    return new Row("EventSubscriptionEntity:" + operation, s.getProcessInstanceId(), write(p));
  }

  // ------------------------------------------------------------------------------------------

  private static void base(ObjectNode p, HistoryEvent e) {
    put(p, "id", e.getId());
    put(p, "eventType", e.getEventType());
    put(p, "processInstanceId", e.getProcessInstanceId());
    put(p, "rootProcessInstanceId", e.getRootProcessInstanceId());
    put(p, "executionId", e.getExecutionId());
    put(p, "processDefinitionId", e.getProcessDefinitionId());
    put(p, "processDefinitionKey", e.getProcessDefinitionKey());
    put(p, "processDefinitionName", e.getProcessDefinitionName());
    if (e.getProcessDefinitionVersion() != null) {
      p.put("processDefinitionVersion", e.getProcessDefinitionVersion());
    }
    put(p, "caseInstanceId", e.getCaseInstanceId());
    put(p, "caseExecutionId", e.getCaseExecutionId());
    put(p, "caseDefinitionId", e.getCaseDefinitionId());
    put(p, "caseDefinitionKey", e.getCaseDefinitionKey());
    p.put("sequenceCounter", e.getSequenceCounter());
    put(p, "removalTime", e.getRemovalTime());
  }

  private static void scope(ObjectNode p, HistoricScopeInstanceEvent e) {
    put(p, "startTime", e.getStartTime());
    put(p, "endTime", e.getEndTime());
    if (e.getEndTime() != null && e.getStartTime() != null) {
      p.put("durationInMillis", e.getEndTime().getTime() - e.getStartTime().getTime());
    }
  }

  private static void activity(ObjectNode p, HistoricActivityInstanceEventEntity e) {
    scope(p, e);
    put(p, "activityId", e.getActivityId());
    put(p, "activityName", e.getActivityName());
    put(p, "activityType", e.getActivityType());
    put(p, "activityInstanceId", e.getActivityInstanceId());
    put(p, "parentActivityInstanceId", e.getParentActivityInstanceId());
    // 0 default, 1 scope complete, 2 canceled, 3 starting, 4 ending
    p.put("activityInstanceState", e.getActivityInstanceState());
    p.put("canceled", e.isCanceled());
    p.put("completeScope", e.isCompleteScope());
    put(p, "calledProcessInstanceId", e.getCalledProcessInstanceId());
    put(p, "calledCaseInstanceId", e.getCalledCaseInstanceId());
    put(p, "taskId", e.getTaskId());
    put(p, "taskAssignee", e.getTaskAssignee());
    put(p, "tenantId", e.getTenantId());
  }

  private static void processInstance(ObjectNode p, HistoricProcessInstanceEventEntity e) {
    scope(p, e);
    put(p, "businessKey", e.getBusinessKey());
    put(p, "state", e.getState());
    put(p, "superProcessInstanceId", e.getSuperProcessInstanceId());
    put(p, "superCaseInstanceId", e.getSuperCaseInstanceId());
    put(p, "startActivityId", e.getStartActivityId());
    put(p, "endActivityId", e.getEndActivityId());
    put(p, "startUserId", e.getStartUserId());
    put(p, "deleteReason", e.getDeleteReason());
    put(p, "restartedProcessInstanceId", e.getRestartedProcessInstanceId());
    put(p, "tenantId", e.getTenantId());
  }

  private static void task(ObjectNode p, HistoricTaskInstanceEventEntity e) {
    scope(p, e);
    put(p, "taskId", e.getTaskId());
    put(p, "name", e.getName());
    put(p, "description", e.getDescription());
    put(p, "taskDefinitionKey", e.getTaskDefinitionKey());
    put(p, "activityInstanceId", e.getActivityInstanceId());
    put(p, "assignee", e.getAssignee());
    put(p, "owner", e.getOwner());
    put(p, "dueDate", e.getDueDate());
    put(p, "followUpDate", e.getFollowUpDate());
    p.put("priority", e.getPriority());
    put(p, "parentTaskId", e.getParentTaskId());
    put(p, "deleteReason", e.getDeleteReason());
    put(p, "taskState", e.getTaskState());
    put(p, "tenantId", e.getTenantId());
  }

  private static void detail(ObjectNode p, HistoricDetailEventEntity e) {
    put(p, "activityInstanceId", e.getActivityInstanceId());
    put(p, "taskId", e.getTaskId());
    put(p, "timestamp", e.getTimestamp());
    put(p, "userOperationId", e.getUserOperationId());
    put(p, "tenantId", e.getTenantId());
  }

  private static void variable(ObjectNode p, HistoricVariableUpdateEventEntity e) {
    detail(p, e);
    put(p, "variableName", e.getVariableName());
    put(p, "variableInstanceId", e.getVariableInstanceId());
    put(p, "scopeActivityInstanceId", e.getScopeActivityInstanceId());
    p.put("revision", e.getRevision());
    put(p, "serializerName", e.getSerializerName());
    value(p, e.getSerializerName(), e.getLongValue(), e.getDoubleValue(), e.getTextValue(), e.getTextValue2(),
        e.getByteValue());
  }

  /**
   * value, valueType (the REST type name) and, where the value is not carried, valueOmitted.
   * Carried: null, String, Boolean, Integer, Short, Long, Double, Date (ISO string), Json
   * (as JSON), Xml (as string), objects serialised as JSON by Spin (as JSON, with
   * objectTypeName). Omitted: Java-serialized objects, Bytes, File and unknown types.
   */
  static void value(ObjectNode p, String serializer, Long longValue, Double doubleValue, String text, String text2,
                    byte[] bytes) {
    if (serializer == null) {
      return;
    }
    switch (serializer) {
      case "null" -> {
        p.put("valueType", "Null");
        p.putNull("value");
      }
      case "string" -> {
        p.put("valueType", "String");
        put(p, "value", text);
      }
      case "boolean" -> {
        p.put("valueType", "Boolean");
        if (longValue == null) {
          p.putNull("value");
        } else {
          p.put("value", longValue == 1L);
        }
      }
      case "integer", "short", "long" -> {
        p.put("valueType", capitalize(serializer));
        if (longValue == null) {
          p.putNull("value");
        } else {
          p.put("value", longValue);
        }
      }
      case "double" -> {
        p.put("valueType", "Double");
        if (doubleValue == null) {
          p.putNull("value");
        } else {
          p.put("value", doubleValue);
        }
      }
      case "date" -> {
        p.put("valueType", "Date");
        if (longValue == null) {
          p.putNull("value");
        } else {
          p.put("value", iso(new Date(longValue)));
        }
      }
      case "json" -> {
        p.put("valueType", "Json");
        jsonValue(p, bytes);
      }
      case "xml" -> {
        p.put("valueType", "Xml");
        if (bytes == null) {
          p.putNull("value");
        } else {
          p.put("value", new String(bytes, charset()));
        }
      }
      default -> {
        if (serializer.startsWith("spin://application/json")) {
          p.put("valueType", "Object");
          put(p, "objectTypeName", text2);
          jsonValue(p, bytes);
        } else {
          p.put("valueType", switch (serializer) {
            case "serializable" -> "Object";
            case "bytes" -> "Bytes";
            case "file" -> "File";
            default -> serializer;
          });
          if ("serializable".equals(serializer) || serializer.startsWith("spin://")) {
            put(p, "objectTypeName", text2);
          }
          p.put("valueOmitted", true);
        }
      }
    }
  }

  private static void jsonValue(ObjectNode p, byte[] bytes) {
    if (bytes == null) {
      p.putNull("value");
      return;
    }
    String text = new String(bytes, charset());
    try {
      p.set("value", MAPPER.readTree(text));
    } catch (JsonProcessingException ex) {
      p.put("value", text);
      p.put("valueNotParsed", true);
    }
  }

  private static void incident(ObjectNode p, HistoricIncidentEventEntity e) {
    put(p, "incidentType", e.getIncidentType());
    put(p, "incidentMessage", e.getIncidentMessage());
    put(p, "activityId", e.getActivityId());
    put(p, "failedActivityId", e.getFailedActivityId());
    put(p, "configuration", e.getConfiguration());
    put(p, "historyConfiguration", e.getHistoryConfiguration());
    put(p, "causeIncidentId", e.getCauseIncidentId());
    put(p, "rootCauseIncidentId", e.getRootCauseIncidentId());
    put(p, "jobDefinitionId", e.getJobDefinitionId());
    put(p, "createTime", e.getCreateTime());
    put(p, "endTime", e.getEndTime());
    put(p, "incidentState", e.isOpen() ? "open" : e.isResolved() ? "resolved" : e.isDeleted() ? "deleted" : null);
    put(p, "annotation", e.getAnnotation());
    put(p, "tenantId", e.getTenantId());
  }

  private static void identityLink(ObjectNode p, HistoricIdentityLinkLogEventEntity e) {
    // the engine leaves processInstanceId empty on identity-link logs; take it from the task
    // when the task is in this command's entity cache (it always is when the engine creates
    // the link: task creation, claim, REST add/delete). No extra query.
    if (e.getProcessInstanceId() == null && e.getTaskId() != null) {
      CommandContext commandContext = Context.getCommandContext();
      TaskEntity task = commandContext == null ? null
          : commandContext.getDbEntityManager().getCachedEntity(TaskEntity.class, e.getTaskId());
      if (task != null) {
        put(p, "processInstanceId", task.getProcessInstanceId());
        put(p, "executionId", task.getExecutionId());
      }
    }
    put(p, "time", e.getTime());
    put(p, "type", e.getType());
    put(p, "userId", e.getUserId());
    put(p, "groupId", e.getGroupId());
    put(p, "taskId", e.getTaskId());
    put(p, "operationType", e.getOperationType());
    put(p, "assignerId", e.getAssignerId());
    put(p, "tenantId", e.getTenantId());
  }

  private static void job(ObjectNode p, HistoricJobLogEvent e) {
    put(p, "timestamp", e.getTimestamp());
    put(p, "jobId", e.getJobId());
    put(p, "jobDueDate", e.getJobDueDate());
    p.put("jobRetries", e.getJobRetries());
    p.put("jobPriority", e.getJobPriority());
    put(p, "jobExceptionMessage", e.getJobExceptionMessage());
    put(p, "jobDefinitionId", e.getJobDefinitionId());
    put(p, "jobDefinitionType", e.getJobDefinitionType());
    put(p, "jobDefinitionConfiguration", e.getJobDefinitionConfiguration());
    put(p, "activityId", e.getActivityId());
    put(p, "failedActivityId", e.getFailedActivityId());
    put(p, "deploymentId", e.getDeploymentId());
    // 0 created, 1 failed, 2 successful, 3 deleted
    p.put("state", e.getState());
    put(p, "hostname", e.getHostname());
    put(p, "batchId", e.getBatchId());
    put(p, "tenantId", e.getTenantId());
  }

  private static void externalTask(ObjectNode p, HistoricExternalTaskLogEntity e) {
    put(p, "timestamp", e.getTimestamp());
    put(p, "externalTaskId", e.getExternalTaskId());
    put(p, "topicName", e.getTopicName());
    put(p, "workerId", e.getWorkerId());
    if (e.getRetries() != null) {
      p.put("retries", e.getRetries());
    }
    p.put("priority", e.getPriority());
    put(p, "errorMessage", e.getErrorMessage());
    put(p, "activityId", e.getActivityId());
    put(p, "activityInstanceId", e.getActivityInstanceId());
    // 0 created, 1 failed, 2 successful, 3 deleted
    p.put("state", e.getState());
    put(p, "tenantId", e.getTenantId());
  }

  private static void decision(ObjectNode p, HistoricDecisionEvaluationEvent e) {
    HistoricDecisionInstanceEntity root = e.getRootHistoricDecisionInstance();
    if (root != null) {
      decisionInstance(p, root);
      ArrayNode required = p.putArray("requiredDecisions");
      if (e.getRequiredHistoricDecisionInstances() != null) {
        for (HistoricDecisionInstanceEntity d : e.getRequiredHistoricDecisionInstances()) {
          decisionInstance(required.addObject(), d);
        }
      }
    }
  }

  private static void decisionInstance(ObjectNode p, HistoricDecisionInstanceEntity d) {
    put(p, "processInstanceId", d.getProcessInstanceId());
    put(p, "rootProcessInstanceId", d.getRootProcessInstanceId());
    put(p, "executionId", d.getExecutionId());
    put(p, "processDefinitionId", d.getProcessDefinitionId());
    put(p, "processDefinitionKey", d.getProcessDefinitionKey());
    put(p, "decisionInstanceId", d.getId());
    put(p, "decisionDefinitionId", d.getDecisionDefinitionId());
    put(p, "decisionDefinitionKey", d.getDecisionDefinitionKey());
    put(p, "decisionDefinitionName", d.getDecisionDefinitionName());
    put(p, "decisionRequirementsDefinitionKey", d.getDecisionRequirementsDefinitionKey());
    put(p, "activityId", d.getActivityId());
    put(p, "activityInstanceId", d.getActivityInstanceId());
    put(p, "evaluationTime", d.getEvaluationTime());
    put(p, "rootDecisionInstanceId", d.getRootDecisionInstanceId());
    if (d.getCollectResultValue() != null) {
      p.put("collectResultValue", d.getCollectResultValue());
    }
    List<HistoricDecisionOutputInstance> outputs = d.getOutputs();
    if (outputs != null) {
      ArrayNode out = p.putArray("outputs");
      for (HistoricDecisionOutputInstance o : outputs) {
        ObjectNode n = out.addObject();
        put(n, "ruleId", o.getRuleId());
        if (o.getRuleOrder() != null) {
          n.put("ruleOrder", o.getRuleOrder());
        }
        put(n, "clauseId", o.getClauseId());
        put(n, "clauseName", o.getClauseName());
        put(n, "variableName", o.getVariableName());
        if (o instanceof HistoricDecisionOutputInstanceEntity oe) {
          value(n, oe.getTypeName(), oe.getLongValue(), oe.getDoubleValue(), oe.getTextValue(), oe.getTextValue2(),
              null);
        }
      }
    }
  }

  private static void userOperation(ObjectNode p, UserOperationLogEntryEventEntity e) {
    put(p, "operationId", e.getOperationId());
    put(p, "operationType", e.getOperationType());
    put(p, "entityType", e.getEntityType());
    put(p, "category", e.getCategory());
    put(p, "property", e.getProperty());
    put(p, "orgValue", e.getOrgValue());
    put(p, "newValue", e.getNewValue());
    put(p, "userId", e.getUserId());
    put(p, "timestamp", e.getTimestamp());
    put(p, "taskId", e.getTaskId());
    put(p, "jobId", e.getJobId());
    put(p, "externalTaskId", e.getExternalTaskId());
    put(p, "deploymentId", e.getDeploymentId());
    put(p, "batchId", e.getBatchId());
    put(p, "annotation", e.getAnnotation());
  }

  // ------------------------------------------------------------------------------------------

  static void put(ObjectNode p, String field, String value) {
    if (value != null) {
      p.put(field, value);
    }
  }

  static void put(ObjectNode p, String field, Date value) {
    if (value != null) {
      p.put(field, iso(value));
    }
  }

  static String iso(Date date) {
    return date.toInstant().toString();
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static Charset charset() {
    var config = Context.getProcessEngineConfiguration();
    Charset cs = config == null ? null : config.getDefaultCharset();
    return cs == null ? StandardCharsets.UTF_8 : cs;
  }

  private static String write(JsonNode node) {
    try {
      return withoutNul(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialise engine event", ex);
    }
  }

  /**
   * PostgreSQL's jsonb rejects the JSON escape of NUL (backslash, "u0000"); a NUL inside a
   * variable would make the engine's transaction fail. Replace it by U+FFFD (only real
   * escapes, not an escaped backslash followed by "u0000").
   */
  static String withoutNul(String json) {
    if (!json.contains("\\u0000")) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length());
    int i = 0;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '\\' && i + 1 < json.length()) {
        if (json.startsWith("u0000", i + 1)) {
          out.append("\\ufffd");
        } else {
          out.append(c).append(json.charAt(i + 1));
        }
        i += json.startsWith("u0000", i + 1) ? 6 : 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
