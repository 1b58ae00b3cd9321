package org.wsa.engine.feel;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import camundajar.impl.scala.jdk.javaapi.CollectionConverters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValBoolean;
import org.camunda.feel.syntaxtree.ValContext;
import org.camunda.feel.syntaxtree.ValDate;
import org.camunda.feel.syntaxtree.ValDateTime;
import org.camunda.feel.syntaxtree.ValDayTimeDuration;
import org.camunda.feel.syntaxtree.ValList;
import org.camunda.feel.syntaxtree.ValLocalDateTime;
import org.camunda.feel.syntaxtree.ValLocalTime;
import org.camunda.feel.syntaxtree.ValNull$;
import org.camunda.feel.syntaxtree.ValNumber;
import org.camunda.feel.syntaxtree.ValString;
import org.camunda.feel.syntaxtree.ValTime;
import org.camunda.feel.syntaxtree.ValYearMonthDuration;
import org.camunda.feel.valuemapper.JavaCustomValueMapper;
import org.operaton.spin.Spin;
import org.operaton.spin.json.SpinJsonNode;

/**
 * What a FEEL script in a model (an input/output mapping) gives back becomes a value that
 * workers, the REST API and the read model can use, instead of a Java-serialized Scala object:
 *
 * <ul>
 *   <li>contexts and lists become Spin JSON (stored as a {@code Json} variable), nested values
 *       converted the same way;
 *   <li>numbers become {@code Long} when whole, else {@code Double};
 *   <li>dates, times and durations become ISO 8601 strings, formatted as FEEL's
 *       {@code string()} does.
 * </ul>
 *
 * Strings, booleans and null stay as they are. Registered for the FEEL script engine through
 * {@code META-INF/services/org.camunda.feel.valuemapper.CustomValueMapper}; it runs before
 * feel-scala's default mapper. It only changes what FEEL returns, not how variables are read
 * (Spin's own mapper still turns Json variables into FEEL contexts), and the DMN engine,
 * which builds its own FEEL engine, does not use it.
 */
public class FeelResultsAsJson extends JavaCustomValueMapper {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public Optional<Val> toValue(Object x, Function<Object, Val> innerValueMapper) {
    return Optional.empty();
  }

  @Override
  public Optional<Object> unpackValue(Val value, Function<Val, Object> innerValueMapper) {
    if (value instanceof ValContext || value instanceof ValList) {
      SpinJsonNode json = Spin.JSON(toJson(value).toString());
      return Optional.of(json);
    }
    if (value instanceof ValNumber number) {
      return Optional.of(number(number.value().bigDecimal()));
    }
    String text = temporal(value);
    return text == null ? Optional.empty() : Optional.of(text);
  }

  @Override
  public int priority() {
    // before Spin's mapper (30), which maps only into FEEL, and feel-scala's default (0)
    return 100;
  }

  static JsonNode toJson(Object value) {
    if (value == null || value == ValNull$.MODULE$) {
      return NODES.nullNode();
    }
    if (value instanceof ValString s) {
      return NODES.textNode(s.value());
    }
    if (value instanceof ValBoolean b) {
      return NODES.booleanNode(b.value());
    }
    if (value instanceof ValNumber n) {
      Object number = number(n.value().bigDecimal());
      return number instanceof Long l ? NODES.numberNode(l) : NODES.numberNode((Double) number);
    }
    if (value instanceof ValList list) {
      ArrayNode array = NODES.arrayNode();
      for (Val item : CollectionConverters.asJava(list.items())) {
        array.add(toJson(item));
      }
      return array;
    }
    if (value instanceof ValContext context) {
      ObjectNode object = NODES.objectNode();
      Map<String, Object> entries =
          CollectionConverters.asJava(context.context().variableProvider().getVariables());
      entries.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> object.set(e.getKey(), toJson(e.getValue())));
      return object;
    }
    if (value instanceof Val val) {
      String text = temporal(val);
      // functions, ranges and errors have no JSON form
      return text == null ? NODES.nullNode() : NODES.textNode(text);
    }
    if (value instanceof SpinJsonNode spin) {
      return (JsonNode) spin.unwrap();
    }
    // a plain Java value inside a context (e.g. from a custom context)
    return MAPPER.valueToTree(value);
  }

  static Object number(BigDecimal value) {
    if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
      try {
        return value.longValueExact();
      } catch (ArithmeticException tooLarge) {
        return value.doubleValue();
      }
    }
    return value.doubleValue();
  }

  static String temporal(Val value) {
    if (value instanceof ValDateTime v) {
      return ValDateTime.format(v.value());
    }
    if (value instanceof ValLocalDateTime v) {
      return v.value().toString();
    }
    if (value instanceof ValDate v) {
      return v.value().toString();
    }
    if (value instanceof ValTime v) {
      return v.value().format();
    }
    if (value instanceof ValLocalTime v) {
      return v.value().toString();
    }
    if (value instanceof ValDayTimeDuration v) {
      return ValDayTimeDuration.format(v.value());
    }
    if (value instanceof ValYearMonthDuration v) {
      return ValYearMonthDuration.format(v.value());
    }
    return null;
  }
}
