package io.homeward.gateway.rest;

import io.homeward.gateway.accounts.EffectiveConfiguration;
import io.homeward.gateway.auth.RequestContext;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The effective configuration, read-only, for administrators (purpose {@code ADMINISTRATION}). */
@Path("/api/v1/admin/configuration")
@Authenticated
@Tag(name = "administration")
@Produces(MediaType.APPLICATION_JSON)
public class AdminConfigurationResource {
  private final RequestContext request;
  private final EffectiveConfiguration configuration;

  public AdminConfigurationResource(RequestContext request, EffectiveConfiguration configuration) {
    this.request = request;
    this.configuration = configuration;
  }

  /** One setting: its property name, group, effective value and the rule it serves. */
  public record SettingView(
      String key,
      @Schema(implementation = EffectiveConfiguration.Group.class) String group,
      String value,
      String rule) {}

  /** The settings, in a fixed order. */
  public record ConfigurationView(List<SettingView> settings) {}

  @GET
  @Operation(
      summary = "The effective configuration (limits, bands, periods), read-only",
      description =
          "A curated list: never secrets, key material, file paths or database addresses."
              + " Durations are ISO-8601 (PT30M). The read is audited.")
  public Response read() {
    List<SettingView> settings =
        configuration.read(request.actor(), request.purpose()).stream()
            .map(s -> new SettingView(s.key(), s.group().name(), s.value(), s.rule()))
            .toList();
    return Response.ok(new ConfigurationView(settings)).header("Cache-Control", "no-store").build();
  }
}
