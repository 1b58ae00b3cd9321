package de.wsa.engine.decisions;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.operaton.bpm.dmn.engine.DmnDecision;
import org.operaton.bpm.dmn.engine.DmnDecisionResult;
import org.operaton.bpm.dmn.engine.DmnEngine;
import org.operaton.bpm.dmn.engine.DmnEngineConfiguration;
import org.operaton.bpm.dmn.engine.delegate.DmnDecisionEvaluationEvent;
import org.operaton.bpm.dmn.engine.delegate.DmnDecisionEvaluationListener;
import org.operaton.bpm.dmn.engine.delegate.DmnDecisionLogicEvaluationEvent;
import org.operaton.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.operaton.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.operaton.bpm.dmn.engine.delegate.DmnEvaluatedInput;
import org.operaton.bpm.dmn.engine.delegate.DmnEvaluatedOutput;
import org.operaton.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.operaton.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.operaton.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.variable.value.TypedValue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Evaluates a decision of a DMN document that is NOT deployed (the modeler's "try it"), with
 * the engine's own DMN evaluator and FEEL engine. Nothing is stored, no history is written.
 *
 * <pre>
 * POST /engine-wsa/decisions/evaluate
 *   {"xml": "&lt;definitions…&gt;", "decisionKey": "legal-route" (optional: the first decision),
 *    "variables": {"salary": 50000, …}}
 * -> 200 {"decisionKey", "decisionName", "result": [{output: value}], "decisions": [{
 *          "decisionKey", "decisionName", "inputs": [{id, name, value}],
 *          "matchedRules": [{ruleId, ruleIndex (1-based), outputs: {name: value}}]}]}
 * -> 400 {"type": "field:&lt;field&gt;", "field": "xml" | "decisionKey" | "variables", "message"}
 * </pre>
 *
 * The DMN engine is built once with the process engine's FEEL engine factory and its default
 * expression languages, plus a listener that records which rules matched (per thread).
 */
@RestController
@RequestMapping(DecisionTryOutConfig.PREFIX + "/decisions")
public class DecisionTryOutController {

  private static final ThreadLocal<DmnDecisionEvaluationEvent> LAST_EVENT = new ThreadLocal<>();

  private final ProcessEngineConfigurationImpl processEngineConfiguration;
  private volatile DmnEngine dmnEngine;

  public DecisionTryOutController(ProcessEngineConfigurationImpl processEngineConfiguration) {
    this.processEngineConfiguration = processEngineConfiguration;
  }

  private DmnEngine dmnEngine() {
    DmnEngine engine = dmnEngine;
    if (engine != null) return engine;
    synchronized (this) {
      if (dmnEngine != null) return dmnEngine;
      DefaultDmnEngineConfiguration config =
          (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
      DefaultDmnEngineConfiguration engineConfig = processEngineConfiguration.getDmnEngineConfiguration();
      if (engineConfig != null) {
        if (engineConfig.getFeelEngineFactory() != null) config.setFeelEngineFactory(engineConfig.getFeelEngineFactory());
        config.setDefaultInputExpressionExpressionLanguage(engineConfig.getDefaultInputExpressionExpressionLanguage());
        config.setDefaultInputEntryExpressionLanguage(engineConfig.getDefaultInputEntryExpressionLanguage());
        config.setDefaultOutputEntryExpressionLanguage(engineConfig.getDefaultOutputEntryExpressionLanguage());
        config.setDefaultLiteralExpressionLanguage(engineConfig.getDefaultLiteralExpressionLanguage());
        config.setEnableFeelLegacyBehavior(engineConfig.isEnableFeelLegacyBehavior());
        config.setReturnBlankTableOutputAsNull(engineConfig.isReturnBlankTableOutputAsNull());
      }
      DmnDecisionEvaluationListener recorder = LAST_EVENT::set;
      config.setCustomPostDecisionEvaluationListeners(List.of(recorder));
      dmnEngine = config.buildEngine();
      return dmnEngine;
    }
  }

  @PostMapping("/evaluate")
  public ResponseEntity<Map<String, Object>> evaluate(@RequestBody(required = false) Map<String, Object> body) {
    if (body == null || !(body.get("xml") instanceof String xml) || xml.isBlank()) {
      return bad("xml", "the DMN document is required (a string)");
    }
    Object key = body.get("decisionKey");
    if (key != null && !(key instanceof String)) return bad("decisionKey", "must be a string");
    Object vars = body.getOrDefault("variables", Map.of());
    if (!(vars instanceof Map<?, ?> rawVariables)) return bad("variables", "must be an object of name: value");
    Map<String, Object> variables = new LinkedHashMap<>();
    rawVariables.forEach((k, v) -> variables.put(String.valueOf(k), v));

    DmnEngine engine = dmnEngine();
    List<DmnDecision> decisions;
    try {
      decisions = engine.parseDecisions(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      return bad("xml", "not a DMN document the engine can read: " + message(e));
    }
    if (decisions.isEmpty()) return bad("xml", "the DMN document has no decision");
    DmnDecision decision = key == null ? decisions.get(0)
        : decisions.stream().filter(d -> key.equals(d.getKey())).findFirst().orElse(null);
    if (decision == null) {
      return bad("decisionKey", "no decision '" + key + "' in the document (it has "
          + decisions.stream().map(DmnDecision::getKey).toList() + ")");
    }

    DmnDecisionResult result;
    DmnDecisionEvaluationEvent event;
    try {
      LAST_EVENT.remove();
      result = engine.evaluateDecision(decision, variables);
      event = LAST_EVENT.get();
    } catch (RuntimeException e) {
      return bad("variables", "the engine could not evaluate the decision with these inputs: " + message(e));
    } finally {
      LAST_EVENT.remove();
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("decisionKey", decision.getKey());
    out.put("decisionName", decision.getName());
    List<Map<String, Object>> rows = new ArrayList<>();
    result.forEach(entry -> {
      Map<String, Object> row = new LinkedHashMap<>();
      entry.getEntryMapTyped().forEach((name, value) -> row.put(name, plain(value)));
      rows.add(row);
    });
    out.put("result", rows);
    List<Map<String, Object>> evaluated = new ArrayList<>();
    if (event != null) {
      for (DmnDecisionLogicEvaluationEvent logic : event.getRequiredDecisionResults()) evaluated.add(describe(logic));
      evaluated.add(describe(event.getDecisionResult()));
    }
    out.put("decisions", evaluated);
    return ResponseEntity.ok(out);
  }

  private static Map<String, Object> describe(DmnDecisionLogicEvaluationEvent logic) {
    Map<String, Object> d = new LinkedHashMap<>();
    DmnDecision decision = logic.getDecision();
    d.put("decisionKey", decision.getKey());
    d.put("decisionName", decision.getName());
    List<Map<String, Object>> inputs = new ArrayList<>();
    List<Map<String, Object>> matched = new ArrayList<>();
    if (logic instanceof DmnDecisionTableEvaluationEvent table) {
      for (DmnEvaluatedInput input : table.getInputs()) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", input.getId());
        i.put("name", input.getName());
        i.put("value", plain(input.getValue()));
        inputs.add(i);
      }
      List<String> ruleIds = new ArrayList<>();
      if (decision.getDecisionLogic() instanceof DmnDecisionTableImpl impl) {
        for (DmnDecisionTableRuleImpl rule : impl.getRules()) ruleIds.add(rule.getId());
      }
      for (DmnEvaluatedDecisionRule rule : table.getMatchingRules()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", rule.getId());
        r.put("ruleIndex", ruleIds.indexOf(rule.getId()) + 1);
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (DmnEvaluatedOutput output : rule.getOutputEntries().values()) {
          outputs.put(output.getOutputName() != null ? output.getOutputName() : output.getId(), plain(output.getValue()));
        }
        r.put("outputs", outputs);
        matched.add(r);
      }
    }
    d.put("inputs", inputs);
    d.put("matchedRules", matched);
    return d;
  }

  private static Object plain(TypedValue value) {
    if (value == null) return null;
    Object v = value.getValue();
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean
        || v instanceof Map || v instanceof List) return v;
    return v.toString();
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = e.getMessage() != null ? e.getMessage() : t.toString();
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
  }

  private static ResponseEntity<Map<String, Object>> bad(String field, String message) {
    // "type" as in the REST API's errors ({type, message}); it names the field too.
    return ResponseEntity.badRequest().body(Map.of("type", "field:" + field, "field", field, "message", message));
  }
}
