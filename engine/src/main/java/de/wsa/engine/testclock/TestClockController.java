package de.wsa.engine.testclock;

import java.util.Map;

import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * TEST ONLY: moves the engine clock ({@link ClockUtil}, JVM-wide) so that tests can make
 * timers due. Exists only when ENGINE_TEST_CLOCK=true.
 *
 * <pre>
 * GET  /engine-test/clock         -> {"epochMilli": n, "offsetMilli": n}
 * POST /engine-test/clock/add     {"offsetMilli": n} -> moves the clock n ms further (cumulative)
 * POST /engine-test/clock/reset   -> back to the system clock
 * </pre>
 *
 * After every change the job executor is woken, so timers that became due fire at once.
 */
@RestController
@RequestMapping(TestClockConfig.PREFIX + "/clock")
@ConditionalOnProperty(prefix = "wsa.test-clock", name = "enabled", havingValue = "true")
public class TestClockController {

  private static final Logger LOG = LoggerFactory.getLogger(TestClockController.class);

  private final ProcessEngineConfigurationImpl configuration;
  private long offset;

  public TestClockController(ProcessEngineConfigurationImpl configuration,
      @Value("${wsa.test-clock.initial-offset-ms:0}") long initialOffset) {
    this.configuration = configuration;
    // A restarted test engine goes on where its clock was (tests move it by months): set
    // before the REST API takes its first request, so nothing is created on the wall clock.
    if (initialOffset != 0) {
      offset = initialOffset;
      ClockUtil.offset(offset);
    }
    LOG.warn("TEST CLOCK ENABLED: {}/clock can move the engine clock. Never enable this in production.",
        TestClockConfig.PREFIX);
  }

  @GetMapping
  public synchronized Map<String, Object> get() {
    return state();
  }

  @PostMapping("/add")
  public synchronized ResponseEntity<Map<String, Object>> add(@RequestBody(required = false) Map<String, Object> body) {
    Object value = body == null ? null : body.get("offsetMilli");
    if (!(value instanceof Integer || value instanceof Long)) {
      return ResponseEntity.badRequest().body(Map.of("message", "body {\"offsetMilli\": <integer>} required"));
    }
    offset += ((Number) value).longValue();
    ClockUtil.offset(offset);
    LOG.info("Test clock moved by {} ms (offset now {} ms)", value, offset);
    wakeJobExecutor();
    return ResponseEntity.ok(state());
  }

  @PostMapping("/reset")
  public synchronized Map<String, Object> reset() {
    offset = 0;
    ClockUtil.reset();
    LOG.info("Test clock reset to the system clock");
    wakeJobExecutor();
    return state();
  }

  private Map<String, Object> state() {
    return Map.of("epochMilli", ClockUtil.getCurrentTime().getTime(), "offsetMilli", offset);
  }

  private void wakeJobExecutor() {
    JobExecutor jobExecutor = configuration.getJobExecutor();
    if (jobExecutor != null) {
      jobExecutor.jobWasAdded();
    }
  }
}
