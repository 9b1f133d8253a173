package io.homeward.gateway.accounts;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.config.ImportConfig;
import io.homeward.gateway.config.InputConfig;
import io.homeward.gateway.config.PolicyConfig;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The effective configuration as an administrator reads it: a curated list of the values that shape
 * what users meet (limits, bands, periods, timeouts). The list is written out key by key on
 * purpose: nothing is read by reflection or by prefix, so no secret, key material, file path or
 * database address can ever appear in it. Reading it is decided by policy and audited.
 */
@ApplicationScoped
public class EffectiveConfiguration {
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;
  private final AccountsConfig accounts;
  private final GatewayConfig gateway;
  private final PolicyConfig policy;
  private final InputConfig input;
  private final ImportConfig imports;

  public EffectiveConfiguration(
      Guard guard,
      AuditLog audit,
      Clock clock,
      AccountsConfig accounts,
      GatewayConfig gateway,
      PolicyConfig policy,
      InputConfig input,
      ImportConfig imports) {
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
    this.accounts = accounts;
    this.gateway = gateway;
    this.policy = policy;
    this.input = input;
    this.imports = imports;
  }

  /** The group a setting belongs to, for the page's sections. */
  public enum Group {
    LIMITS,
    SEARCH,
    SESSIONS,
    RETENTION,
    INPUT
  }

  /**
   * One setting: its property name (as {@code application.properties} spells it), its group, its
   * effective value as text (durations in ISO-8601, e.g. {@code PT30M}) and the rule it serves.
   */
  public record Setting(String key, Group group, String value, String rule) {}

  /** The settings, in a fixed order. */
  public List<Setting> read(Actor actor, Purpose purpose) {
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose).detail("read effective configuration");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.READ_CONFIGURATION).purpose(purpose).build(), draft);
    List<Setting> settings = settings();
    audit.append(draft.build(clock.instant(), decision, true));
    return settings;
  }

  private List<Setting> settings() {
    var search = gateway.search();
    var retention = gateway.retention();
    return List.of(
        number("homeward.gateway.policy.searches-per-day", Group.LIMITS, policy.searchesPerDay()),
        number("homeward.gateway.policy.probes-per-case", Group.LIMITS, policy.probesPerCase()),
        number("homeward.gateway.policy.probes-per-day", Group.LIMITS, policy.probesPerDay()),
        number("homeward.gateway.policy.cases-per-day", Group.LIMITS, policy.casesPerDay()),
        number(
            "homeward.gateway.policy.enrolments-per-day", Group.LIMITS, policy.enrolmentsPerDay()),
        number(
            "homeward.gateway.policy.image-views-per-day", Group.LIMITS, policy.imageViewsPerDay()),
        number("homeward.gateway.search.max-candidates", Group.SEARCH, search.maxCandidates()),
        new Setting(
            "homeward.gateway.search.minimum-band",
            Group.SEARCH,
            search.minimumBand().name(),
            "rule 10"),
        number(
            "homeward.gateway.search.protected-hits-before-flag",
            Group.SEARCH,
            search.protectedHitsBeforeFlag()),
        number(
            "homeward.gateway.accounts.max-failed-sign-ins",
            Group.SESSIONS,
            accounts.maxFailedSignIns()),
        duration("homeward.gateway.accounts.idle-timeout", Group.SESSIONS, accounts.idleTimeout()),
        duration(
            "homeward.gateway.accounts.absolute-lifetime",
            Group.SESSIONS,
            accounts.absoluteLifetime()),
        duration(
            "homeward.gateway.accounts.setup-token-lifetime",
            Group.SESSIONS,
            accounts.setupTokenLifetime()),
        new Setting(
            "homeward.gateway.accounts.default-locale",
            Group.SESSIONS,
            accounts.defaultLocale(),
            "issue 13"),
        duration("homeward.gateway.retention.probe", Group.RETENTION, retention.probe()),
        duration(
            "homeward.gateway.retention.vital-emergency",
            Group.RETENTION,
            retention.vitalEmergency()),
        duration(
            "homeward.gateway.retention.minimal-record",
            Group.RETENTION,
            retention.minimalRecord()),
        duration(
            "homeward.gateway.retention.reconfirmation",
            Group.RETENTION,
            retention.reconfirmation()),
        duration(
            "homeward.gateway.retention.reconfirmation-notice",
            Group.RETENTION,
            retention.reconfirmationNotice()),
        duration(
            "homeward.gateway.retention.poster-maximum",
            Group.RETENTION,
            retention.posterMaximum()),
        duration(
            "homeward.gateway.retention.search-result", Group.RETENTION, retention.searchResult()),
        duration(
            "homeward.gateway.retention.audit-records", Group.RETENTION, retention.auditRecords()),
        number("homeward.gateway.imports.records-per-day", Group.LIMITS, imports.recordsPerDay()),
        number(
            "homeward.gateway.input.justification-min-length",
            Group.INPUT,
            input.justificationMinLength()),
        number("homeward.gateway.input.json-body-max-bytes", Group.INPUT, input.jsonBodyMaxBytes()),
        number(
            "homeward.gateway.input.image-body-max-bytes", Group.INPUT, input.imageBodyMaxBytes()));
  }

  private static Setting number(String key, Group group, long value) {
    return new Setting(key, group, Long.toString(value), rule(group));
  }

  private static Setting duration(String key, Group group, Duration value) {
    return new Setting(key, group, value.toString(), rule(group));
  }

  /**
   * The PRIVACY.md rule (or issue) each group serves, so the reader knows why the value matters.
   */
  private static String rule(Group group) {
    return switch (group) {
      case LIMITS -> "rule 16, issue 14";
      case SEARCH -> "rules 10, 14";
      case SESSIONS -> "issue 13";
      case RETENTION -> "rules 2, 7, 18-22";
      case INPUT -> "input limits";
    };
  }
}
