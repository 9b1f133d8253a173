package io.homeward.gateway.rest;

import io.homeward.gateway.auth.RequestContext;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Adds the two headers every API request may carry ({@code Homeward-Purpose}, required, and {@code
 * Homeward-Role}) to every operation of the document, with their accepted values read from the
 * enums: the resources read them through {@link RequestContext}, so no method declares them.
 */
public class OpenApiHeaders implements OASFilter {
  private static final String API = "/api/";

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    Components components = openApi.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      openApi.setComponents(components);
    }
    components.addSchema(Purpose.class.getSimpleName(), enumSchema(Purpose.class));
    components.addSchema(Role.class.getSimpleName(), enumSchema(Role.class));
    if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
      return;
    }
    openApi
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (path.startsWith(API)) {
                item.getOperations().values().forEach(OpenApiHeaders::addHeaders);
              }
            });
  }

  private static void addHeaders(Operation operation) {
    operation.addParameter(
        header(
            RequestContext.PURPOSE_HEADER,
            Purpose.class,
            true,
            "The one purpose of this request (PRIVACY.md rule 1)"));
    operation.addParameter(
        header(
            RequestContext.ROLE_HEADER,
            Role.class,
            false,
            "The role this request acts in; needed when the token grants several"));
  }

  private static Parameter header(
      String name, Class<? extends Enum<?>> type, boolean required, String description) {
    return OASFactory.createParameter()
        .name(name)
        .in(Parameter.In.HEADER)
        .required(required)
        .description(description)
        .schema(OASFactory.createSchema().ref(type.getSimpleName()));
  }

  private static Schema enumSchema(Class<? extends Enum<?>> type) {
    List<Object> values =
        Arrays.stream(type.getEnumConstants()).map(e -> (Object) e.name()).toList();
    return OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(values);
  }
}
