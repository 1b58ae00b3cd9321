package de.wsa.engine.scripting;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.spring.SpringBeansResolverFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Scripts in the models (FEEL in input/output mappings) see process variables, not the
 * Spring beans of this host. The Spring engine configuration adds every bean of the
 * application context to the script bindings, and the FEEL script engine walks all bindings
 * on every evaluation: Spring then creates every prototype-scoped bean (Spring Boot's
 * RestClient.Builder with its message converters and ObjectMappers) once per script. In the
 * full chain that was about 8 % of the engine's CPU (JFR profile, bench/RESULTS.md). No model
 * uses a bean in a script; expressions (`${…}`) still resolve beans through the expression
 * manager, which looks them up by name.
 */
@Component
public class NoSpringBeansInScriptsPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(NoSpringBeansInScriptsPlugin.class);

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    // The script bindings factory holds this same list, so removing from it takes effect.
    boolean removed = configuration.getResolverFactories()
        .removeIf(SpringBeansResolverFactory.class::isInstance);
    LOG.info("Spring beans in script bindings: {}", removed ? "removed" : "none were there");
  }
}
