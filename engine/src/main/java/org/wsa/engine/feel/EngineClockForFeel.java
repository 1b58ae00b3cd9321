package org.wsa.engine.feel;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.camunda.feel.FeelEngineClock;
import org.operaton.bpm.engine.impl.util.ClockUtil;

/**
 * FEEL's {@code now()} and {@code today()} in the models' FEEL scripts (input/output mappings,
 * conditions) read the engine clock, not the system clock: a due date computed as
 * {@code now() + duration("P3M")} then agrees with the timers, and tests that move the engine
 * clock ({@link ClockUtil}) move FEEL's "now" with it. In UTC, so date-times written to
 * variables end in {@code Z}.
 *
 * <p>Registered for the FEEL script engine (JSR-223 {@code feel}) through
 * {@code META-INF/services/org.camunda.feel.FeelEngineClock}. The DMN engine builds its own
 * FEEL engine and does not use it (no decision table of ours reads the clock).
 */
public class EngineClockForFeel implements FeelEngineClock {

  @Override
  public ZonedDateTime getCurrentTime() {
    return ClockUtil.getCurrentTime().toInstant().atZone(ZoneOffset.UTC);
  }
}
